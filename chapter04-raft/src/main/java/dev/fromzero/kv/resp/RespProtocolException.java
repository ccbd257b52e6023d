package dev.fromzero.kv.resp;

/**
 * A request that breaks the RESP protocol: a wrong type byte, a bad length, a missing CRLF, a
 * request over the limits, or a stream that ends inside a request. The message says what was
 * wrong and at which byte offset of the connection's stream, as Redis does ("Protocol error:
 * ..."); the server sends it back as an error reply and closes that connection, since after a
 * malformed request it cannot tell where the next one starts.
 */
public final class RespProtocolException extends RuntimeException {

    private final long offset;

    /** {@code what} is the problem, e.g. "invalid bulk length"; the message adds the offset. */
    public RespProtocolException(String what, long offset) {
        this(what, offset, null);
    }

    /**
     * {@code what} is the problem, {@code found} what was there instead, if that helps:
     * {@code Protocol error: expected '$' at offset 17, got '+'}.
     */
    public RespProtocolException(String what, long offset, String found) {
        super("Protocol error: " + what + " at offset " + offset + (found == null ? "" : ", " + found));
        this.offset = offset;
    }

    /** The offset, from the first byte the connection received, of the byte that is wrong. */
    public long offset() {
        return offset;
    }
}
