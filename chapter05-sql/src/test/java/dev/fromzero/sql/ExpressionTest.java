package dev.fromzero.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongBinaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

@Seeded
@Step(chapter = 5, number = 3, title = "Values and expressions",
        guide = "docs/chapter05-sql.md#step-3-values-and-expressions")
@Hint("Evaluate each kind of Expr in Evaluator with the operator classes beside it. INTEGER arithmetic uses "
        + "Math.addExact and friends (overflow is an error), / and % by zero give NULL, AND is FALSE as soon as one "
        + "side is FALSE and OR is TRUE as soon as one side is TRUE, and any comparison with NULL is NULL.")
class ExpressionTest {

    /** Integers that often overflow when added, and often do not when multiplied. */
    private static Gen<Long> integers() {
        return SourceDSL.longs().all()
                .mix(SourceDSL.longs().between(-3_037_000_500L, 3_037_000_500L))
                .mix(SourceDSL.longs().between(-20, 20));
    }

    @Test
    @Points(3)
    @DisplayName("INTEGER + - * / % give the exact 64-bit result, an overflow error, or NULL for a zero divisor")
    void integerArithmeticIsExact(Seed seed, @Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            seed.theory(300).forAll(integers(), integers()).checkAssert((a, b) -> {
                check(session, a, "+", b, Math::addExact);
                check(session, a, "-", b, Math::subtractExact);
                check(session, a, "*", b, Math::multiplyExact);
                check(session, a, "/", b, (x, y) -> {
                    if (x == Long.MIN_VALUE && y == -1) {
                        throw new ArithmeticException("overflow");
                    }
                    return x / y;
                });
                check(session, a, "%", b, (x, y) -> x % y);
            });
        }
    }

    private static void check(Session session, long a, String op, long b, LongBinaryOperator exact) {
        String sql = "SELECT (" + a + ") " + op + " (" + b + ")";
        if (b == 0 && (op.equals("/") || op.equals("%"))) {
            assertThat(single(session, sql)).as("%s: a zero divisor gives NULL (the guide's choice, as SQLite)", sql)
                    .isEqualTo(Value.NULL);
            return;
        }
        long expected;
        try {
            expected = exact.applyAsLong(a, b);
        } catch (ArithmeticException overflow) {
            assertThatThrownBy(() -> session.execute(sql))
                    .as("%s does not fit in 64 bits: it must be an error, never a wrapped-around number", sql)
                    .isInstanceOf(SqlException.class)
                    .hasMessageContaining("overflow");
            return;
        }
        assertThat(single(session, sql)).as("%s: INTEGER arithmetic is exact, and / truncates toward zero", sql)
                .isEqualTo(Value.of(expected));
    }

    @Test
    @Points(2)
    @DisplayName("an INTEGER and a FLOAT compare by their exact values, even beyond 2^53")
    void integersAndFloatsCompareExactly(Seed seed, @Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            seed.theory(300).forAll(integers(), SourceDSL.integers().between(0, 4)).checkAssert((a, shape) -> {
                double d = switch (shape) {
                    case 0 -> (double) a;
                    case 1 -> Math.nextUp((double) a);
                    case 2 -> Math.nextDown((double) a);
                    case 3 -> (double) a + 0.5;
                    default -> (double) (a / 3);
                };
                if (Double.isInfinite(d)) {
                    return;
                }
                String literal = new BigDecimal(d).toPlainString() + (new BigDecimal(d).scale() <= 0 ? ".0" : "");
                int expected = new BigDecimal(a).compareTo(new BigDecimal(d));
                String sql = "SELECT (" + a + ") < (" + literal + "), (" + a + ") = (" + literal + "), (" + a + ") > ("
                        + literal + ")";
                assertThat(row(session, sql))
                        .as("%s: %d against the double %s must compare by exact value (%d), not after rounding "
                                + "the integer to a double", sql, a, literal, expected)
                        .containsExactly(Value.of(expected < 0), Value.of(expected == 0), Value.of(expected > 0));
            });
        }
    }

    @Test
    @Points(2)
    @DisplayName("AND, OR and NOT follow the three-valued truth tables for every pair of TRUE, FALSE and NULL")
    void truthTables(@Scratch Path dir) {
        // Kleene's logic as an order FALSE < NULL < TRUE: AND is the minimum, OR the maximum, NOT the mirror.
        List<String> values = List.of("FALSE", "NULL", "TRUE");
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            for (int x = 0; x < 3; x++) {
                for (int y = 0; y < 3; y++) {
                    String sql = "SELECT " + values.get(x) + " AND " + values.get(y) + ", " + values.get(x) + " OR "
                            + values.get(y) + ", NOT " + values.get(x);
                    assertThat(row(session, sql)).as(sql + ": FALSE AND NULL is FALSE, TRUE OR NULL is TRUE, "
                                    + "NULL decides nothing else")
                            .containsExactly(truth(Math.min(x, y)), truth(Math.max(x, y)), truth(2 - x));
                }
            }
        }
    }

    private static Value truth(int kleene) {
        return kleene == 1 ? Value.NULL : Value.of(kleene == 2);
    }

    @Test
    @DisplayName("arithmetic keeps INTEGERs whole and gives a FLOAT as soon as one side is a FLOAT")
    void resultTypes(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            assertThat(single(session, "SELECT 7 / 2")).as("7 / 2 is the INTEGER 3, not 3.5").isEqualTo(Value.of(3L));
            assertThat(single(session, "SELECT -7 / 2")).as("division truncates toward zero").isEqualTo(Value.of(-3L));
            assertThat(single(session, "SELECT 7 / 2.0")).as("an INTEGER with a FLOAT gives a FLOAT")
                    .isEqualTo(Value.of(3.5));
            assertThat(single(session, "SELECT 2 * 1.5")).as("2 * 1.5 is the FLOAT 3.0").isEqualTo(Value.of(3.0));
            assertThat(single(session, "SELECT 1 + 1")).as("INTEGER + INTEGER stays an INTEGER")
                    .isEqualTo(Value.of(2L));
            assertThat(single(session, "SELECT abs(-2.5)")).as("abs of a FLOAT is a FLOAT").isEqualTo(Value.of(2.5));
            assertThat(single(session, "SELECT length('héllo')")).as("length counts characters, as an INTEGER")
                    .isEqualTo(Value.of(5L));
            assertThat(single(session, "SELECT CAST(3.9 AS INTEGER)")).as("CAST to INTEGER truncates a FLOAT")
                    .isEqualTo(Value.of(3L));
            assertThat(single(session, "SELECT CAST(2 AS FLOAT)")).as("CAST to FLOAT gives a FLOAT")
                    .isEqualTo(Value.of(2.0));
        }
    }

    @Test
    @DisplayName("a SELECT without FROM names its columns by their text or alias, and gives their types")
    void columnsOfASelectWithoutFrom(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Result result = db.session().execute("SELECT 1 + 2, 'a' || 'b' AS joined, 2.5, NULL IS NULL");
            assertThat(result).as("a SELECT returns rows").isInstanceOf(Result.Rows.class);
            Result.Rows rows = (Result.Rows) result;
            assertThat(rows.columns().stream().map(Result.Column::name))
                    .as("a column is named by its alias, else by the expression as the query spells it (SQLite's rule)")
                    .containsExactly("1 + 2", "joined", "2.5", "NULL IS NULL");
            assertThat(rows.columns().stream().map(Result.Column::type))
                    .as("each column's type is the type of its values")
                    .containsExactly(DataType.INTEGER, DataType.TEXT, DataType.FLOAT, DataType.BOOLEAN);
            assertThat(rows.rows()).as("one row").containsExactly(
                    List.of(Value.of(3L), Value.of("ab"), Value.of(2.5), Value.of(true)));
        }
    }

    @Test
    @DisplayName("an error names the operator and the values it was given")
    void errorsNameTheOperatorAndTheValues(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            assertThatThrownBy(() -> session.execute("SELECT 'abc' + 17"))
                    .as("TEXT + INTEGER is a type error, reported as a SqlException naming +, 'abc' and 17")
                    .isInstanceOf(SqlException.class)
                    .hasMessageContaining("+").hasMessageContaining("abc").hasMessageContaining("17");
            assertThatThrownBy(() -> session.execute("SELECT 'abc' < 17"))
                    .as("TEXT < INTEGER is a type error naming <, 'abc' and 17")
                    .isInstanceOf(SqlException.class)
                    .hasMessageContaining("<").hasMessageContaining("abc").hasMessageContaining("17");
            assertThatThrownBy(() -> session.execute("SELECT 9223372036854775807 * 3"))
                    .as("an overflow is an error naming the operator and the operands")
                    .isInstanceOf(SqlException.class)
                    .hasMessageContaining("overflow").hasMessageContaining("*")
                    .hasMessageContaining("9223372036854775807");
        }
    }

    private static Value single(Session session, String sql) {
        List<Value> row = row(session, sql);
        assertThat(row).as("%s has one column", sql).hasSize(1);
        return row.get(0);
    }

    private static List<Value> row(Session session, String sql) {
        Result result = session.execute(sql);
        if (!(result instanceof Result.Rows rows)) {
            return fail("%s must return rows, not %s", sql, result);
        }
        assertThat(rows.rows()).as("%s returns exactly one row", sql).hasSize(1);
        return rows.rows().get(0);
    }
}
