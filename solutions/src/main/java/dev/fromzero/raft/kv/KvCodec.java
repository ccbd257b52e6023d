//@ chapter 4
package dev.fromzero.raft.kv;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Requests and responses to bytes and back: a write request is the command the leader puts in
 * the Raft log, and part 2's TCP runtime sends both over the wire.
 *
 * <p>The format is big-endian. A request is one byte for the operation (1 put, 2 get, 3 delete,
 * 4 cas), the client id and the sequence number (longs), then the operation's strings in
 * declaration order. A response is one byte for its kind (11 ok, 12 not leader, 13 failed), the
 * client id and sequence number, then its fields. A string is its UTF-8 length (int, -1 for
 * null) then its bytes. Decoding checks everything, because a log entry or a frame that does not
 * decode must be a clear error, not a wrong value: the kind, the lengths, the UTF-8, and that no
 * byte is left over.
 */
public final class KvCodec {

    private static final int PUT = 1;
    private static final int GET = 2;
    private static final int DELETE = 3;
    private static final int CAS = 4;
    private static final int OK = 11;
    private static final int NOT_LEADER = 12;
    private static final int FAILED = 13;

    private KvCodec() {
    }

    /** The bytes of {@code request}. */
    public static byte[] encodeRequest(Request request) {
        Writer out = new Writer();
        Op op = request.op();
        out.buffer.put((byte) (op instanceof Op.Put ? PUT : op instanceof Op.Get ? GET : op instanceof Op.Delete ? DELETE : CAS));
        out.putLong(request.clientId());
        out.putLong(request.seq());
        out.string(op.key());
        if (op instanceof Op.Put put) {
            out.string(put.value());
        } else if (op instanceof Op.Cas cas) {
            out.string(cas.expected());
            out.string(cas.value());
        }
        return out.bytes();
    }

    /**
     * The request in {@code bytes}.
     *
     * @throws IllegalArgumentException if the bytes are not one whole request, saying what is wrong and where
     */
    public static Request decodeRequest(byte[] bytes) {
        Reader in = new Reader(bytes, "KV request");
        int kind = in.kind();
        if (kind < PUT || kind > CAS) {
            throw in.error("unknown operation " + kind + " at byte 0 (1 put, 2 get, 3 delete, 4 cas)");
        }
        long clientId = in.getLong();
        long seq = in.getLong();
        String key = in.string("key", false);
        Op op = switch (kind) {
            case PUT -> new Op.Put(key, in.string("value", false));
            case GET -> new Op.Get(key);
            case DELETE -> new Op.Delete(key);
            case CAS -> {
                String expected = in.string("expected", true);
                yield new Op.Cas(key, expected, in.string("value", false));
            }
            default -> throw new IllegalStateException("checked above");
        };
        in.end();
        return in.build(() -> new Request(clientId, seq, op));
    }

    /** The bytes of {@code response}. */
    public static byte[] encodeResponse(Response response) {
        Writer out = new Writer();
        out.buffer.put((byte) (response instanceof Response.Ok ? OK : response instanceof Response.NotLeader ? NOT_LEADER : FAILED));
        out.putLong(response.clientId());
        out.putLong(response.seq());
        if (response instanceof Response.Ok ok) {
            out.string(ok.value());
            out.ensure(1);
            out.buffer.put((byte) (ok.success() ? 1 : 0));
        } else if (response instanceof Response.NotLeader notLeader) {
            out.putInt(notLeader.leader());
        } else if (response instanceof Response.Failed failed) {
            out.string(failed.reason());
        }
        return out.bytes();
    }

    /**
     * The response in {@code bytes}.
     *
     * @throws IllegalArgumentException if the bytes are not one whole response, saying what is wrong and where
     */
    public static Response decodeResponse(byte[] bytes) {
        Reader in = new Reader(bytes, "KV response");
        int kind = in.kind();
        if (kind < OK || kind > FAILED) {
            throw in.error("unknown response kind " + kind + " at byte 0 (11 ok, 12 not leader, 13 failed)");
        }
        long clientId = in.getLong();
        long seq = in.getLong();
        Response response = switch (kind) {
            case OK -> {
                String value = in.string("value", true);
                yield new Response.Ok(clientId, seq, value, in.bool());
            }
            case NOT_LEADER -> new Response.NotLeader(clientId, seq, in.getInt());
            case FAILED -> new Response.Failed(clientId, seq, in.string("reason", false));
            default -> throw new IllegalStateException("checked above");
        };
        in.end();
        return response;
    }

    /** A growing big-endian buffer. */
    private static final class Writer {
        ByteBuffer buffer = ByteBuffer.allocate(64);

        void ensure(int more) {
            if (buffer.remaining() < more) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
        }

        void putLong(long v) {
            ensure(8);
            buffer.putLong(v);
        }

        void putInt(int v) {
            ensure(4);
            buffer.putInt(v);
        }

        void string(String s) {
            if (s == null) {
                putInt(-1);
                return;
            }
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            putInt(utf8.length);
            ensure(utf8.length + 1);
            buffer.put(utf8);
        }

        byte[] bytes() {
            byte[] bytes = new byte[buffer.position()];
            buffer.flip().get(bytes);
            return bytes;
        }
    }

    /** Reads with bounds checks, turning every problem into an IllegalArgumentException that says where. */
    private static final class Reader {
        private final ByteBuffer buffer;
        private final String what;

        Reader(byte[] bytes, String what) {
            this.buffer = ByteBuffer.wrap(bytes);
            this.what = what;
        }

        IllegalArgumentException error(String problem) {
            return new IllegalArgumentException("not a " + what + " (" + buffer.capacity() + " bytes): " + problem);
        }

        int kind() {
            if (!buffer.hasRemaining()) {
                throw error("empty");
            }
            return buffer.get() & 0xff;
        }

        long getLong() {
            need(8, "a long");
            return buffer.getLong();
        }

        int getInt() {
            need(4, "an int");
            return buffer.getInt();
        }

        boolean bool() {
            need(1, "a boolean");
            byte b = buffer.get();
            if (b != 0 && b != 1) {
                throw error("a boolean must be 0 or 1, got " + b + " at byte " + (buffer.position() - 1));
            }
            return b == 1;
        }

        String string(String field, boolean nullable) {
            int at = buffer.position();
            int length = getInt();
            if (length == -1 && nullable) {
                return null;
            }
            if (length < 0 || length > buffer.remaining()) {
                throw error("the " + field + " at byte " + at + " claims " + length + " bytes, but " + buffer.remaining() + " are left");
            }
            ByteBuffer utf8 = buffer.slice(buffer.position(), length);
            buffer.position(buffer.position() + length);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(utf8).toString();
            } catch (CharacterCodingException e) {
                throw error("the " + field + " at byte " + at + " is not valid UTF-8");
            }
        }

        void end() {
            if (buffer.hasRemaining()) {
                throw error(buffer.remaining() + " bytes left over after byte " + buffer.position());
            }
        }

        <T> T build(Supplier<T> make) {
            try {
                return make.get();
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }

        private void need(int bytes, String thing) {
            if (buffer.remaining() < bytes) {
                throw error("cut short: " + thing + " at byte " + buffer.position() + " needs " + bytes + " bytes, "
                        + buffer.remaining() + " left");
            }
        }
    }
}
