//@ chapter 5
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
        //@ todo 5: Read the type byte (null at a clean end of stream), the length (4..MAX_LENGTH, else a fatal ProtocolException), then the body (docs/chapter05-sql.md#step-13-the-postgresql-wire-protocol)
        int type = in.read();
        if (type < 0) {
            return null;
        }
        int length = in.readInt();
        if (length < 4 || length > MAX_LENGTH) {
            throw new ProtocolException("invalid length " + length + " of a message of type '" + printable(type)
                    + "': a length counts its own 4 bytes and is at most " + MAX_LENGTH, true);
        }
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Frame((char) type, body);
        //@ end
    }

    /** The startup packet (or SSLRequest, GSSENCRequest, CancelRequest): a length, then the body. */
    static Frame readStartup(DataInputStream in) throws IOException, ProtocolException {
        //@ todo 5: Read the length (null at a clean end of stream; 8..MAX_STARTUP_LENGTH, else a fatal ProtocolException), then the body (docs/chapter05-sql.md#step-13-the-postgresql-wire-protocol)
        int length;
        try {
            length = in.readInt();
        } catch (EOFException closed) {
            return null;
        }
        if (length < 8 || length > MAX_STARTUP_LENGTH) {
            throw new ProtocolException("invalid length " + length + " of the startup packet: it is 8 to "
                    + MAX_STARTUP_LENGTH + " bytes", true);
        }
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Frame((char) 0, body);
        //@ end
    }

    private static String printable(int type) {
        return type >= 0x20 && type < 0x7f ? String.valueOf((char) type) : String.format("\\x%02x", type);
    }
}
