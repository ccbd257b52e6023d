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
 * Step 7's SQL behaviour, in SQLite's sqllogictest format: each record of the file is one test
 * worth the file's {@code # points:}. Run it with {@code ./course slt FILE} to see every record's
 * result.
 */
@Step(chapter = 5, number = 7, title = "Joins", guide = "docs/chapter05-sql.md#step-7-joins")
@Hint("A join pairs each left row with each right row and keeps the pairs whose ON is TRUE; NULL = NULL is not TRUE. "
        + "An outer join then adds each row of its kept side that matched nothing, padded with NULLs, and only then "
        + "does WHERE filter. The failing record names its file and line.")
class JoinSltTest {

    @TestFactory
    @Points(1)
    @DisplayName("joins: comma, CROSS, INNER, LEFT, RIGHT and FULL JOIN, aliases, NULL keys, ON against WHERE")
    Stream<DynamicTest> joins(@Scratch Path dir) {
        return ExpressionSltTest.records("step7-joins.slt", dir);
    }
}
