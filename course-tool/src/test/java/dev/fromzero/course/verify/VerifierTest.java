package dev.fromzero.course.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.course.FixtureCourse;
import dev.fromzero.course.FixtureCourse.Run;
import dev.fromzero.course.runner.TestRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verify on a tiny course of two chapters: each suite runs once per snapshot it is checked on,
 * the last chapter's through the grader; mutants run their recorded killer first, and verify
 * keeps the {@code killed-by:} lines up to date; the time of each section is printed.
 */
class VerifierTest {

    private static final String ADDER = """
            //@ chapter 1
            package demo;

            public final class Adder {
                public static int add(int a, int b) {
                    //@ todo 1: return the sum (docs/chapter01-demo.md#step-1)
                    return a + b;
                    //@ end
                }
            }
            """;

    private static final String ORDER_TEST = """
            package demo;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import dev.fromzero.testkit.Step;
            import org.junit.jupiter.api.Test;

            @Step(chapter = 1, number = 2, title = "Order", guide = "docs/chapter01-demo.md#step-2")
            class OrderTest {
                @Test
                void addsInAnyOrder() {
                    assertEquals(Adder.add(3, 2), Adder.add(2, 3), "3 + 2 is 2 + 3");
                }

                @Test
                void zeroChangesNothing() {
                    assertEquals(0, Adder.add(0, 0), "0 + 0");
                }
            }
            """;

    private static final String TWICE = """
            //@ chapter 2
            package demo;

            public final class Twice {
                public static int of(int a) {
                    //@ todo 2: add a to itself (docs/chapter02-more.md#step-1)
                    return Adder.add(a, a);
                    //@ end
                }
            }
            """;

    private static final String TWICE_TEST = """
            package demo;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import dev.fromzero.testkit.Step;
            import org.junit.jupiter.api.Test;

            @Step(chapter = 2, number = 1, title = "Twice", guide = "docs/chapter02-more.md#step-1")
            class TwiceTest {
                @Test
                void doubles() {
                    assertEquals(8, Twice.of(4), "twice 4");
                }
            }
            """;

    /** Three mutants: one with a killer that still kills, one with a stale killer, one with none. */
    private static final String MUTANTS = """
            # the demo's mutants
            === subtracts: subtracts instead of adding
            file: demo/Adder.java
            killed-by: OrderTest#addsInAnyOrder
            --- find
                    return a + b;
            --- replace
                    return a - b;

            === adds-one: adds one too many
            file: demo/Adder.java
            # zeroChangesNothing kills it too, but AdderTest comes first
              killed-by: OrderTest#addsInAnyOrder
            --- find
                    return a + b;
            --- replace
                    return a + b + 1;

            === first-only: returns its first argument
            file: demo/Adder.java
            --- find
                    return a + b;
            --- replace
                    return a;
            """;

    @TempDir
    Path root;

    private Run course(String... args) {
        return new FixtureCourse(root).run(args);
    }

    private void write(String path, String content) throws IOException {
        new FixtureCourse(root).write(path, content);
    }

    private void fixture() throws IOException {
        write("pom.xml", "<project/>\n");
        write("solutions/src/main/java/demo/Adder.java", ADDER);
        write("solutions/src/main/java/demo/Twice.java", TWICE);
        write("chapter01-demo/src/test/java/demo/AdderTest.java", FixtureCourse.ADDER_TEST);
        write("chapter01-demo/src/test/java/demo/OrderTest.java", ORDER_TEST);
        write("chapter02-more/src/test/java/demo/TwiceTest.java", TWICE_TEST);
        write("solutions/mutants/chapter01.txt", MUTANTS);
        write("docs/chapter01-demo.md", "# Demo\n\n## Step 1\n\n`AdderTest#addsTwoNumbers`\n\n## Step 2\n\n"
                + "`OrderTest#addsInAnyOrder` `OrderTest#zeroChangesNothing`\n");
        write("docs/chapter02-more.md", "# More\n\n## Step 1\n\n`TwiceTest#doubles`\n");
        assertThat(course("generate").exit()).isZero();
    }

    @Test
    void eachSuiteRunsOncePerSnapshotAndMutantsKeepTheirKillersUpToDate() throws IOException {
        fixture();

        Run verify = course("verify", "--skip-tool-tests");

        assertThat(verify.out()).contains(
                "ok    snapshot 1 (chapter 1's tests): all 3 tests pass",
                "ok    snapshot 2, the whole reference (tests of chapter 1): all 3 tests pass",
                "ok    snapshot 2 (chapter 2's tests, run by the grader for (g), seed 42): all 1 tests pass",
                "ok    starter 1 (chapter01-demo): all 3 tests fail",
                "ok    mutant subtracts (chapter 1, subtracts instead of adding): killed by OrderTest#addsInAnyOrder",
                "ok    mutant adds-one (chapter 1, adds one too many): killed by AdderTest#addsTwoNumbers",
                "ok    mutant first-only (chapter 1, returns its first argument): killed by AdderTest#addsTwoNumbers",
                "recorded the killers of 2 mutant(s)",
                "ok    snapshot 2 graded as a submission (in (b)): 1/1 points");
        assertThat(verify.out()).as("the recorded killer runs first, though step 1's test would kill it too")
                .doesNotContain("mutant subtracts (chapter 1, subtracts instead of adding): killed by AdderTest");
        assertThat(verify.out()).containsPattern("time per section\n  markers +\\d+\\.\\d s\n  \\(a\\) +\\d+\\.\\d s\n"
                + "  \\(b\\) +\\d+\\.\\d s\n  \\(c\\) +\\d+\\.\\d s\n  \\(f\\) +\\d+\\.\\d s\n  \\(e\\) +\\d+\\.\\d s\n"
                + "  \\(g\\) +\\d+\\.\\d s\n  total +\\d+\\.\\d s\n\nverify: 14 passed, 0 failed\n");
        assertThat(verify.exit()).isZero();
        assertThat(root.resolve("solutions/mutants/chapter01.txt")).as("only the stale and the missing killed-by lines change")
                .content().isEqualTo(MUTANTS
                        .replace("  killed-by: OrderTest#addsInAnyOrder", "  killed-by: AdderTest#addsTwoNumbers")
                        .replace("file: demo/Adder.java\n--- find\n        return a + b;\n--- replace\n        return a;",
                                "file: demo/Adder.java\nkilled-by: AdderTest#addsTwoNumbers\n--- find\n        return a + b;\n"
                                        + "--- replace\n        return a;"));
    }

    @Test
    void theChecksOfTheLastSnapshotFailWhenTheGraderFailsIt() throws IOException {
        fixture();
        write("chapter02-more/src/test/java/demo/TwiceTest.java", TWICE_TEST.replace("assertEquals(8,", "assertEquals(9,"));

        Run verify = course("verify", "--chapter", "2", "--skip-tool-tests", "--skip-mutants");

        assertThat(verify.out()).contains(
                "FAIL  snapshot 2 (chapter 2's tests, run by the grader for (g), seed 42): the reference fails",
                "chapter02-more TwiceTest#doubles: twice 4",
                "FAIL  snapshot 2 graded as a submission (in (b)): 0/1 points");
        assertThat(verify.exit()).isEqualTo(1);
    }

    @Test
    void theTimeOfEachSectionIsPrintedAtTheEnd() {
        long[] now = {0};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Checklist checks = new Checklist(new PrintStream(bytes, true, StandardCharsets.UTF_8), () -> now[0]);
        checks.section("(a)", "first");
        now[0] += 1_500_000_000L;
        checks.section("(b)", "second");
        now[0] += 62_250_000_000L;
        checks.pass("it");
        checks.summary();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).endsWith("""
                time per section
                  (a)        1.5 s
                  (b)       62.3 s
                  total     63.8 s

                verify: 1 passed, 0 failed
                """);
    }

    @Test
    void theGradersRunOfTheLastSnapshotHasLimitsNoLooserThanEitherRun() {
        TestRun.Limits learner = new TestRun.Limits(Duration.ofMinutes(2), Duration.ofMinutes(10), "512m", 0);
        TestRun.Limits grader = new TestRun.Limits(Duration.ofSeconds(90), Duration.ofMinutes(20), "1g", 8192);
        assertThat(Verifier.tightest(learner, grader))
                .isEqualTo(new TestRun.Limits(Duration.ofSeconds(90), Duration.ofMinutes(10), "512m", 8192));
        assertThat(List.of(Verifier.megabytes("2g"), Verifier.megabytes("300m"), Verifier.megabytes("2048k")))
                .containsExactly(2048L, 300L, 2L);
    }
}
