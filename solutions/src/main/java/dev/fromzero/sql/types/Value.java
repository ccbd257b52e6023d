//@ chapter 5
package dev.fromzero.sql.types;

/**
 * One SQL value: an integer, a float, a text, a boolean, or NULL. Values are immutable records, so
 * rows can be shared between operators without copying.
 */
public sealed interface Value permits Value.Null, Value.Int, Value.Float, Value.Text, Value.Bool {

    /** The one NULL. */
    Null NULL = new Null();

    /** The type of this value; {@code null} for {@link Null}, which belongs to every type. */
    DataType type();

    default boolean isNull() {
        return this instanceof Null;
    }

    static Int of(long value) {
        return new Int(value);
    }

    static Float of(double value) {
        return new Float(value);
    }

    static Text of(String value) {
        return new Text(value);
    }

    static Bool of(boolean value) {
        return new Bool(value);
    }

    /** SQL's NULL: unknown. */
    record Null() implements Value {
        @Override
        public DataType type() {
            return null;
        }

        @Override
        public String toString() {
            return "NULL";
        }
    }

    record Int(long value) implements Value {
        @Override
        public DataType type() {
            return DataType.INTEGER;
        }

        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    record Float(double value) implements Value {
        @Override
        public DataType type() {
            return DataType.FLOAT;
        }

        @Override
        public String toString() {
            return Double.toString(value);
        }
    }

    /** Text, ordered by Unicode code point: UTF-8's byte order, which {@code String.compareTo} (UTF-16 units) is not above U+FFFF. */
    record Text(String value) implements Value, Comparable<Text> {
        public Text {
            java.util.Objects.requireNonNull(value, "a Text value is never Java null: use Value.NULL");
        }

        @Override
        public int compareTo(Text other) {
            String a = value;
            String b = other.value;
            int i = 0;
            int j = 0;
            while (i < a.length() && j < b.length()) {
                int ca = a.codePointAt(i);
                int cb = b.codePointAt(j);
                if (ca != cb) {
                    return Integer.compare(ca, cb);
                }
                i += Character.charCount(ca);
                j += Character.charCount(cb);
            }
            return Boolean.compare(i < a.length(), j < b.length());
        }

        @Override
        public DataType type() {
            return DataType.TEXT;
        }

        @Override
        public String toString() {
            return "'" + value.replace("'", "''") + "'";
        }
    }

    record Bool(boolean value) implements Value {
        @Override
        public DataType type() {
            return DataType.BOOLEAN;
        }

        @Override
        public String toString() {
            return value ? "TRUE" : "FALSE";
        }
    }
}
