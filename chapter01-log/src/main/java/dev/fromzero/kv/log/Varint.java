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
        throw new UnsupportedOperationException("TODO(chapter01): Return how many 7-bit groups value needs (1 for 0..127) (docs/chapter01-log.md#step-1-records)");
    }

    /** Writes {@code value} at the buffer's position and advances it. */
    public static void write(ByteBuffer out, int value) {
        requireNonNegative(value);
        throw new UnsupportedOperationException("TODO(chapter01): Write value 7 bits at a time, low bits first, high bit set on all but the last byte (docs/chapter01-log.md#step-1-records)");
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
        throw new UnsupportedOperationException("TODO(chapter01): Read 7-bit groups until a byte without the high bit; reject more than 5 bytes or values over Integer.MAX_VALUE (docs/chapter01-log.md#step-1-records)");
    }

    private static void requireNonNegative(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("a varint holds a non-negative int, not " + value);
        }
    }
}
