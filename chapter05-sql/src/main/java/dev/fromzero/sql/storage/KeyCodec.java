package dev.fromzero.sql.storage;

import dev.fromzero.sql.types.Value;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order-preserving encoding of values in keys: for any two values {@code a} and {@code b},
 * {@code ORDER.compare(a, b)} and {@link java.util.Arrays#compareUnsigned} of their encodings have
 * the same sign. The key-value store orders keys by unsigned bytes, so a prefix scan of a table's
 * rows returns them in primary-key order, and a range of keys is a range of values.
 *
 * <p>Each value is a type tag followed by its bytes, and every encoding is self-delimiting (no
 * encoding is a prefix of another), so a list of values encodes as the concatenation of theirs
 * and lists sort lexicographically: first by their first value, then their second, a shorter list
 * before the longer ones it begins (see {@link #LIST_ORDER}). That is what a key of several
 * columns, and in part 2 an index entry, needs.
 *
 * <pre>
 *   value        bytes                                    why
 *   NULL         01                                       NULL sorts before every value (NULLS FIRST)
 *   BOOLEAN      02, then 00 (FALSE) or 01 (TRUE)
 *   INTEGER      03, then 8 bytes big-endian, sign bit    two's complement puts negatives after positives
 *                flipped                                  in unsigned order; flipping the sign bit fixes it
 *   FLOAT        04, then 8 bytes big-endian: the IEEE    the bits of a positive double already sort; a
 *                bits with the sign bit flipped if        negative one's sort backwards, so flipping every
 *                positive, every bit flipped if negative  bit reverses them and puts them first
 *   TEXT         05, then the UTF-8 bytes with each 00    the terminator 00 00 sorts before every escaped
 *                written 00 ff, then 00 00                00 ff and every other byte: "a" &lt; "a\0" &lt; "ab"
 * </pre>
 *
 * <p>Tags 00 and ff are never used, so a caller may build bounds that sort before or after every
 * value. Values of different types sort by tag; a key column holds one type (the store coerces
 * values to the column's type), so that matters only for NULL.
 *
 * <p><b>Floats.</b> {@code -0.0} and {@code 0.0} are equal in SQL, so they encode the same (as
 * {@code 0.0}: decoding gives {@code 0.0}). Every NaN encodes as Java's one canonical NaN, which
 * sorts after positive infinity (as in PostgreSQL), and equals itself in keys.
 *
 * <p><b>Text</b> sorts by Unicode code point, which is the order of its UTF-8 bytes (and not
 * Java's {@link String#compareTo}, which compares UTF-16 units and puts U+E000..U+FFFF after the
 * characters above U+FFFF). Text must be valid Unicode: an unpaired surrogate is not.
 *
 * <p><b>Descending</b> (step 16: a DESC column of an index). A value is written as its ascending
 * encoding with every byte inverted ({@code ~b}). Two ascending encodings differ first at a byte
 * where neither has ended (none is a prefix of another), and inverting that byte reverses their
 * order: so the inverted encodings sort in reverse value order, and stay self-delimiting, and a
 * list mixing both directions still sorts lexicographically, each value in its own direction.
 * NULL's tag 01 becomes fe, after every other inverted tag (fa to fd): NULLs sort last in a DESC
 * column, as {@code ORDER BY col DESC} puts them. No inverted tag is 00 or ff, so those bytes still
 * bound every value in either direction.
 */
public final class KeyCodec {

    static final int NULL = 0x01;
    static final int BOOLEAN = 0x02;
    static final int INTEGER = 0x03;
    static final int FLOAT = 0x04;
    static final int TEXT = 0x05;

    /** The order keys sort in: by type tag (NULL, BOOLEAN, INTEGER, FLOAT, TEXT), then by value as documented above. */
    public static final Comparator<Value> ORDER = KeyCodec::compare;

    /** Lists of values in key order: lexicographic by {@link #ORDER}, a list before every longer list it begins. */
    public static final Comparator<List<Value>> LIST_ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private KeyCodec() {
    }

    /** The key encoding of one value. */
    public static byte[] encode(Value value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, value);
        return out.toByteArray();
    }

    /** The key encoding of a list of values: their encodings, concatenated. */
    public static byte[] encode(List<Value> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Value value : values) {
            write(out, value);
        }
        return out.toByteArray();
    }

    /**
     * The key encoding of a list of values, the value at position {@code i} descending if
     * {@code descending.get(i)} (ascending past the end of {@code descending}).
     */
    public static byte[] encode(List<Value> values, List<Boolean> descending) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < values.size(); i++) {
            write(out, values.get(i), i < descending.size() && descending.get(i));
        }
        return out.toByteArray();
    }

    /**
     * Lists of values in the order of their {@link #encode(List, List) encodings} with these
     * directions: lexicographic, a value at a descending position compared in reverse.
     */
    public static Comparator<List<Value>> listOrder(List<Boolean> descending) {
        return (a, b) -> {
            for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
                int c = compare(a.get(i), b.get(i));
                if (c != 0) {
                    return i < descending.size() && descending.get(i) ? -c : c;
                }
            }
            return Integer.compare(a.size(), b.size());
        };
    }

    /**
     * The values a key encodes, from its first byte to its last.
     *
     * @throws IllegalArgumentException naming the offset, if the bytes are not such an encoding
     */
    public static List<Value> decode(byte[] key) {
        return decode(key, 0);
    }

    /** The values encoded in {@code key} from offset {@code from} to its end. */
    static List<Value> decode(byte[] key, int from) {
        List<Value> values = new ArrayList<>();
        int[] at = {from};
        while (at[0] < key.length) {
            values.add(read(key, at));
        }
        return values;
    }

    /** The values encoded in {@code key} from offset {@code from}, the i-th written with direction {@code descending.get(i)}. */
    static List<Value> decode(byte[] key, int from, List<Boolean> descending) {
        List<Value> values = new ArrayList<>();
        int[] at = {from};
        while (at[0] < key.length) {
            int i = values.size();
            values.add(i < descending.size() && descending.get(i) ? readDescending(key, at) : read(key, at));
        }
        return values;
    }

    /** Appends the encoding of {@code value} to {@code out}, descending if {@code descending}. */
    static void write(ByteArrayOutputStream out, Value value, boolean descending) {
        if (descending) {
            writeDescending(out, value);
        } else {
            write(out, value);
        }
    }

    /** Appends the descending encoding of {@code value}: its ascending encoding, every byte inverted. */
    static void writeDescending(ByteArrayOutputStream out, Value value) {
        throw new UnsupportedOperationException("TODO(chapter05): Write the value's ascending encoding with every byte inverted (docs/chapter05-sql.md#step-16-bonus-descending-and-multi-column-indexes)");
    }

    /** Reads the descending value that starts at {@code at[0]} and moves {@code at[0]} past it. */
    static Value readDescending(byte[] key, int[] at) {
        throw new UnsupportedOperationException("TODO(chapter05): Invert the bytes from at[0] on (in a copy) and read the ascending value there (docs/chapter05-sql.md#step-16-bonus-descending-and-multi-column-indexes)");
    }

    /** Appends the encoding of {@code value} to {@code out}. */
    static void write(ByteArrayOutputStream out, Value value) {
        throw new UnsupportedOperationException("TODO(chapter05): Write the type tag, then the value's bytes so that unsigned byte order is value order (docs/chapter05-sql.md#step-4-keys-and-rows)");
    }

    /** Reads the value that starts at {@code at[0]} and moves {@code at[0]} past it. */
    static Value read(byte[] key, int[] at) {
        throw new UnsupportedOperationException("TODO(chapter05): Read the tag at at[0], decode the value that follows, and move at[0] past it (docs/chapter05-sql.md#step-4-keys-and-rows)");
    }

    /** Reads a TEXT's bytes from {@code at[0]} up to its terminator, unescaping, and moves {@code at[0]} past the terminator. */
    private static String readText(byte[] key, int[] at, int start) {
        throw new UnsupportedOperationException("TODO(chapter05): Read bytes up to the 00 00 terminator, turning each 00 ff back into 00 (docs/chapter05-sql.md#step-4-keys-and-rows)");
    }

    private static void writeLong(ByteArrayOutputStream out, long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
    }

    private static long readLong(byte[] key, int[] at, int start) {
        need(key, at[0], 8, start);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (key[at[0]++] & 0xff);
        }
        return v;
    }

    private static void need(byte[] key, int at, int bytes, int start) {
        if (at + bytes > key.length) {
            throw malformed(start, "the key ends inside the value");
        }
    }

    private static IllegalArgumentException malformed(int offset, String why) {
        return new IllegalArgumentException("malformed key value at offset " + offset + ": " + why);
    }

    /** {@link #ORDER}: by tag, then by value; floats as their key encoding orders them. */
    private static int compare(Value a, Value b) {
        int byTag = Integer.compare(tag(a), tag(b));
        if (byTag != 0) {
            return byTag;
        }
        if (a instanceof Value.Bool x) {
            return Boolean.compare(x.value(), ((Value.Bool) b).value());
        } else if (a instanceof Value.Int x) {
            return Long.compare(x.value(), ((Value.Int) b).value());
        } else if (a instanceof Value.Float x) {
            double y = ((Value.Float) b).value();
            // Double.compare puts -0.0 before 0.0; keys make them equal.
            return x.value() == y ? 0 : Double.compare(x.value(), y);
        } else if (a instanceof Value.Text x) {
            return x.compareTo((Value.Text) b);
        }
        return 0;
    }

    private static int tag(Value value) {
        if (value.isNull()) {
            return NULL;
        }
        return switch (value.type()) {
            case BOOLEAN -> BOOLEAN;
            case INTEGER -> INTEGER;
            case FLOAT -> FLOAT;
            case TEXT -> TEXT;
        };
    }
}
