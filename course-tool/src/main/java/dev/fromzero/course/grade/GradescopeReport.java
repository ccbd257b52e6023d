package dev.fromzero.course.grade;

import dev.fromzero.course.report.SuiteReport.StepResult;
import dev.fromzero.course.runner.TestResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradescope's {@code results.json}: the total {@code score}, the {@code execution_time} in
 * seconds, an {@code output} with the summary, and one entry in {@code tests} per test method
 * with its {@code score}, {@code max_score}, {@code status}, {@code name}, {@code number}
 * (chapter.step), {@code output} and {@code visibility}. A bonus step's test is extra credit the
 * way Gradescope counts it: a {@code max_score} of 0, a {@code score} of its points when it
 * passes, and the tag {@code bonus}; the top-level {@code score} adds the bonus points to the
 * required ones, and {@code max_score} is the required points. A chapter that scored 0 for a reason
 * (not submitted, does not compile) gets an extra entry worth 0 points whose output says why,
 * with the compiler's messages. The seed goes in {@code extra_data}, so that a grade can be
 * reproduced.
 */
public final class GradescopeReport {

    private GradescopeReport() {
    }

    public static String of(Grade grade) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("score", grade.earned() + grade.bonusEarned());
        json.put("max_score", grade.possible());
        json.put("execution_time", Math.round(grade.time().toMillis() / 1000.0));
        json.put("output", output(grade));
        json.put("stdout_visibility", "hidden");
        json.put("extra_data", Map.of("seed", grade.seed()));
        List<Object> tests = new ArrayList<>();
        for (Grade.Chapter ch : grade.chapters()) {
            if (ch.problem() != null) {
                tests.add(problem(ch));
            }
            for (StepResult s : ch.report().steps()) {
                s.tests().forEach(t -> tests.add(test(ch, s, t)));
            }
        }
        json.put("tests", tests);
        return Json.write(json);
    }

    private static String output(Grade grade) {
        StringBuilder b = new StringBuilder();
        for (Grade.Chapter ch : grade.chapters()) {
            b.append(String.format("Chapter %d (%s): %d/%d points%s%s%n", ch.number(), ch.name(), ch.earned(), ch.possible(),
                    ch.bonusPossible() == 0 ? "" : " + " + ch.bonusEarned() + "/" + ch.bonusPossible() + " bonus",
                    ch.problem() == null ? "" : ", " + ch.problem()));
        }
        return b.append(grade.summary()).append('\n').toString();
    }

    private static Map<String, Object> problem(Grade.Chapter ch) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", "Chapter " + ch.number() + " · " + ch.name() + " " + ch.problem());
        json.put("number", Integer.toString(ch.number()));
        json.put("score", 0);
        json.put("max_score", 0);
        json.put("status", "failed");
        json.put("output", ch.name() + " " + ch.problem() + ", so it scores 0.\n" + String.join("\n", ch.details()));
        json.put("visibility", "visible");
        return json;
    }

    private static Map<String, Object> test(Grade.Chapter ch, StepResult s, TestResult t) {
        boolean passed = ch.problem() == null && t.status() == TestResult.Status.PASSED;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", ch.label(s, t));
        json.put("number", ch.number() + "." + s.number());
        json.put("score", passed ? t.points() : 0);
        json.put("max_score", s.bonus() ? 0 : t.points()); // Gradescope's extra credit: a score above max_score
        json.put("status", passed ? "passed" : "failed");
        json.put("output", Grade.details(t));
        json.put("tags", s.bonus() ? List.of("chapter " + ch.number(), "step " + ch.number() + "." + s.number(), "bonus")
                : List.of("chapter " + ch.number(), "step " + ch.number() + "." + s.number()));
        json.put("visibility", ch.test(t).visibility());
        return json;
    }
}
