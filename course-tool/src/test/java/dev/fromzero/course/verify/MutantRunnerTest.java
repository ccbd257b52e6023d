package dev.fromzero.course.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.course.FixtureCourse;
import dev.fromzero.course.compile.Javac;
import dev.fromzero.course.runner.ChapterSuite;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The warm mutant runner: the recorded killer runs first, a mutant that exits or hangs is killed
 * by the test it was running, and the mutants after it still run (in a fresh JVM).
 */
class MutantRunnerTest {

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
            }
            """;

    @TempDir
    Path dir;

    private Path tests;

    @BeforeEach
    void compileTests() throws IOException {
        new FixtureCourse(dir).write("tests-src/demo/AdderTest.java", FixtureCourse.ADDER_TEST);
        new FixtureCourse(dir).write("tests-src/demo/OrderTest.java", ORDER_TEST);
        Path reference = adder("reference", "return a + b;");
        tests = dir.resolve("tests");
        assertThat(Javac.compile(dir.resolve("tests-src"), ChapterSuite.testClasspath(reference), tests, dir).errors()).isEmpty();
    }

    /** Compiles {@code demo.Adder} whose {@code add} body is {@code body}; returns its classes. */
    private Path adder(String name, String body) throws IOException {
        new FixtureCourse(dir).write(name + "/src/demo/Adder.java", """
                package demo;

                public final class Adder {
                    public static int add(int a, int b) {
                        %s
                    }
                }
                """.formatted(body));
        Path classes = dir.resolve(name).resolve("classes");
        assertThat(Javac.compile(dir.resolve(name).resolve("src"), List.of(classes), classes, dir).errors())
                .as("the mutant %s compiles", name).isEmpty();
        return classes;
    }

    private MutantRunner runner() {
        return new MutantRunner(dir, dir.resolve("worker.log"), Duration.ofSeconds(5), "256m");
    }

    @Test
    void theRecordedKillerRunsFirstAndTheOthersOnlyIfItPasses() throws IOException {
        Path subtracts = adder("subtracts", "return a - b;");
        Path addsZeroWrong = adder("asymmetric", "return a == 3 ? 6 : a + b;");
        try (MutantRunner runner = runner()) {
            assertThat(runner.run(subtracts, tests, null).killer())
                    .as("without a recorded killer, the tests run in step order").isEqualTo("AdderTest#addsTwoNumbers");
            assertThat(runner.run(subtracts, tests, "OrderTest#addsInAnyOrder").killer())
                    .as("the recorded killer runs before step 1's test").isEqualTo("OrderTest#addsInAnyOrder");
            assertThat(runner.run(addsZeroWrong, tests, "AdderTest#addsTwoNumbers").killer())
                    .as("a recorded killer that passes is followed by the other tests").isEqualTo("OrderTest#addsInAnyOrder");
            assertThat(runner.run(subtracts, tests, "GoneTest#renamed").killer())
                    .as("a recorded killer that no longer exists is ignored").isEqualTo("AdderTest#addsTwoNumbers");
            MutantRunner.Verdict survivor = runner.run(adder("commutes", "return b + a;"), tests, "OrderTest#addsInAnyOrder");
            assertThat(survivor.killed()).as("a correct variant survives: %s", survivor).isFalse();
        }
    }

    @Test
    void aMutantThatExitsHangsOrLeaksThreadsCostsOnlyItself() throws IOException {
        Path exits = adder("exits", "System.exit(3);\n        return 0;");
        Path hangs = adder("hangs", "while (a < b || a >= b) {\n            Thread.onSpinWait();\n        }\n        return 0;");
        Path leaks = adder("leaks", "new Thread(() -> { while (true) { Thread.onSpinWait(); } }).start();\n        return a - b;");
        Path subtracts = adder("subtracts", "return a - b;");
        try (MutantRunner runner = runner()) {
            MutantRunner.Verdict exited = runner.run(exits, tests, null);
            assertThat(exited.killer()).as("the test running when the JVM exited kills it").isEqualTo("AdderTest#addsTwoNumbers");
            assertThat(exited.why()).contains("exited with status 3");

            MutantRunner.Verdict hung = runner.run(hangs, tests, null);
            assertThat(hung.killer()).as("the test running when the limit ran out kills it").isEqualTo("AdderTest#addsTwoNumbers");
            assertThat(hung.why()).contains("timed out", "5 s");

            assertThat(runner.run(leaks, tests, null).killer()).isEqualTo("AdderTest#addsTwoNumbers");
            assertThat(runner.run(subtracts, tests, "OrderTest#addsInAnyOrder").killer())
                    .as("after an exit, a hang and a leaked thread, the next mutant still runs").isEqualTo("OrderTest#addsInAnyOrder");
            MutantRunner.Verdict survivor = runner.run(adder("commutes", "return b + a;"), tests, null);
            assertThat(survivor.killed()).as("the leaked thread of an earlier mutant kills nothing: %s", survivor).isFalse();
        }
    }
}
