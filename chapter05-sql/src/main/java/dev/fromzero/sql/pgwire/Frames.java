package dev.fromzero.sql.pgwire;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * Reads the frames of PostgreSQL's protocol 3.0 from a client. After the startup packet, every
 * message is a type byte, then a 32-bit big-endian length that counts itself and the body but not
 * the type byte, then the body:
 *
 * <pre>
 * +------+----------------+-----------------------+
 * | type | length (int32) | body: length - 4 bytes |
 * +------+----------------+-----------------------+
 * </pre>
 *
 * The startup packet (and SSLRequest, CancelRequest) has no type byte: just the length and body.
 * A length below 4 or above {@link #MAX_LENGTH} cannot be trusted, so nothing after it can be
 * either: that is a fatal protocol error, and the connection ends.
 */
final class Frames {

    /** The largest message accepted, as a guard against a garbage length: 64 MiB. */
    static final int MAX_LENGTH = 64 << 20;
    /** The largest startup packet accepted: PostgreSQL's own limit is 10,000 bytes. */
    static final int MAX_STARTUP_LENGTH = 10_000;

    /** One message: its type byte (0 for a startup packet) and its body. */
    record Frame(char type, byte[] body) {}

    private Frames() {
    }

    /** The next message, or null when the client closed the connection between messages. */
    static Frame read(DataInputStream in) throws IOException, ProtocolException {
        throw new UnsupportedOperationException("TODO(chapter05): Read the type byte (null at a clean end of stream), the length (4..MAX_LENGTH, else a fatal ProtocolException), then the body (docs/chapter05-sql.md#step-13-the-postgresql-wire-protocol)");
    }

    /** The startup packet (or SSLRequest, GSSENCRequest, CancelRequest): a length, then the body. */
    static Frame readStartup(DataInputStream in) throws IOException, ProtocolException {
        throw new UnsupportedOperationException("TODO(chapter05): Read the length (null at a clean end of stream; 8..MAX_STARTUP_LENGTH, else a fatal ProtocolException), then the body (docs/chapter05-sql.md#step-13-the-postgresql-wire-protocol)");
    }

    private static String printable(int type) {
        return type >= 0x20 && type < 0x7f ? String.valueOf((char) type) : String.format("\\x%02x", type);
    }
}
