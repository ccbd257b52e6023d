package dev.fromzero.sql.pgwire;

/**
 * A client broke the wire protocol: a message of a bad length or an unknown type, or one whose
 * contents do not parse. The server answers with an ErrorResponse (SQLSTATE 08P01,
 * protocol_violation); {@link #fatal} says whether it must then close the connection, because it
 * can no longer tell where the next message starts.
 */
final class ProtocolException extends Exception {

    private final boolean fatal;

    ProtocolException(String message, boolean fatal) {
        super(message);
        this.fatal = fatal;
    }

    boolean fatal() {
        return fatal;
    }
}
