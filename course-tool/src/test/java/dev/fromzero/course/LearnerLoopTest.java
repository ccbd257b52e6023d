package dev.fromzero.course;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.course.FixtureCourse.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a learner sees from {@code ./course test} and {@code status} on a small chapter of three
 * steps: the steps as they finish and a line before a slow test, the tests in the guide's order,
 * the first failure whole (every failure with {@code --full} or {@code --test}), a test blocked
 * by another step's TODO, the cause of a test JVM's death, and the files a failing test kept.
 * These fork JVMs, so they take a few seconds each.
 */
class LearnerLoopTest {

    private static final String ADDER = """
            package demo;

            import java.util.ArrayList;
            import java.util.List;

            public final class Adder {
                public static int add(int a, int b) {
                    return a - b;
                }

                public static void open() {
                    throw new UnsupportedOperationException("TODO(chapter01): write the opener (docs/chapter01-demo.md#step-1-adding)");
                }

                public static void quit() {
                    System.exit(7);
                }

                public static void hog() {
                    List<byte[]> all = new ArrayList<>();
                    while (true) {
                        all.add(new byte[1 << 20]);
                    }
                }
            }
            """;

    private static final String ADDING_TEST = """
            package demo;

            import static org.junit.jupiter.api.Assertions.assertEquals;
            import static org.junit.jupiter.api.Assertions.fail;

            import dev.fromzero.testkit.Scratch;
            import dev.fromzero.testkit.Step;
            import java.nio.file.Files;
            import java.nio.file.Path;
            import java.util.stream.Collectors;
            import java.util.stream.IntStream;
            import org.junit.jupiter.api.Test;

            @Step(chapter = 1, number = 1, title = "Adding", guide = "docs/chapter01-demo.md#step-1-adding")
            class AddingTest {
                @Test
                void zeroFirst() {
                    fail(IntStream.rangeClosed(1, 20).mapToObj(i -> "detail " + i).collect(Collectors.joining("\\n")));
                }

                @Test
                void adds() {
                    assertEquals(5, Adder.add(2, 3), "2 + 3");
                }

                @Test
                void keepsItsFiles(@Scratch Path dir) throws Exception {
                    Files.writeString(dir.resolve("evidence"), "look at me");
                    fail("see the files\\nsecond line of the message");
                }

                @Test
                void todoLeavesNoFiles(@Scratch Path dir) throws Exception {
                    Files.writeString(dir.resolve("nothing"), "to see");
                    Adder.open();
                }
            }
            """;

    private static final String SERVING_TEST = """
            package demo;

            import dev.fromzero.testkit.Slow;
            import dev.fromzero.testkit.Step;
            import org.junit.jupiter.api.Test;

            @Step(chapter = 1, number = 2, title = "Serving", guide = "docs/chapter01-demo.md#step-2-serving")
            class ServingTest {
                @Test
                @Slow("starts a real server")
                void serves() {
                    Adder.open();
                }
            }
            """;

    private static final String CRASHING_TEST = """
            package demo;

            import dev.fromzero.testkit.Step;
            import org.junit.jupiter.api.Test;

            @Step(chapter = 1, number = 3, title = "Crashing", guide = "docs/chapter01-demo.md#step-3-crashing")
            class CrashingTest {
                @Test
                void exits() {
                    Adder.quit();
                }

                @Test
                void runsOutOfMemory() {
                    Adder.hog();
                }

                @Test
                void runsAfterwards() {
                }
            }
            """;

    /** The guide's tables name the tests in an order that is neither alphabetical nor the source's. */
    private static final String GUIDE = """
            # Chapter 1: the demo

            ## Step 1: Adding

            | test | checks | points |
            |---|---|---:|
            | `AddingTest#zeroFirst` | first in the guide | 1 |
            | `AddingTest#adds` | adds | 1 |
            | `AddingTest#keepsItsFiles` | keeps | 1 |
            | `AddingTest#todoLeavesNoFiles` | leaves | 1 |

            ## Step 2: Serving

            | `ServingTest#serves` | serves | 1 |

            ## Step 3: Crashing

            | `CrashingTest#exits` | exits | 1 |
            | `CrashingTest#runsOutOfMemory` | memory | 1 |
            | `CrashingTest#runsAfterwards` | after | 1 |
            """;

    @TempDir
    Path root;

    private Run course(String... args) {
        return new FixtureCourse(root).run(args);
    }

    private void fixture() throws IOException {
        FixtureCourse f = new FixtureCourse(root);
        f.write("pom.xml", "<project/>\n");
        f.write("README.md", """
                | chapter | you build | guide |
                |---|---|---|
                | `chapter01-demo` | adding | [chapter01-demo.md](docs/chapter01-demo.md) |
                | `chapter02-later` | subtracting, one day (coming) | |
                """);
        f.write("solutions/src/main/java/demo/Adder.java", "//@ chapter 1\npackage demo;\n");
        f.write("docs/chapter01-demo.md", GUIDE);
        f.write("chapter01-demo/src/main/java/demo/Adder.java", ADDER);
        f.write("chapter01-demo/src/test/java/demo/AddingTest.java", ADDING_TEST);
        f.write("chapter01-demo/src/test/java/demo/ServingTest.java", SERVING_TEST);
        f.write("chapter01-demo/src/test/java/demo/CrashingTest.java", CRASHING_TEST);
    }

    @Test
    @DisplayName("test prints the steps as they finish, then the guide's first failing test whole, a blocked test and kept files")
    void testShowsProgressGuideOrderWholeFailuresBlockersAndKeptFiles() throws IOException {
        fixture();
        Run run = course("test", "1");
        String out = run.out();

        assertThat(run.exit()).isEqualTo(1);
        assertThat(out).startsWith("chapter 1 (chapter01-demo)\n");
        List<String> inOrder = List.of("  step 1  Adding", "  ... ServingTest > serves(): a slow test (starts a real server), running",
                "  step 2  Serving", "  step 3  Crashing", "chapter 1: 1 of 8 tests pass", "1) AddingTest > zeroFirst()");
        int at = -1;
        for (String line : inOrder) {
            int next = out.indexOf(line, at + 1);
            assertThat(next).as("'%s' comes after the lines before it in:%n%s", line, out).isGreaterThan(at);
            at = next;
        }
        assertThat(out).as("the first failure is whole, all 20 lines of it").contains("detail 1\n", "detail 20\n")
                .doesNotContain("more lines");
        assertThat(out).as("the others in one line each, in the guide's order").contains(
                "  2) AddingTest > adds(): 2 + 3 ==> expected: <5> but was: <-1>\n",
                "  3) AddingTest > keepsItsFiles(Path): see the files\n");
        assertThat(out).as("a test stopped by another step's TODO says which step to do first")
                .contains("ServingTest > serves(): blocked by step 1's TODO (write the opener): do that step first")
                .containsPattern("step 2  Serving .*\\[----------]  blocked by step 1's TODO: do it first");

        Path scratch = root.resolve("target/course/test/chapter01-demo/run-ch01/scratch");
        try (Stream<Path> kept = Files.list(scratch)) {
            List<Path> dirs = kept.toList();
            assertThat(dirs).as("only the failing test's files are kept, not those of a test stopped by a TODO").hasSize(1);
            assertThat(dirs.get(0).resolve("evidence")).hasContent("look at me");
        }

        Run full = course("test", "1", "--step", "1", "--full");
        assertThat(full.out()).as("--full expands every failure").contains("  2) AddingTest > adds()\n",
                "see the files\n       second line of the message\n");
        try (Stream<Path> kept = Files.list(scratch)) {
            assertThat(full.out()).contains("its files are kept for you to inspect in " + kept.toList().get(0));
        }
        try (Stream<Path> kept = Files.list(scratch)) {
            assertThat(kept.toList()).as("each run clears what the last one kept").hasSize(1);
        }
    }

    @Test
    @DisplayName("a test that exits or runs out of memory fails with that cause and the learner's frames; the tests after it run")
    void aDeadTestJvmIsExplainedWithTheLearnersFrames() throws IOException {
        fixture();
        Run run = course("test", "1", "--test", "CrashingTest");
        String out = run.out();

        assertThat(out).contains("chapter 1: 1 of 3 tests pass");
        assertThat(out).contains("1) CrashingTest > exits()",
                "the test JVM exited with status 7 during this test: System.exit (or Runtime.exit) was called here:",
                "at demo.Adder.quit(Adder.java:", "at demo.CrashingTest.exits(CrashingTest.java:");
        assertThat(out).as("--test expands every failure").contains("2) CrashingTest > runsOutOfMemory()\n",
                "the test JVM ran out of memory during this test (the heap limit is 512m): OutOfMemoryError: Java heap space",
                "at demo.Adder.hog(Adder.java:");
        assertThat(out).doesNotContain("worker.log", "runner.log");
    }

    @Test
    @DisplayName("status prints each step as it finishes, before the chapter's totals")
    void statusShowsStepsAsTheyFinish() throws IOException {
        fixture();
        FixtureCourse f = new FixtureCourse(root);
        f.write("chapter01-demo/src/test/java/demo/CrashingTest.java", "package demo;\n");
        String out = course("status").out();
        assertThat(out.indexOf("  step 1  Adding")).isGreaterThan(out.indexOf("chapter 1  chapter01-demo"));
        assertThat(out.indexOf("  0/5 tests")).isGreaterThan(out.indexOf("  step 2  Serving"));
        assertThat(out).contains("ServingTest > serves(): a slow test (starts a real server), running");
    }

    @Test
    @DisplayName("a wrong --step or --test is refused before anything compiles, saying what there is")
    void wrongSelectionsAreRefusedBeforeCompiling() throws IOException {
        fixture();
        Run noStep = course("test", "1", "--step", "9");
        assertThat(noStep.exit()).isEqualTo(1);
        assertThat(noStep.err()).isEqualTo("error: chapter 1 has no step 9; its steps are 1 (Adding), 2 (Serving), 3 (Crashing)\n");
        assertThat(course("test", "1", "--test", "ServingTest", "--step", "1").err())
                .isEqualTo("error: ServingTest is in step 2 (Serving), not step 1: drop --step, or use --step 2\n");
        assertThat(course("test", "1", "--test", "ServngTest").err()).startsWith("error: chapter 1 has no test class ServngTest;"
                + " did you mean ServingTest? its test classes are AddingTest, ServingTest, CrashingTest");
        assertThat(course("test", "1", "--test", "AddingTest#add").err())
                .startsWith("error: there is no test add in AddingTest; did you mean AddingTest#adds?");
        assertThat(root.resolve("target/course/test")).as("nothing was compiled").doesNotExist();
    }

    @Test
    @DisplayName("a chapter that is coming, or does not exist, is named as such by test and diff")
    void comingAndMissingChapters() throws IOException {
        fixture();
        Run coming = course("test", "2");
        assertThat(coming.exit()).isEqualTo(1);
        assertThat(coming.err()).isEqualTo("error: chapter 2 (chapter02-later: subtracting, one day) is coming: it is not in"
                + " the course yet; the chapters so far are 1 (chapter01-demo)\n");
        Run diff = course("diff", "9");
        assertThat(diff.exit()).isEqualTo(1);
        assertThat(diff.err()).startsWith("error: there is no chapter 9 in ").endsWith("the chapters so far are 1 (chapter01-demo)\n");
        assertThat(diff.out()).isEmpty();
    }
}
