package dev.fromzero.sql;

import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import dev.fromzero.testkit.sql.slt.SqlLogicTest;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Step 3's SQL behaviour, in SQLite's sqllogictest format: each record of each file is one test
 * worth the file's {@code # points:}. The files are in {@code src/test/resources/slt/}; run one
 * with {@code ./course slt FILE} to see every record's result.
 */
@Step(chapter = 5, number = 3, title = "Values and expressions", guide = "docs/chapter05-sql.md#step-3-values-and-expressions")
@Hint("Evaluate each operator by SQL's rules: NULL in, NULL out (except AND, OR and IS); integer arithmetic that "
        + "overflows is an error; TEXT never compares with a number. The failing record names its file and line.")
class ExpressionSltTest {

    @TestFactory
    @Points(1)
    @DisplayName("arithmetic: + - * / % on integers and floats, overflow, division by zero")
    Stream<DynamicTest> arithmetic(@Scratch Path dir) {
        return records("step3-arithmetic.slt", dir);
    }

    @TestFactory
    @Points(1)
    @DisplayName("logic: AND, OR and NOT follow SQL's three-valued truth tables")
    Stream<DynamicTest> logic(@Scratch Path dir) {
        return records("step3-logic.slt", dir);
    }

    @TestFactory
    @Points(1)
    @DisplayName("comparison: mixed INTEGER and FLOAT compare by value; NULL compares to NULL")
    Stream<DynamicTest> comparison(@Scratch Path dir) {
        return records("step3-comparison.slt", dir);
    }

    @TestFactory
    @Points(1)
    @DisplayName("predicates: LIKE, IS [NOT] NULL, [NOT] BETWEEN, [NOT] IN and CASE")
    Stream<DynamicTest> predicates(@Scratch Path dir) {
        return records("step3-predicates.slt", dir);
    }

    @TestFactory
    @Points(1)
    @DisplayName("functions: CAST, abs, coalesce, lower, upper, length")
    Stream<DynamicTest> functions(@Scratch Path dir) {
        return records("step3-functions.slt", dir);
    }

    static Stream<DynamicTest> records(String file, Path dir) {
        return SqlLogicTest.records(Path.of("src/test/resources/slt", file), () -> EmbeddedEngine.open(dir));
    }
}
