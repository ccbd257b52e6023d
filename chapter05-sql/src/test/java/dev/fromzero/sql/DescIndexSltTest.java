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
 * Step 16's SQL behaviour, in SQLite's sqllogictest format: each record of
 * {@code step16-desc-indexes.slt} is one test. Run it with {@code ./course slt FILE} to see every
 * record's result.
 */
@Step(chapter = 5, number = 16, title = "Descending and multi-column indexes", bonus = true,
        guide = "docs/chapter05-sql.md#step-16-bonus-descending-and-multi-column-indexes")
@Hint("Read ASC or DESC after each indexed column; a DESC column's entries sort backwards with NULLs last, so a "
        + "lookup's bounds on it swap ends. Every query must answer as a scan of the table would.")
class DescIndexSltTest {

    @TestFactory
    @Points(1)
    @DisplayName("DESC and multi-column indexes: lookups with equality, ranges, BETWEEN and IN answer as a scan does")
    Stream<DynamicTest> descIndexes(@Scratch Path dir) {
        return ExpressionSltTest.records("step16-desc-indexes.slt", dir);
    }
}
