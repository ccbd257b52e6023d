package dev.fromzero.course.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.course.Course;
import dev.fromzero.course.FixtureCourse;
import dev.fromzero.course.report.Style;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher end to end on a one-test chapter: a save triggers a run, a compile error is shown
 * with its file and line, a {@code System.exit} in the learner's code costs only the test JVM.
 * Waits are generous and never assert how fast anything was: this runs on loaded machines.
 */
class ChapterWatchTest {

    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final String END_OF_RUN = "(Ctrl-C to stop)";

    @TempDir
    Path root;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private ChapterWatch watch;
    private Thread loop;

    @AfterEach
    void stop() throws InterruptedException {
        if (loop != null) {
            loop.interrupt();
            loop.join(PATIENCE.toMillis());
        }
        if (watch != null) {
            watch.close();
        }
    }

    @Test
    void aSaveRunsTheTestsAgainAndACompileErrorOrAnExitIsReported() throws Exception {
        writeAdder("return a - b;");
        write("chapter01-demo/src/test/java/demo/AdderTest.java", FixtureCourse.ADDER_TEST);
        Course course = new Course(root);
        watch = new ChapterWatch(course, course.chapter(1), 7, PATIENCE,
                new PrintStream(bytes, true, StandardCharsets.UTF_8), Style.PLAIN);
        loop = new Thread(() -> {
            try {
                watch.loop();
            } catch (InterruptedException e) {
                // the test is over
            }
        });
        loop.start();

        String first = nextRun(0);
        assertThat(first).contains("chapter 1, first run", "step 1  Adding", "0/1", "2 + 3",
                "stuck?  ./course hint AdderTest#addsTwoNumbers", "The later steps run once step 1 passes");

        writeAdder("return a + b;");
        assertThat(nextRun(1)).contains("changed: chapter01-demo/src/main/java/demo/Adder.java", "1/1",
                "every test of chapter 1 passes");

        writeAdder("return a + b");
        assertThat(nextRun(2)).contains("your code does not compile", "chapter01-demo/src/main/java/demo/Adder.java:5:",
                "';' expected").doesNotContain("step 1  Adding");

        writeAdder("System.exit(3); return 0;");
        assertThat(nextRun(3)).as("the exit is the failure of the test that made it, with where it was called")
                .contains("AdderTest > addsTwoNumbers()",
                        "the test JVM exited (exit code 3) during this test: System.exit (or Runtime.exit) was called here:",
                        "at demo.Adder.add(Adder.java:5)")
                .doesNotContain("worker.log");

        writeAdder("return b + a;");
        assertThat(nextRun(4)).as("a new test JVM replaces the one that exited").contains("every test of chapter 1 passes");
    }

    /** Waits for run {@code done + 1} to end and returns its output. */
    private String nextRun(int done) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            String out = bytes.toString(StandardCharsets.UTF_8);
            String[] runs = out.split("── ", -1);
            if (out.split(java.util.regex.Pattern.quote(END_OF_RUN), -1).length - 1 > done && runs.length > done + 1) {
                return runs[done + 1];
            }
            Thread.sleep(50);
        }
        throw new AssertionError("run " + (done + 1) + " did not end within " + PATIENCE + "; the output so far:\n"
                + bytes.toString(StandardCharsets.UTF_8));
    }

    private void writeAdder(String body) throws IOException {
        write("chapter01-demo/src/main/java/demo/Adder.java", """
                package demo;

                public final class Adder {
                    public static int add(int a, int b) {
                        %s
                    }
                }
                """.formatted(body));
    }

    private void write(String path, String content) throws IOException {
        new FixtureCourse(root).write(path, content);
    }
}
