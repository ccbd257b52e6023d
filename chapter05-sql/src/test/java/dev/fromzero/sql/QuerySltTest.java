package dev.fromzero.sql;

import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Step 6's SQL behaviour, in SQLite's sqllogictest format: each record of each file is one test
 * worth the file's {@code # points:}. The files are in {@code src/test/resources/slt/}; run one
 * with {@code ./course slt FILE} to see every record's result.
 */
@Step(chapter = 5, number = 6, title = "Queries", guide = "docs/chapter05-sql.md#step-6-queries")
@Hint("A query is scan, filter, sort, offset and limit, then project. A WHERE keeps only the rows where it is TRUE, "
        + "and UPDATE computes every SET from the row as it was. The failing record names its file and line.")
class QuerySltTest {

    @TestFactory
    @Points(1)
    @DisplayName("select: expressions, aliases, *, t.*, WHERE, and SELECT without FROM")
    Stream<DynamicTest> select(@Scratch Path dir) {
        return ExpressionSltTest.records("step6-select.slt", dir);
    }

    @TestFactory
    @Points(1)
    @DisplayName("order: ORDER BY expressions and column numbers, ASC and DESC, NULLs, LIMIT and OFFSET")
    Stream<DynamicTest> order(@Scratch Path dir) {
        return ExpressionSltTest.records("step6-order.slt", dir);
    }

    @TestFactory
    @Points(1)
    @DisplayName("writes: INSERT, UPDATE and DELETE, with constraints and DEFAULT")
    Stream<DynamicTest> writes(@Scratch Path dir) {
        return ExpressionSltTest.records("step6-writes.slt", dir);
    }
}
