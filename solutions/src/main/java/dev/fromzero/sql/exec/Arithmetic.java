//@ chapter 5
package dev.fromzero.sql.exec;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.types.Value;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * SQL arithmetic: {@code + - * / %} and unary minus on INTEGER and FLOAT values.
 *
 * <p>The rules (the guide's "Values and expressions" has them as a table): NULL in, NULL out. Two
 * INTEGERs give an INTEGER, computed exactly: a result outside 64 bits is an error, never a
 * wrap-around, and division truncates toward zero ({@code -7 / 2} is {@code -3}). An INTEGER with
 * a FLOAT gives a FLOAT. Division or remainder by zero gives NULL, as in SQLite, whose results the
 * conformance corpus of this chapter was computed with; an error (PostgreSQL's choice) would be as
 * defensible, but would make that corpus fail. Any other type is an error naming the operator and
 * both values.
 */
public final class Arithmetic {

    private Arithmetic() {}

    public static Value add(Value left, Value right) {
        //@ todo 5: Add two numbers: NULL gives NULL, INTEGER overflow is an error, INTEGER and FLOAT give a FLOAT (docs/chapter05-sql.md#step-3-values-and-expressions)
        return numeric("+", left, right, Math::addExact, Double::sum);
        //@ end
    }

    public static Value subtract(Value left, Value right) {
        //@ todo 5: Subtract two numbers: NULL gives NULL, INTEGER overflow is an error, INTEGER and FLOAT give a FLOAT (docs/chapter05-sql.md#step-3-values-and-expressions)
        return numeric("-", left, right, Math::subtractExact, (a, b) -> a - b);
        //@ end
    }

    public static Value multiply(Value left, Value right) {
        //@ todo 5: Multiply two numbers: NULL gives NULL, INTEGER overflow is an error, INTEGER and FLOAT give a FLOAT (docs/chapter05-sql.md#step-3-values-and-expressions)
        return numeric("*", left, right, Math::multiplyExact, (a, b) -> a * b);
        //@ end
    }

    public static Value divide(Value left, Value right) {
        //@ todo 5: Divide: NULL or a zero divisor gives NULL, INTEGERs truncate toward zero, MIN / -1 overflows (docs/chapter05-sql.md#step-3-values-and-expressions)
        if (isZero(right) && isNumber(left)) {
            return Value.NULL;
        }
        // Math.divideExact would do, but it arrived in Java 18: MIN_VALUE / -1 is the one overflow.
        return numeric("/", left, right, (a, b) -> {
            if (a == Long.MIN_VALUE && b == -1) {
                throw new ArithmeticException();
            }
            return a / b;
        }, (a, b) -> a / b);
        //@ end
    }

    public static Value remainder(Value left, Value right) {
        //@ todo 5: The remainder of a truncating division, with the sign of the dividend; NULL or a zero divisor gives NULL (docs/chapter05-sql.md#step-3-values-and-expressions)
        if (isZero(right) && isNumber(left)) {
            return Value.NULL;
        }
        return numeric("%", left, right, (a, b) -> a % b, (a, b) -> a % b);
        //@ end
    }

    public static Value negate(Value operand) {
        //@ todo 5: Unary minus: NULL gives NULL, -(-9223372036854775808) overflows, anything but a number is an error (docs/chapter05-sql.md#step-3-values-and-expressions)
        if (operand instanceof Value.Int i) {
            if (i.value() == Long.MIN_VALUE) {
                throw new SqlException("integer overflow: -(" + i.value() + ") does not fit in 64 bits", "22003");
            }
            return Value.of(-i.value());
        }
        if (operand instanceof Value.Float f) {
            return Value.of(-f.value());
        }
        if (operand.isNull()) {
            return Value.NULL;
        }
        throw new SqlException("cannot apply unary - to " + describe(operand) + ": it needs a number");
        //@ end
    }

    /** A value as error messages name it: its type and its SQL literal, e.g. {@code TEXT 'a'}. */
    public static String describe(Value value) {
        return value.isNull() ? "NULL" : value.type() + " " + value;
    }

    private static Value numeric(String operator, Value left, Value right, LongBinaryOperator ints,
                                 DoubleBinaryOperator doubles) {
        //@ todo 5: The shared rule of + - * / %: NULLs, INTEGER with INTEGER exactly, otherwise as FLOATs; other types are errors (docs/chapter05-sql.md#step-3-values-and-expressions)
        if (!isNumber(left) && !left.isNull() || !isNumber(right) && !right.isNull()) {
            throw new SqlException("cannot apply " + operator + " to " + describe(left) + " and " + describe(right)
                    + ": both operands must be numbers");
        }
        if (left.isNull() || right.isNull()) {
            return Value.NULL;
        }
        if (left instanceof Value.Int a && right instanceof Value.Int b) {
            try {
                return Value.of(ints.applyAsLong(a.value(), b.value()));
            } catch (ArithmeticException overflow) {
                throw new SqlException("integer overflow: " + a.value() + " " + operator + " " + b.value()
                        + " does not fit in 64 bits", "22003");
            }
        }
        return Value.of(doubles.applyAsDouble(asDouble(left), asDouble(right)));
        //@ end
    }

    static boolean isNumber(Value value) {
        return value instanceof Value.Int || value instanceof Value.Float;
    }

    static double asDouble(Value number) {
        return number instanceof Value.Int i ? i.value() : ((Value.Float) number).value();
    }

    private static boolean isZero(Value value) {
        return value instanceof Value.Int i && i.value() == 0 || value instanceof Value.Float f && f.value() == 0.0;
    }
}
