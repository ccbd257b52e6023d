package dev.fromzero.kv.log;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Unsigned variable-length integers (LEB128): seven bits per byte, least significant group
 * first, the high bit set on every byte but the last. Small numbers, which most lengths are,
 * take one byte; an {@code int} takes at most {@value #MAX_BYTES}.
 *
 * <pre>
 *   0      -> 00
 *   127    -> 7f
 *   128    -> 80 01
 *   300    -> ac 02
 *   16384  -> 80 80 01
 * </pre>
 */
public final class Varint {

    /** The most bytes a non-negative {@code int} takes. */
    public static final int MAX_BYTES = 5;

    private Varint() {
    }

    /** How many bytes {@link #write} uses for {@code value}. */
    public static int size(int value) {
        requireNonNegative(value);
        int bytes = 1;
        while ((value >>>= 7) != 0) {
            bytes++;
        }
        return bytes;
    }

    /** Writes {@code value} at the buffer's position and advances it. */
    public static void write(ByteBuffer out, int value) {
        requireNonNegative(value);
        while ((value & ~0x7f) != 0) {
            out.put((byte) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.put((byte) value);
    }

    /**
     * Reads a varint at the buffer's position and advances past it.
     *
     * @throws BufferUnderflowException if the buffer ends inside the varint (it may continue in
     *     bytes not read yet)
     * @throws IllegalArgumentException if the bytes are not a varint of a non-negative
     *     {@code int}: more than {@value #MAX_BYTES} bytes, or a value above
     *     {@link Integer#MAX_VALUE}
     */
    public static int read(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 7 * MAX_BYTES; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (value > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("varint value " + value + " is larger than an int");
                }
                return (int) value;
            }
        }
        throw new IllegalArgumentException("varint is longer than " + MAX_BYTES + " bytes");
    }

    private static void requireNonNegative(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("a varint holds a non-negative int, not " + value);
        }
    }
}
