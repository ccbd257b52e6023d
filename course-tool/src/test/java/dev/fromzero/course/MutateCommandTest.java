package dev.fromzero.course;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.course.FixtureCourse.Run;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./course mutate} end to end on a tiny fixture course: one class, a TODO method with one
 * survivable mutant, and given code outside the TODO. One real PIT session on two small methods
 * (a coverage minion and a mutation minion), never on the real chapters.
 */
class MutateCommandTest {

    private static final String CLAMP = """
            //@ chapter 1
            package demo;

            public final class Clamp {
                public static int max(int a, int b) {
                    //@ todo 1: return the larger of a and b (docs/chapter01-demo.md#step-1)
                    return a > b ? a : b;
                    //@ end
                }

                public static int min(int a, int b) {
                    return a < b ? a : b;
                }
            }
            """;

    /** Checks max only where a and b differ, so "a >= b" survives; min is given code, never tested. */
    private static final String CLAMP_TEST = """
            package demo;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import dev.fromzero.testkit.Step;
            import org.junit.jupiter.api.Test;

            @Step(chapter = 1, number = 1, title = "Max", guide = "docs/chapter01-demo.md#step-1")
            class ClampTest {
                @Test
                void maxOfTwo() {
                    assertEquals(5, Clamp.max(5, 1), "max(5, 1)");
                    assertEquals(7, Clamp.max(2, 7), "max(2, 7)");
                }
            }
            """;

    @TempDir
    Path root;

    private Run course(String... args) {
        return new FixtureCourse(root).run(args);
    }

    private void fixture() throws IOException {
        FixtureCourse course = new FixtureCourse(root);
        course.write("pom.xml", "<project/>\n");
        course.write("solutions/src/main/java/demo/Clamp.java", CLAMP);
        course.write("chapter01-demo/src/test/java/demo/ClampTest.java", CLAMP_TEST);
    }

    @Test
    @DisplayName("PIT runs on the snapshot; the score counts the TODO lines, and the survivor there is listed with its code")
    void scoresTheTodoRegionsAndListsTheirSurvivors() throws IOException {
        fixture();
        Run run = course("mutate", "1", "--threads", "1");
        assertThat(run.err()).as("mutate must succeed on the fixture").isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains(
                "in the TODO regions (learner code): 66.7% (2 of 3 killed)",
                "over the mutated classes:           33.3% (2 of 6 killed)",
                "1 surviving mutant(s) in learner code:",
                "demo/Clamp.java:5  ConditionalsBoundaryMutator: changed conditional boundary\n      return a > b ? a : b;");
        assertThat(run.out()).as("min is given code: its unreached mutants are not learner code")
                .doesNotContain("Clamp.java:9");

        Run again = course("mutate", "1", "--rescore");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).as("--rescore reads the same report without running PIT")
                .contains("in the TODO regions (learner code): 66.7% (2 of 3 killed)").doesNotContain("mutating");
    }

    @Test
    @DisplayName("--todo-lines-only mutates the TODO lines and nothing else; --classes picks the files to mutate")
    void narrowedToTheTodoLines() throws IOException {
        fixture();
        Run run = course("mutate", "1", "--threads", "1", "--todo-lines-only", "--classes", "Clamp");
        assertThat(run.err()).as("mutate --todo-lines-only must succeed on the fixture").isEmpty();
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains(
                "(their TODO lines only)",
                "in the TODO regions (learner code): 66.7% (2 of 3 killed)",
                "over the mutated classes:           66.7% (2 of 3 killed)",
                "demo/Clamp.java:5  ConditionalsBoundaryMutator");
    }

    @Test
    @DisplayName("bad requests get an error that says what to do: no earlier report, no TODO regions, no such chapter")
    void clearErrors() throws IOException {
        fixture();
        Run noReport = course("mutate", "1", "--rescore");
        assertThat(noReport.exit()).isEqualTo(1);
        assertThat(noReport.err()).contains("--rescore needs an earlier run's report", "run ./course mutate 1 first");

        new FixtureCourse(root).write("chapter02-more/src/test/java/demo/MoreTest.java", "package demo;\nclass MoreTest {}\n");
        Run noTodo = course("mutate", "2");
        assertThat(noTodo.exit()).isEqualTo(1);
        assertThat(noTodo.err()).contains("chapter02-more has no //@ todo 2 regions");

        Run noChapter = course("mutate", "7");
        assertThat(noChapter.exit()).isEqualTo(1);
        assertThat(noChapter.err()).contains("there is no chapter 7");

        Run badClass = course("mutate", "1", "--classes", "Clamps");
        assertThat(badClass.exit()).isEqualTo(1);
        assertThat(badClass.err()).contains("--classes names Clamps, which is not among the files mutate would mutate: Clamp");

        Run badThreads = course("mutate", "1", "--threads", "0");
        assertThat(badThreads.exit()).isEqualTo(1);
        assertThat(badThreads.err()).contains("--threads must be at least 1");
    }
}
