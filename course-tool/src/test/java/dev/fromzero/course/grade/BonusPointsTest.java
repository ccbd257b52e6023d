package dev.fromzero.course.grade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.course.report.SuiteReport;
import dev.fromzero.course.runner.TestResult;
import dev.fromzero.course.runner.TestResult.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Bonus steps ({@code @Step(bonus = true)}) in every format of the grade: their points are extra
 * credit, apart from the required ones, so a full score is every required test.
 */
class BonusPointsTest {

    private static TestResult result(String method, int step, boolean bonus, int points, Status status) {
        return new TestResult("dev.fromzero.sql.T" + step, method, method + "()", step, bonus ? "Corpus" : "Queries",
                "docs/chapter05-sql.md#step-" + step, points, status, status == Status.PASSED ? "" : "wrong", "", "",
                "[engine:junit-jupiter]/[class:T" + step + "]/[method:" + method + "()]", "", 5, bonus);
    }

    private static Grade grade() {
        SuiteReport report = SuiteReport.of(List.of(
                result("a", 6, false, 2, Status.PASSED),
                result("b", 6, false, 1, Status.FAILED),
                result("select1", 18, true, 2, Status.PASSED),
                result("select2", 18, true, 2, Status.FAILED)));
        return new Grade(Path.of("sub"), 42, Duration.ofSeconds(3),
                List.of(new Grade.Chapter(5, "chapter05-sql", null, List.of(), report, Map.of())));
    }

    @Test
    @DisplayName("required points make the score and its maximum; bonus points are counted apart, and the summary says both")
    void totals() {
        Grade grade = grade();
        assertThat(grade.earned()).isEqualTo(2);
        assertThat(grade.possible()).as("the bonus step adds nothing to the maximum").isEqualTo(3);
        assertThat(grade.bonusEarned()).isEqualTo(2);
        assertThat(grade.bonusPossible()).isEqualTo(4);
        assertThat(grade.summary()).startsWith("grade: 2/3 points (66.7%) + 2/4 bonus points, seed 42");
        assertThat(grade.chapters().get(0).report().steps()).extracting(SuiteReport.StepResult::title)
                .containsExactly("Queries", "Corpus (bonus)");
    }

    @Test
    @DisplayName("Gradescope: bonus tests have a max_score of 0 and a bonus tag, and the score adds their points to the required ones")
    @SuppressWarnings("unchecked")
    void gradescope() {
        Map<String, Object> json = (Map<String, Object>) JsonReader.parse(GradescopeReport.of(grade()));
        assertThat(json.get("score")).as("2 required + 2 bonus: Gradescope shows a score above the maximum as extra credit")
                .isEqualTo(4.0);
        assertThat(json.get("max_score")).isEqualTo(3.0);
        List<Map<String, Object>> tests = (List<Map<String, Object>>) json.get("tests");
        Map<String, Object> select1 = tests.get(2);
        assertThat(select1.get("name").toString()).contains("Step 18 · Corpus (bonus) · select1()");
        assertThat(select1.get("score")).isEqualTo(2.0);
        assertThat(select1.get("max_score")).isEqualTo(0.0);
        assertThat((List<Object>) select1.get("tags")).contains("bonus");
        assertThat(tests.get(3).get("score")).isEqualTo(0.0);
        assertThat(tests.get(0).get("max_score")).as("a required test keeps its points as its maximum").isEqualTo(2.0);
        assertThat((List<Object>) tests.get(0).get("tags")).doesNotContain("bonus");
        assertThat(json.get("output").toString()).contains("Chapter 5 (chapter05-sql): 2/3 points + 2/4 bonus");
    }

    @Test
    @DisplayName("JSON, JUnit XML and the table each give the bonus points apart from the required ones")
    @SuppressWarnings("unchecked")
    void otherFormats() {
        Map<String, Object> json = (Map<String, Object>) JsonReader.parse(JsonReport.of(grade()));
        assertThat(json).containsEntry("score", 2.0).containsEntry("max_score", 3.0)
                .containsEntry("bonus_score", 2.0).containsEntry("bonus_max_score", 4.0);
        Map<String, Object> chapter = ((List<Map<String, Object>>) json.get("chapters")).get(0);
        assertThat(chapter).containsEntry("bonus_score", 2.0).containsEntry("bonus_max_score", 4.0);
        assertThat(((List<Map<String, Object>>) chapter.get("steps")).get(1)).containsEntry("bonus", true)
                .containsEntry("score", 2.0).containsEntry("max_score", 4.0);

        assertThat(JunitReport.of(grade())).contains("<property name=\"points\" value=\"2/3\"/>",
                "<property name=\"bonus points\" value=\"2/4\"/>");

        assertThat(TextReport.of(grade())).contains(
                "  step 6  Queries           1/2   tests     2/3    points\n",
                "  step 18 Corpus (bonus)    1/2   tests     2/4    points\n",
                "  total                                     2/3    points\n",
                "  bonus (extra credit)                      2/4    points\n");
    }
}
