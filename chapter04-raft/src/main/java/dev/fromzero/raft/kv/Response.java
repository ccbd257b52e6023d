package dev.fromzero.raft.kv;

import java.util.Objects;

/**
 * A server's answer to a {@link Request}, naming the request's client and sequence number so
 * that a client can drop answers to requests it no longer waits for. No answer at all (a lost
 * message, a crashed server) is the client's business: it tries again, elsewhere, after a
 * timeout, and the outcome of the operation stays unknown until some server answers.
 */
public sealed interface Response {

    long clientId();

    long seq();

    /**
     * The operation took effect, exactly once.
     *
     * @param value for a get, the key's value (null: the key does not exist); null for the writes
     * @param success for a delete, whether the key existed; for a cas, whether it set the value;
     *     true for a put and a get
     */
    record Ok(long clientId, long seq, String value, boolean success) implements Response {
    }

    /**
     * This server does not lead (or stopped leading before it could answer): the operation may or
     * may not have taken effect. Ask {@code leader} instead, if it is not {@code 0} (unknown).
     */
    record NotLeader(long clientId, long seq, int leader) implements Response {
    }

    /**
     * The request cannot be served, ever: say why. For instance a sequence number older than the
     * client's latest, whose answer the server no longer keeps.
     */
    record Failed(long clientId, long seq, String reason) implements Response {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
