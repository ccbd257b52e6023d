package dev.fromzero.sql.jdbc;

import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import java.math.BigDecimal;
import java.sql.SQLDataException;
import java.sql.Types;

/**
 * How SQL values become Java values and back: the type mapping behind {@code ResultSet}'s getters
 * and {@code PreparedStatement}'s setters.
 *
 * <p>Each getter accepts every value it can convert without losing what the value says: an
 * INTEGER read as a double, a TEXT {@code '42'} read as an int, a FLOAT {@code 2.0} read as a long.
 * A value that does not fit (a FLOAT 2.5 read as a long, 2^40 read as an int, TEXT {@code 'x'} read
 * as a number) is an {@link SQLDataException}, never a silently different number. NULL reads as
 * Java's {@code null} for objects and as 0 or false for primitives; {@code wasNull} tells them apart.
 */
final class JdbcValues {

    private JdbcValues() {
    }

    /** {@code value} as a long; NULL is 0. */
    static long toLong(Value value, String column) throws SQLDataException {
        throw new UnsupportedOperationException("TODO(chapter05): INTEGER as is, a FLOAT only if it is a whole number in range, TRUE/FALSE as 1/0, TEXT parsed; NULL is 0; anything else an SQLDataException naming the column (docs/chapter05-sql.md#step-12-the-jdbc-driver)");
    }

    /** {@code value} as an int: a long that fits in 32 bits. */
    static int toInt(Value value, String column) throws SQLDataException {
        long l = toLong(value, column);
        if (l != (int) l) {
            throw outOfRange(value, "an int", column);
        }
        return (int) l;
    }

    /** {@code value} as a double; NULL is 0. */
    static double toDouble(Value value, String column) throws SQLDataException {
        throw new UnsupportedOperationException("TODO(chapter05): FLOAT as is, INTEGER widened, TRUE/FALSE as 1/0, TEXT parsed; NULL is 0; anything else an SQLDataException naming the column (docs/chapter05-sql.md#step-12-the-jdbc-driver)");
    }

    /** {@code value} as a boolean: TRUE, a non-zero number, or TEXT true/t/1 (false/f/0); NULL is false. */
    static boolean toBoolean(Value value, String column) throws SQLDataException {
        throw new UnsupportedOperationException("TODO(chapter05): BOOLEAN as is, a number is true unless 0, TEXT 'true'/'t'/'1' or 'false'/'f'/'0' (any case); NULL is false; other TEXT an SQLDataException (docs/chapter05-sql.md#step-12-the-jdbc-driver)");
    }

    /** {@code value} as text: a number or boolean as Java writes it; NULL is {@code null}. */
    static String toText(Value value) {
        throw new UnsupportedOperationException("TODO(chapter05): TEXT as is, INTEGER and FLOAT as Long.toString and Double.toString, BOOLEAN as true/false, NULL as null (docs/chapter05-sql.md#step-12-the-jdbc-driver)");
    }

    /** {@code value} as an exact decimal; NULL is {@code null}. */
    static BigDecimal toBigDecimal(Value value, String column) throws SQLDataException {
        if (value.isNull()) {
            return null;
        }
        if (value instanceof Value.Int i) {
            return BigDecimal.valueOf(i.value());
        }
        if (value instanceof Value.Float f && Double.isFinite(f.value())) {
            return BigDecimal.valueOf(f.value());
        }
        if (value instanceof Value.Text t) {
            try {
                return new BigDecimal(t.value().trim());
            } catch (NumberFormatException e) {
                throw notA(value, "a decimal number", column);
            }
        }
        if (value instanceof Value.Bool b) {
            return b.value() ? BigDecimal.ONE : BigDecimal.ZERO;
        }
        throw notA(value, "a decimal number", column);
    }

    /** The Java object of a value's own type: Long, Double, String, Boolean, or {@code null} for NULL. */
    static Object toObject(Value value) {
        throw new UnsupportedOperationException("TODO(chapter05): INTEGER as Long, FLOAT as Double, TEXT as String, BOOLEAN as Boolean, NULL as null (docs/chapter05-sql.md#step-12-the-jdbc-driver)");
    }

    /** A Java object bound as a parameter, as the SQL value of its type; {@code null} is NULL. */
    static Value fromObject(Object object, int parameter) throws SQLDataException {
        if (object == null) {
            return Value.NULL;
        }
        if (object instanceof Long || object instanceof Integer || object instanceof Short || object instanceof Byte) {
            return Value.of(((Number) object).longValue());
        }
        if (object instanceof Double || object instanceof java.lang.Float) {
            return Value.of(((Number) object).doubleValue());
        }
        if (object instanceof BigDecimal decimal) {
            try {
                return Value.of(decimal.longValueExact());
            } catch (ArithmeticException notWhole) {
                return Value.of(decimal.doubleValue());
            }
        }
        if (object instanceof String s) {
            return Value.of(s);
        }
        if (object instanceof Boolean b) {
            return Value.of(b.booleanValue());
        }
        throw new SQLDataException("parameter " + parameter + ": cannot bind a " + object.getClass().getName()
                + "; give a Long, Integer, Double, BigDecimal, String or Boolean", "22023");
    }

    /** The {@link Types} constant of a column type; {@link Types#OTHER} when the type is not known. */
    static int sqlType(DataType type) {
        if (type == null) {
            return Types.OTHER;
        }
        return switch (type) {
            case INTEGER -> Types.BIGINT;
            case FLOAT -> Types.DOUBLE;
            case TEXT -> Types.VARCHAR;
            case BOOLEAN -> Types.BOOLEAN;
        };
    }

    /** The Java class {@link #toObject} gives for a column type. */
    static String className(DataType type) {
        if (type == null) {
            return Object.class.getName();
        }
        return switch (type) {
            case INTEGER -> Long.class.getName();
            case FLOAT -> Double.class.getName();
            case TEXT -> String.class.getName();
            case BOOLEAN -> Boolean.class.getName();
        };
    }

    private static SQLDataException outOfRange(Value value, String what, String column) {
        return new SQLDataException("column " + column + ": " + value + " does not fit in " + what, "22003");
    }

    private static SQLDataException notA(Value value, String what, String column) {
        return new SQLDataException("column " + column + ": " + value + " is not " + what, "22018");
    }
}
