package dev.fromzero.course.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.course.runner.TestResult.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's results format survives any text: tabs, newlines, backslashes. */
class ResultsFileTest {

    @Test
    void roundTripsEveryField(@TempDir Path dir) throws IOException {
        TestResult r = new TestResult("p.ATest", "m", "a\ttab and \\ backslash", 2, "Step", "docs/x.md#s", 3,
                Status.FAILED, "line 1\nline 2\r\n\\n literally", "at p.A.m(A.java:1)", "./course test 1 --seed 5",
                "[engine:junit-jupiter]/[class:p.ATest]/[method:m()]", "printed\n\tindented", 1234);
        Path file = dir.resolve("results.txt");
        Files.write(file, List.of(ResultsFile.plan(r), ResultsFile.start(r), ResultsFile.test(r), ResultsFile.error("oops\tx"),
                ResultsFile.end()));

        ResultsFile.Contents contents = ResultsFile.read(file);
        assertThat(contents.planned()).containsExactly(r);
        assertThat(contents.started()).containsExactly(r);
        assertThat(contents.results()).containsExactly(r);
        assertThat(contents.errors()).containsExactly("oops\tx");
        assertThat(contents.lastStarted()).isEqualTo("ATest#m");
        assertThat(contents.complete()).isTrue();
    }

    @Test
    void aMissingEndMeansTheRunDidNotComplete(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("results.txt");
        Files.write(file, List.of(ResultsFile.start(new TestResult("p.ATest", "hangs", "hangs()", 1, "S", "g", 1, Status.FAILED, "", "", ""))));
        assertThat(ResultsFile.read(file).complete()).isFalse();
        assertThat(ResultsFile.read(dir.resolve("absent")).complete()).isFalse();
    }
}
