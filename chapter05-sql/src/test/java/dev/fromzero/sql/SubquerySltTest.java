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
 * Step 14's SQL behaviour, in SQLite's sqllogictest format: each record of the file is one test
 * worth the file's {@code # points:}. Run it with {@code ./course slt FILE} to see every record's
 * result.
 */
@Step(chapter = 5, number = 14, title = "Subqueries", bonus = true,
        guide = "docs/chapter05-sql.md#step-14-bonus-subqueries")
@Hint("A subquery is a query run for the row that asks for it: a name it does not have comes from the enclosing row. "
        + "A scalar subquery gives NULL for no row and fails for two; EXISTS is TRUE or FALSE, never NULL; IN follows "
        + "the rules of IN with a list. The failing record names its file and line.")
class SubquerySltTest {

    @TestFactory
    @Points(1)
    @DisplayName("subqueries: scalar, EXISTS, IN, correlated, in every clause, NULL rules and errors")
    Stream<DynamicTest> subqueries(@Scratch Path dir) {
        return ExpressionSltTest.records("step14-subqueries.slt", dir);
    }
}
