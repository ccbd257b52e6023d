//@ chapter 5
package dev.fromzero.sql.exec;

import static dev.fromzero.sql.exec.Arithmetic.describe;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code CAST(x AS type)}: the explicit conversions between types.
 *
 * <pre>
 *   from \ to | INTEGER              FLOAT            TEXT              BOOLEAN
 *   INTEGER   | itself               exact or nearest decimal text      0 FALSE, other TRUE
 *   FLOAT     | truncated toward 0   itself           Java's shortest   error
 *   TEXT      | an integer literal   a number literal itself            'true' or 'false'
 *   BOOLEAN   | 1 or 0               error            'true'/'false'    itself
 * </pre>
 *
 * NULL casts to NULL of any type. Text is trimmed of spaces before it is read, and text that is
 * not a number of the target type ({@code CAST('1.5' AS INTEGER)}, {@code CAST('abc' AS FLOAT)})
 * is an error, where SQLite would quietly read a prefix or give 0. A FLOAT out of the INTEGER
 * range, or NaN, is an error too.
 */
public final class Cast {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private Cast() {}

    public static Value cast(Value value, DataType type) {
        //@ todo 5: Convert a value to type by the guide's CAST table; NULL stays NULL, text that is not a number of that type is an error (docs/chapter05-sql.md#step-3-values-and-expressions)
        if (value.isNull() || value.type() == type) {
            return value;
        }
        return switch (type) {
            case INTEGER -> toInteger(value);
            case FLOAT -> toFloat(value);
            case TEXT -> Value.of(text(value));
            case BOOLEAN -> toBoolean(value);
        };
        //@ end
    }

    /** A non-NULL value as text: numbers in decimal (FLOATs as Java prints them), booleans as true/false. */
    public static String text(Value value) {
        if (value instanceof Value.Text t) {
            return t.value();
        }
        if (value instanceof Value.Bool b) {
            return b.value() ? "true" : "false";
        }
        return value.toString();
    }

    private static Value toInteger(Value value) {
        if (value instanceof Value.Float f) {
            double d = f.value();
            if (Double.isNaN(d) || d >= 0x1p63 || d < -0x1p63) {
                throw failed(value, DataType.INTEGER, "it is out of the INTEGER range");
            }
            return Value.of((long) d);
        }
        if (value instanceof Value.Bool b) {
            return Value.of(b.value() ? 1 : 0);
        }
        String text = ((Value.Text) value).value().strip();
        if (!INTEGER.matcher(text).matches()) {
            throw failed(value, DataType.INTEGER, "it is not an integer");
        }
        try {
            return Value.of(Long.parseLong(text));
        } catch (NumberFormatException tooLong) {
            throw failed(value, DataType.INTEGER, "it is out of the INTEGER range");
        }
    }

    private static Value toFloat(Value value) {
        if (value instanceof Value.Int i) {
            return Value.of((double) i.value());
        }
        if (value instanceof Value.Text t && NUMBER.matcher(t.value().strip()).matches()) {
            return Value.of(Double.parseDouble(t.value().strip()));
        }
        throw failed(value, DataType.FLOAT, value instanceof Value.Text ? "it is not a number" : "no such cast");
    }

    private static Value toBoolean(Value value) {
        if (value instanceof Value.Int i) {
            return Value.of(i.value() != 0);
        }
        if (value instanceof Value.Text t) {
            String text = t.value().strip().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return Value.of(text.equals("true"));
            }
            throw failed(value, DataType.BOOLEAN, "it is neither 'true' nor 'false'");
        }
        throw failed(value, DataType.BOOLEAN, "no such cast");
    }

    private static SqlException failed(Value value, DataType type, String why) {
        return new SqlException("cannot CAST " + describe(value) + " AS " + type + ": " + why);
    }
}
