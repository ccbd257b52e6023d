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
 * Step 15's SQL behaviour, in SQLite's sqllogictest format, with SQLite's answers: each record of
 * the file is one test worth the file's {@code # points:}. Run it with {@code ./course slt FILE} to
 * see every record's result.
 */
@Step(chapter = 5, number = 15, title = "Compound queries", bonus = true,
        guide = "docs/chapter05-sql.md#step-15-bonus-compound-queries")
@Hint("Read the failing record: the SQL and SQLite's answer are in the file. Operators apply from the left, each"
        + " to the result so far and the next SELECT; all but UNION ALL keep each distinct row once.")
class CompoundSltTest {

    @TestFactory
    @Points(1)
    @DisplayName("compound: UNION [ALL], EXCEPT and INTERSECT from the left, with repeats, NULLs, 1 against 1.0, ORDER BY, LIMIT and the errors")
    Stream<DynamicTest> compound(@Scratch Path dir) {
        return ExpressionSltTest.records("step15-compound.slt", dir);
    }
}
