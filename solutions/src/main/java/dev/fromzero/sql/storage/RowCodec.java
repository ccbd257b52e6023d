//@ chapter 5
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
        //@ todo 5: Write the NULL bitmap, then each non-NULL value as the format table says (docs/chapter05-sql.md#step-4-keys-and-rows)
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] nulls = new byte[(values.size() + 7) / 8];
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).isNull()) {
                nulls[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        out.writeBytes(nulls);
        for (Value value : values) {
            if (value instanceof Value.Int v) {
                writeVarint(out, (v.value() << 1) ^ (v.value() >> 63));
            } else if (value instanceof Value.Float v) {
                long bits = Double.doubleToRawLongBits(v.value());
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.write((int) (bits >>> shift));
                }
            } else if (value instanceof Value.Text v) {
                byte[] utf8 = v.value().getBytes(StandardCharsets.UTF_8);
                writeVarint(out, utf8.length);
                out.writeBytes(utf8);
            } else if (value instanceof Value.Bool v) {
                out.write(v.value() ? 1 : 0);
            }
        }
        return out.toByteArray();
        //@ end
    }

    /**
     * The values of a row whose columns have {@code types}, read from {@code bytes}.
     *
     * @throws IllegalArgumentException naming the column and offset, if the bytes are not such a row
     */
    public static List<Value> decode(byte[] bytes, List<DataType> types) {
        //@ todo 5: Read the NULL bitmap, then each non-NULL column's value by its type; reject bytes left over (docs/chapter05-sql.md#step-4-keys-and-rows)
        Reader in = new Reader(bytes);
        int bitmap = (types.size() + 7) / 8;
        in.need(bitmap, "the NULL bitmap");
        in.at = bitmap;
        List<Value> values = new ArrayList<>(types.size());
        for (int i = 0; i < types.size(); i++) {
            if ((bytes[i / 8] & (1 << (i % 8))) != 0) {
                values.add(Value.NULL);
                continue;
            }
            String what = "column " + i + " (" + types.get(i) + ")";
            values.add(switch (types.get(i)) {
                case INTEGER -> {
                    long zigzag = in.varint(what);
                    yield Value.of((zigzag >>> 1) ^ -(zigzag & 1));
                }
                case FLOAT -> Value.of(Double.longBitsToDouble(in.fixed64(what)));
                case TEXT -> {
                    long length = in.varint(what);
                    if (length > bytes.length - in.at) {
                        throw in.malformed(what + " says it has " + length + " bytes, more than the row has left");
                    }
                    in.need((int) length, what);
                    String text = new String(bytes, in.at, (int) length, StandardCharsets.UTF_8);
                    in.at += (int) length;
                    yield Value.of(text);
                }
                case BOOLEAN -> {
                    in.need(1, what);
                    int b = bytes[in.at++];
                    if (b != 0 && b != 1) {
                        throw in.malformed(what + " is 00 or 01, not " + b);
                    }
                    yield Value.of(b == 1);
                }
            });
        }
        if (in.at != bytes.length) {
            throw in.malformed((bytes.length - in.at) + " bytes are left after the last column");
        }
        return values;
        //@ end
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
