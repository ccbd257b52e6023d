package dev.fromzero.sql.storage;

import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact encoding of a row's values, the value under a row's key. The table's column types
 * say how to read each value, so no value carries a type tag:
 *
 * <pre>
 *   null bitmap   ceil(n / 8) bytes for n columns: bit (i % 8) of byte (i / 8) is set when column i
 *                 is NULL (bit 0 is the lowest); a NULL takes no other byte
 *   then, for each non-NULL column in order:
 *     INTEGER     zigzag varint: (v &lt;&lt; 1) ^ (v &gt;&gt; 63), 7 bits a byte, low bits first, high bit
 *                 set on every byte but the last; small numbers of either sign take one byte
 *     FLOAT       8 bytes, the IEEE bits big-endian ({@code -0.0} stays {@code -0.0})
 *     TEXT        varint byte length, then the UTF-8 bytes
 *     BOOLEAN     1 byte, 00 or 01
 * </pre>
 *
 * <p>Unlike keys, rows need not sort, so they are as short as we can make them simply: a row of
 * ten small integers takes 12 bytes.
 */
public final class RowCodec {

    private RowCodec() {
    }

    /**
     * The bytes of a row whose columns have {@code types}.
     *
     * @throws IllegalArgumentException if the counts differ or a value is not NULL and not of its column's type
     */
    public static byte[] encode(List<Value> values, List<DataType> types) {
        if (values.size() != types.size()) {
            throw new IllegalArgumentException("a row of " + types.size() + " columns cannot hold " + values.size()
                    + " values: " + values);
        }
        for (int i = 0; i < values.size(); i++) {
            Value value = values.get(i);
            if (!value.isNull() && value.type() != types.get(i)) {
                throw new IllegalArgumentException("column " + i + " is " + types.get(i) + ", not " + value.type()
                        + " (" + value + ")");
            }
        }
        throw new UnsupportedOperationException("TODO(chapter05): Write the NULL bitmap, then each non-NULL value as the format table says (docs/chapter05-sql.md#step-4-keys-and-rows)");
    }

    /**
     * The values of a row whose columns have {@code types}, read from {@code bytes}.
     *
     * @throws IllegalArgumentException naming the column and offset, if the bytes are not such a row
     */
    public static List<Value> decode(byte[] bytes, List<DataType> types) {
        throw new UnsupportedOperationException("TODO(chapter05): Read the NULL bitmap, then each non-NULL column's value by its type; reject bytes left over (docs/chapter05-sql.md#step-4-keys-and-rows)");
    }

    private static void writeVarint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** A cursor over a row's bytes that names the offset in its errors. */
    private static final class Reader {
        private final byte[] bytes;
        private int at;

        Reader(byte[] bytes) {
            this.bytes = bytes;
        }

        long varint(String what) {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                need(1, what);
                byte b = bytes[at++];
                v |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
            throw malformed(what + ": a varint longer than 10 bytes");
        }

        long fixed64(String what) {
            need(8, what);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (bytes[at++] & 0xff);
            }
            return v;
        }

        void need(int count, String what) {
            if (count > bytes.length - at) {
                throw malformed("the row ends inside " + what);
            }
        }

        IllegalArgumentException malformed(String why) {
            return new IllegalArgumentException("malformed row at offset " + at + ": " + why);
        }
    }
}
