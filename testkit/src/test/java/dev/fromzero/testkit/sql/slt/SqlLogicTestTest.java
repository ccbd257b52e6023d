package dev.fromzero.testkit.sql.slt;

import static dev.fromzero.testkit.sql.slt.FakeEngine.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlLogicTestTest {

    private static final String FILE = """
            statement ok
            CREATE TABLE t(a INTEGER)

            query I
            SELECT a
              FROM t
            ----
            1

            query I
            SELECT 2
            ----
            3
            """;

    @TempDir
    Path dir;

    @Test
    @DisplayName("each record is a dynamic test named by file, line and SQL; they run in order on one engine, closed at the end")
    void recordsAsDynamicTests() throws IOException {
        Path file = Files.writeString(dir.resolve("q.slt"), FILE);
        FakeEngine engine = new FakeEngine()
                .answer("SELECT a\n  FROM t", rows(List.of("a"), new Object[] {1L}))
                .answer("SELECT 2", rows(List.of("2"), new Object[] {2L}));
        List<DynamicTest> tests;
        Throwable last;
        try (Stream<DynamicTest> stream = SqlLogicTest.records(file, () -> engine)) {
            tests = stream.toList();
            assertThat(tests).extracting(DynamicTest::getDisplayName)
                    .containsExactly("q.slt:1 CREATE TABLE t(a INTEGER)", "q.slt:4 SELECT a ...", "q.slt:10 SELECT 2");
            assertThat(catchThrowable(() -> tests.get(0).getExecutable().execute())).isNull();
            assertThat(catchThrowable(() -> tests.get(1).getExecutable().execute())).isNull();
            last = catchThrowable(() -> tests.get(2).getExecutable().execute());
        }
        assertThat(last).isInstanceOf(AssertionError.class).hasMessageStartingWith(file + ":10: expected 1 row:\n  3\nbut got");
        assertThat(engine.executed).containsExactly("CREATE TABLE t(a INTEGER)", "SELECT a\n  FROM t", "SELECT 2");
        assertThat(engine.closed).as("closing the stream closes the engine").isTrue();
    }

    @Test
    @DisplayName("a file without records, or that cannot be read, is an error naming it")
    void emptyOrMissingFile() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.slt"), "# nothing yet\n");
        assertThatThrownBy(() -> SqlLogicTest.records(empty, FakeEngine::new))
                .hasMessage(empty + ":1: no statement or query to run: a file of tests must test something");
        assertThatThrownBy(() -> SqlLogicTest.records(dir.resolve("absent.slt"), FakeEngine::new))
                .hasMessageContaining("cannot read the sqllogictest file").hasMessageContaining("absent.slt");
    }

    @Test
    @DisplayName("the command-line runner prints each failure, a count per file, and what a file it cannot read costs")
    void commandLineTally() throws IOException {
        Path file = Files.writeString(dir.resolve("q.slt"), FILE);
        Path broken = Files.writeString(dir.resolve("broken.slt"), "query\nSELECT 1\n");
        FakeEngine engine = new FakeEngine()
                .answer("SELECT a\n  FROM t", rows(List.of("a"), new Object[] {1L}))
                .answer("SELECT 2", rows(List.of("2"), new Object[] {2L}));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        SltMain.Tally tally = SltMain.run(file, () -> engine, out).plus(SltMain.run(broken, FakeEngine::new, out));
        assertThat(tally).isEqualTo(new SltMain.Tally(2, 2));
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("FAIL " + file + ":10: expected 1 row:\n  3\nbut got 1 row:\n  2\nSQL:\n  SELECT 2\n")
                .containsPattern("\\Q" + file + "\\E: 2 passed, 1 failed \\(\\d+\\.\\d s\\)\n")
                .contains("FAIL " + broken + ":1: expected 'query TYPES [nosort|rowsort|valuesort] [LABEL]', found 'query'\n\n"
                        + broken + ": not run\n");
    }

    @Test
    @DisplayName("a whole file passes only when every record does, and fails with its counts and first failures")
    void wholeFile() throws IOException {
        Path file = Files.writeString(dir.resolve("w.slt"), FILE + "\nquery I\nSELECT 3\n----\n3\n\nquery I\nSELECT 4\n----\n4\n"
                + "\nquery I\nSELECT 5\n----\n5\n");
        FakeEngine engine = new FakeEngine()
                .answer("SELECT a\n  FROM t", rows(List.of("a"), new Object[] {1L}))
                .answer("SELECT 2", rows(List.of("2"), new Object[] {2L}))
                .answer("SELECT 3", rows(List.of("3"), new Object[] {3L}))
                .answer("SELECT 4", rows(List.of("4"), new Object[] {0L}))
                .answer("SELECT 5", rows(List.of("5"), new Object[] {0L}))
                .answer("SELECT 6", rows(List.of("6"), new Object[] {6L}));
        List<String> seen = new java.util.ArrayList<>();
        SltFileRun run = SltFileRun.of(file, () -> engine, seen::add);
        assertThat(run.passed()).isEqualTo(3);
        assertThat(run.failed()).isEqualTo(3);
        assertThat(seen).as("each failure reported as it happens").isEqualTo(run.failures());
        assertThat(run.summary()).matches("\\Q" + file + "\\E: 3 passed, 3 failed \\(\\d+\\.\\d s\\)");
        assertThatThrownBy(run::assertPassed).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(run.summary() + ": every record must pass; the first 3 failures")
                .hasMessageContaining(file + ":10: expected 1 row:\n  3\nbut got 1 row:\n  2")
                .hasMessageContaining(file + ":25: expected 1 row:\n  5\nbut got 1 row:\n  0")
                .hasMessageNotContaining("more:");
        Files.writeString(file, "\nquery I\nSELECT 4\n----\n4\n", java.nio.file.StandardOpenOption.APPEND);
        assertThatThrownBy(SltFileRun.of(file, () -> engine, f -> { })::assertPassed)
                .hasMessageEndingWith("... and 1 more: ./course slt " + file + " prints them all");
        Path good = Files.writeString(dir.resolve("good.slt"), "query I\nSELECT 6\n----\n6\n");
        SltFileRun.of(good, () -> engine, f -> { }).assertPassed();

        UnsupportedOperationException todo = new UnsupportedOperationException("TODO(chapter05): parse SELECT");
        FakeEngine stub = new FakeEngine().fail("SELECT 6", todo);
        assertThatThrownBy(SltFileRun.of(good, () -> stub, f -> { })::assertPassed)
                .as("a file stuck at a TODO stub fails with the stub, as the starter's other tests do").isSameAs(todo);
    }

    /** A step class whose factory's points are 2, to check a file's header against. */
    @dev.fromzero.testkit.Step(chapter = 5, number = 6, title = "Queries", guide = "docs/chapter05-sql.md#step-6-queries")
    static class Factories {
        @org.junit.jupiter.api.TestFactory
        @dev.fromzero.testkit.Points(2)
        Stream<DynamicTest> twoPoints(Path file) {
            return SqlLogicTest.records(file, FakeEngine::new);
        }
    }

    @Test
    @DisplayName("a file's # step: and # points: header must say what its factory's @Step and @Points say")
    void headerAgreesWithTheFactory() throws IOException {
        Factories factories = new Factories();
        Path agrees = Files.writeString(dir.resolve("agrees.slt"), "# step: 6\n# points: 2\n# free text\n\n" + FILE);
        assertThat(factories.twoPoints(agrees)).hasSize(3);
        Path noHeader = Files.writeString(dir.resolve("none.slt"), FILE);
        assertThat(factories.twoPoints(noHeader)).as("a file without a header, like SQLite's").hasSize(3);
        Path points = Files.writeString(dir.resolve("points.slt"), "# step: 6\n# points: 1\n\n" + FILE);
        assertThatThrownBy(() -> factories.twoPoints(points)).hasMessage(points
                + ":2: the header says points: 1, but Factories#twoPoints gives each record 2 points (its @Points): make them agree");
        Path step = Files.writeString(dir.resolve("step.slt"), "# step: 3\n\n" + FILE);
        assertThatThrownBy(() -> factories.twoPoints(step)).hasMessage(step
                + ":1: the header says step: 3, but Factories#twoPoints is in step 6 (its class's @Step): make them agree");
        assertThat(SqlLogicTest.records(points, FakeEngine::new)).as("called from no factory: nothing to compare").hasSize(3);
    }
}
