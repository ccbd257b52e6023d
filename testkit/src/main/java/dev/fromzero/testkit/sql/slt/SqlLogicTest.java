package dev.fromzero.testkit.sql.slt;

import dev.fromzero.testkit.sql.SqlEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * A sqllogictest file as JUnit tests: one dynamic test per record, run in the file's order on one
 * engine, from a {@code @TestFactory} of a step class. Each record is a test of the step with the
 * factory's points (the course tool and the grader count it as one), named by its file, line and
 * first line of SQL.
 *
 * <pre>{@code
 * @Step(chapter = 5, number = 6, title = "Queries", guide = "docs/chapter05-sql.md#step-6-queries")
 * class QuerySltTest {
 *     @TestFactory
 *     Stream<DynamicTest> select(@Scratch Path dir) {
 *         return SqlLogicTest.records(Path.of("src/test/resources/slt/step6-select.slt"), () -> EmbeddedEngine.open(dir));
 *     }
 * }
 * }</pre>
 *
 * The file's path is relative to the module's directory, where Maven and the course tool run the
 * tests. The engine is opened at the first record and closed after the last.
 */
public final class SqlLogicTest {

    private static final int NAME_LENGTH = 70;

    private SqlLogicTest() {
    }

    /** The records of {@code file} that run on this course's engine, as dynamic tests. */
    public static Stream<DynamicTest> records(Path file, Supplier<SqlEngine> opener) {
        String shown = file.toString().replace('\\', '/');
        List<SltRecord> records = SltRunner.runnable(SltParser.parse(shown, read(file)));
        if (records.isEmpty()) {
            throw new SltSyntaxException(shown, 1, "no statement or query to run: a file of tests must test something");
        }
        SltRunner runner = new SltRunner(shown, opener);
        return records.stream()
                .map(r -> DynamicTest.dynamicTest(name(file, r), () -> runner.run(r)))
                .onClose(runner::close);
    }

    /** {@code queries.slt:12 SELECT a, b FROM t ...}: the file, the line, and the SQL's first line. */
    static String name(Path file, SltRecord record) {
        String sql = record instanceof SltRecord.Query q ? q.sql() : ((SltRecord.Statement) record).sql();
        String first = sql.strip().lines().findFirst().orElse("").strip();
        if (first.length() > NAME_LENGTH || sql.strip().contains("\n")) {
            first = first.substring(0, Math.min(first.length(), NAME_LENGTH)) + " ...";
        }
        return file.getFileName() + ":" + record.line() + " " + first;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sqllogictest file " + file.toAbsolutePath() + ": " + e, e);
        }
    }
}
