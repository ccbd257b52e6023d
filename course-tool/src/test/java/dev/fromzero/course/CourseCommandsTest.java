package dev.fromzero.course;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.course.FixtureCourse.Run;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands end to end on a tiny course of one chapter: one file with one TODO, one test, two
 * mutants. These fork JVMs to run the fixture's tests, so they take a few seconds.
 */
class CourseCommandsTest {

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

    private static final String RANDOM_TEST = """
            package demo;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import dev.fromzero.testkit.Points;
            import dev.fromzero.testkit.Seed;
            import dev.fromzero.testkit.Seeded;
            import dev.fromzero.testkit.Step;
            import org.junit.jupiter.api.Test;
            import org.junit.jupiter.params.ParameterizedTest;
            import org.junit.jupiter.params.provider.ValueSource;

            @Seeded
            @Step(chapter = 1, number = 2, title = "Randomness", guide = "docs/chapter01-demo.md#step-2")
            class RandomTest {
                @Test
                @Points(3)
                void usesItsSeed(Seed seed) {
                    assertEquals(-1, seed.value(), "the seed is never negative");
                }

                @ParameterizedTest
                @ValueSource(ints = {1, 2})
                void everyInvocationCounts(int x) {
                    assertEquals(1, x, "only 1 is 1");
                }

                @Test
                void passes() {
                }
            }
            """;

    private static final String MUTANTS = """
            # the demo's mutants
            === subtracts: subtracts instead of adding
            file: demo/Adder.java
            --- find
                    return a + b;
            --- replace
                    return a - b;
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
        write("chapter01-demo/src/test/java/demo/AdderTest.java", FixtureCourse.ADDER_TEST);
        write("solutions/mutants/chapter01.txt", MUTANTS);
        write("docs/chapter01-demo.md", "# Demo\n\n## Step 1\n\n| `AdderTest#addsTwoNumbers` | adds |\n");
    }

    @Test
    void generateThenVerifyPassesAndTestFailsOnTheStarter() throws IOException {
        fixture();
        assertThat(course("generate").exit()).isZero();
        assertThat(root.resolve("chapter01-demo/src/main/java/demo/Adder.java")).content()
                .contains("throw new UnsupportedOperationException(\"TODO(chapter01): return the sum (docs/chapter01-demo.md#step-1)\");");

        Run verify = course("verify", "--skip-tool-tests");
        assertThat(verify.out()).contains("killed by AdderTest#addsTwoNumbers").endsWith("verify: 7 passed, 0 failed\n");
        assertThat(verify.exit()).isZero();

        Run test = course("test", "1");
        assertThat(test.exit()).isEqualTo(1);
        assertThat(test.out()).contains("0 of 1 tests pass", "AdderTest > addsTwoNumbers()",
                "TODO(chapter01): return the sum", "read:   docs/chapter01-demo.md#step-1");
    }

    @Test
    void testSelectsAStepFoldsInvocationsAndShowsTheReplayLine() throws IOException {
        fixture();
        write("chapter01-demo/src/test/java/demo/RandomTest.java", RANDOM_TEST);
        write("docs/chapter01-demo.md", """
                ## Step 2

                | `RandomTest#usesItsSeed` | the guide's first test of the step runs, and is shown, first |
                | `RandomTest#everyInvocationCounts` | |
                | `RandomTest#passes` | |
                """);
        course("generate");

        Run test = course("test", "1", "--step", "2", "--seed", "42");
        assertThat(test.exit()).isEqualTo(1);
        assertThat(test.out())
                .contains("chapter 1: 1 of 3 tests pass, 1 of 5 points",
                        "step 2, Randomness: 2 of 3 tests fail (read docs/chapter01-demo.md#step-2)",
                        "the seed is never negative",
                        "replay: ./course test 1 --test RandomTest#usesItsSeed --seed 42",
                        "everyInvocationCounts(int) [2] 2: only 1 is 1")
                .doesNotContain("AdderTest");
    }

    @Test
    void verifyReportsADriftedStarterAndASurvivingMutant() throws IOException {
        fixture();
        course("generate");
        write("chapter01-demo/src/main/java/demo/Extra.java", "package demo;\nclass Extra {}\n");
        write("solutions/mutants/chapter01.txt", MUTANTS.replace("a - b", "b + a"));

        Run verify = course("verify", "--skip-tool-tests");
        assertThat(verify.out())
                .contains("extra:   demo/Extra.java", "run ./course generate and commit",
                        "mutant subtracts (chapter 1, subtracts instead of adding) survived")
                .endsWith("verify: 5 passed, 2 failed\n");
        assertThat(verify.exit()).isEqualTo(1);
    }

    @Test
    void markerErrorsStopGenerateBeforeItWritesAnything() throws IOException {
        fixture();
        write("solutions/src/main/java/demo/Bad.java", "package demo;\n//@ end\n");
        Run generate = course("generate");
        assertThat(generate.exit()).isEqualTo(1);
        assertThat(generate.err()).contains("solutions/src/main/java/demo/Bad.java:1: no //@ chapter marker",
                "solutions/src/main/java/demo/Bad.java:2: stray //@ end");
        assertThat(root.resolve("chapter01-demo/src/main/java")).doesNotExist();
    }

    @Test
    void misspeltCommandsAndOptionsGetOneLineAndTheClosestSpelling() throws IOException {
        fixture();
        Run command = course("genrate");
        assertThat(command.exit()).isEqualTo(2);
        assertThat(command.err()).isEqualTo("error: unknown command 'genrate'; did you mean generate? (see ./course --help)\n");
        Run option = course("verify", "--chaptr", "1");
        assertThat(option.exit()).isEqualTo(2);
        assertThat(option.err()).startsWith("error: unknown option '--chaptr'; did you mean --chapter?").hasLineCount(1);
        Run swapped = course("tset", "1");
        assertThat(swapped.err()).startsWith("error: unknown command 'tset'; did you mean test?").hasLineCount(1);
    }
}
