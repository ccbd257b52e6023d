//@ chapter 5
package dev.fromzero.sql.exec;

import static dev.fromzero.sql.exec.Arithmetic.describe;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.types.Value;

/**
 * How two values compare: the order behind {@code = <> < <= > >=}, BETWEEN, IN, simple CASE and
 * ORDER BY.
 *
 * <p>NULL is unknown, so any comparison with it is unknown too: {@link #order} returns Java
 * {@code null}, and the comparison operators give SQL NULL ({@code NULL = NULL} is NULL, not TRUE).
 * Numbers compare by value whatever their types ({@code 1 = 1.0}), exactly even where a double
 * cannot hold the integer. TEXT compares by Unicode code points, the order of its UTF-8 bytes, so
 * that ORDER BY agrees with the order of the stored keys. FALSE sorts before TRUE. A FLOAT NaN
 * equals itself and sorts above every other number, as in PostgreSQL. Anything else (TEXT against
 * a number, a BOOLEAN against either) is an error: SQLite would quietly order the types, and a
 * query that compares a name with a number is a mistake worth reporting.
 */
public final class Comparison {

    private Comparison() {}

    /**
     * The order of two values: negative, zero or positive; {@code null} if either is NULL.
     *
     * @param operator the operator being evaluated, for the error message
     * @throws SqlException if the two values have types that do not compare
     */
    public static Integer order(String operator, Value left, Value right) {
        //@ todo 5: Compare two values: NULL gives null, numbers by value across INTEGER and FLOAT, TEXT by code point, FALSE < TRUE, else an error (docs/chapter05-sql.md#step-3-values-and-expressions)
        if (left.isNull() || right.isNull()) {
            return null;
        }
        if (left instanceof Value.Int a && right instanceof Value.Int b) {
            return Long.compare(a.value(), b.value());
        }
        if (Arithmetic.isNumber(left) && Arithmetic.isNumber(right)) {
            if (left instanceof Value.Int a) {
                return compareExactly(a.value(), ((Value.Float) right).value());
            }
            if (right instanceof Value.Int b) {
                return -compareExactly(b.value(), ((Value.Float) left).value());
            }
            return Double.compare(plusZero(Arithmetic.asDouble(left)), plusZero(Arithmetic.asDouble(right)));
        }
        if (left instanceof Value.Text a && right instanceof Value.Text b) {
            return a.compareTo(b);
        }
        if (left instanceof Value.Bool a && right instanceof Value.Bool b) {
            return Boolean.compare(a.value(), b.value());
        }
        throw new SqlException("cannot compare " + describe(left) + " with " + describe(right) + " (" + operator
                + "): only numbers with numbers, TEXT with TEXT and BOOLEAN with BOOLEAN compare");
        //@ end
    }

    /** A comparison operator's truth value: TRUE, FALSE, or NULL when either side is NULL. */
    public static Value compare(String operator, Value left, Value right) {
        Integer order = order(operator, left, right);
        if (order == null) {
            return Value.NULL;
        }
        return Value.of(switch (operator) {
            case "=" -> order == 0;
            case "<>", "!=" -> order != 0;
            case "<" -> order < 0;
            case "<=" -> order <= 0;
            case ">" -> order > 0;
            case ">=" -> order >= 0;
            default -> throw new IllegalArgumentException("not a comparison operator: " + operator);
        });
    }

    /** A long against a double, without the rounding of converting the long to a double. */
    private static int compareExactly(long a, double b) {
        if (Double.isNaN(b) || b >= 0x1p63) {
            return -1;
        }
        if (b < -0x1p63) {
            return 1;
        }
        long whole = (long) b;
        if (a != whole) {
            return Long.compare(a, whole);
        }
        return Double.compare(0.0, b - whole) == 0 ? 0 : (b > whole ? -1 : 1);
    }

    private static double plusZero(double d) {
        return d == 0.0 ? 0.0 : d;
    }
}
