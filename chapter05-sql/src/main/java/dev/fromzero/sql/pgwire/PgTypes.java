package dev.fromzero.sql.pgwire;

import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The engine's types as PostgreSQL names them on the wire: a type OID for each column, and each
 * value's bytes in text format (what psql shows) or binary format (what pgJDBC may ask for).
 *
 * <table>
 *   <caption>Types and their OIDs</caption>
 *   <tr><th>engine</th><th>PostgreSQL</th><th>OID</th><th>text</th><th>binary</th></tr>
 *   <tr><td>INTEGER</td><td>int8</td><td>20</td><td>{@code -42}</td><td>8 bytes, big-endian</td></tr>
 *   <tr><td>FLOAT</td><td>float8</td><td>701</td><td>{@code 1.5}, {@code 1e+20}, {@code NaN}</td><td>8 bytes, IEEE 754</td></tr>
 *   <tr><td>TEXT</td><td>text</td><td>25</td><td>UTF-8</td><td>UTF-8</td></tr>
 *   <tr><td>BOOLEAN</td><td>bool</td><td>16</td><td>{@code t}, {@code f}</td><td>1 byte</td></tr>
 * </table>
 *
 * A result column whose type the engine does not know is sent as text.
 */
final class PgTypes {

    static final int BOOL = 16;
    static final int INT8 = 20;
    static final int INT2 = 21;
    static final int INT4 = 23;
    static final int TEXT = 25;
    static final int FLOAT4 = 700;
    static final int FLOAT8 = 701;
    static final int UNKNOWN = 705;
    static final int BPCHAR = 1042;
    static final int VARCHAR = 1043;
    static final int NUMERIC = 1700;

    private PgTypes() {
    }

    /** The OID of a result column of {@code type}; text when unknown. */
    static int oid(DataType type) {
        if (type == null) {
            return TEXT;
        }
        return switch (type) {
            case INTEGER -> INT8;
            case FLOAT -> FLOAT8;
            case TEXT -> TEXT;
            case BOOLEAN -> BOOL;
        };
    }

    /** The size in bytes of a value of the type, -1 for variable-length types, as RowDescription gives it. */
    static int size(int oid) {
        return switch (oid) {
            case INT8, FLOAT8 -> 8;
            case BOOL -> 1;
            default -> -1;
        };
    }

    /** A value in text format, as psql shows it: null for NULL. */
    static byte[] text(Value value) {
        throw new UnsupportedOperationException("TODO(chapter05): NULL as null; INTEGER in decimal; FLOAT as floatText; BOOLEAN as t or f; TEXT as itself; all in UTF-8 (docs/chapter05-sql.md#step-13-the-postgresql-wire-protocol)");
    }

    /**
     * A double as PostgreSQL writes a float8: the shortest digits that read back as the same
     * double, plainly for exponents from -4 to 14 ({@code 0.0001}, {@code 100000000000000}) and
     * with an exponent outside them ({@code 1e-05}, {@code 1e+15}); {@code NaN}, {@code Infinity}.
     */
    static String floatText(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        BigDecimal digits = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = digits.precision() - digits.scale() - 1;
        if (exponent >= -4 && exponent < 15) {
            return digits.toPlainString();
        }
        BigDecimal mantissa = digits.movePointLeft(exponent);
        return mantissa.toPlainString() + String.format(Locale.ROOT, "e%s%02d", exponent < 0 ? "-" : "+",
                Math.abs(exponent));
    }

    /** A value in binary format for a column of type {@code oid}: null for NULL. */
    static byte[] binary(Value value, int oid) {
        if (value.isNull()) {
            return null;
        }
        return switch (oid) {
            case INT8 -> ByteBuffer.allocate(8).putLong(((Value.Int) value).value()).array();
            case FLOAT8 -> ByteBuffer.allocate(8).putDouble(((Value.Float) value).value()).array();
            case BOOL -> new byte[] {(byte) (((Value.Bool) value).value() ? 1 : 0)};
            default -> text(value);
        };
    }

    /**
     * A parameter's value from its bytes, in the format the client chose (binary or text) for the
     * type it declared ({@code oid}, 0 when it left the type to the server, which reads it as text).
     * Integers of every width become INTEGER; float4, float8 and numeric become FLOAT, except
     * a whole numeric, which is an INTEGER.
     */
    static Value parameter(byte[] data, int oid, boolean binary, int index) throws ProtocolException {
        if (data == null) {
            return Value.NULL;
        }
        try {
            return binary ? fromBinary(data, oid, index) : fromText(new String(data, StandardCharsets.UTF_8), oid);
        } catch (NumberFormatException e) {
            throw new ProtocolException("parameter $" + index + " is not a valid value of type " + oid + ": "
                    + e.getMessage(), false);
        }
    }

    private static Value fromBinary(byte[] data, int oid, int index) throws ProtocolException {
        ByteBuffer bytes = ByteBuffer.wrap(data);
        int expected = switch (oid) {
            case INT2 -> 2;
            case INT4, FLOAT4 -> 4;
            case INT8, FLOAT8 -> 8;
            case BOOL -> 1;
            default -> -1;
        };
        if (expected >= 0 && data.length != expected) {
            throw new ProtocolException("parameter $" + index + " of type " + oid + " in binary format has "
                    + data.length + " bytes, not " + expected, false);
        }
        return switch (oid) {
            case INT2 -> Value.of((long) bytes.getShort());
            case INT4 -> Value.of((long) bytes.getInt());
            case INT8 -> Value.of(bytes.getLong());
            case FLOAT4 -> Value.of((double) bytes.getFloat());
            case FLOAT8 -> Value.of(bytes.getDouble());
            case BOOL -> Value.of(data[0] != 0);
            case TEXT, VARCHAR, BPCHAR, UNKNOWN, 0 -> Value.of(new String(data, StandardCharsets.UTF_8));
            default -> throw new ProtocolException("parameter $" + index + ": binary format of type " + oid
                    + " is not supported; send it in text format", false);
        };
    }

    private static Value fromText(String text, int oid) {
        return switch (oid) {
            case INT2, INT4, INT8 -> Value.of(Long.parseLong(text.trim()));
            case FLOAT4, FLOAT8 -> Value.of(Double.parseDouble(text.trim()));
            case NUMERIC -> numeric(new BigDecimal(text.trim()));
            case BOOL -> Value.of(bool(text));
            default -> Value.of(text);
        };
    }

    private static Value numeric(BigDecimal decimal) {
        try {
            return Value.of(decimal.longValueExact());
        } catch (ArithmeticException notWhole) {
            return Value.of(decimal.doubleValue());
        }
    }

    private static boolean bool(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "t", "true", "1", "yes", "y", "on":
                return true;
            case "f", "false", "0", "no", "n", "off":
                return false;
            default:
                throw new NumberFormatException("'" + text + "' is not a boolean");
        }
    }
}
