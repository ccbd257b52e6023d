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
 * Step 8's SQL behaviour, in SQLite's sqllogictest format: each record of each file is one test
 * worth the file's {@code # points:}. Run one with {@code ./course slt FILE} to see every
 * record's result.
 */
@Step(chapter = 5, number = 8, title = "Aggregation and DISTINCT", guide = "docs/chapter05-sql.md#step-8-aggregation-and-distinct")
@Hint("Aggregates skip NULLs; over no value count is 0 and the others are NULL. GROUP BY and DISTINCT treat NULLs as "
        + "equal to each other, though = does not. Without GROUP BY there is exactly one row, even over no rows. "
        + "The failing record names its file and line.")
class AggregateSltTest {

    @TestFactory
    @Points(1)
    @DisplayName("aggregates: count, sum, min, max and avg, with DISTINCT, over NULLs and over no rows")
    Stream<DynamicTest> aggregates(@Scratch Path dir) {
        return ExpressionSltTest.records("step8-aggregates.slt", dir);
    }

    @TestFactory
    @Points(1)
    @DisplayName("groupBy: GROUP BY columns, expressions, numbers and aliases, NULL groups, HAVING, ORDER BY aggregates")
    Stream<DynamicTest> groupBy(@Scratch Path dir) {
        return ExpressionSltTest.records("step8-groupby.slt", dir);
    }

    @TestFactory
    @Points(1)
    @DisplayName("distinct: SELECT DISTINCT with NULLs, ORDER BY and LIMIT")
    Stream<DynamicTest> distinct(@Scratch Path dir) {
        return ExpressionSltTest.records("step8-distinct.slt", dir);
    }
}
