package dev.fromzero.raft.kv;

import java.util.Objects;

/**
 * A client's request: operation {@code op}, numbered {@code seq} in client {@code clientId}'s
 * session. A client numbers its operations 1, 2, 3, ... and sends a retry with the same number,
 * so that a write that was already applied is not applied again (step 6). A write request is
 * also the command the leader puts in the log, encoded by {@link KvCodec#encodeRequest}.
 *
 * @param clientId the client, unique in the cluster (a random 64-bit id, or one the host hands out); positive
 * @param seq the operation's number in the client's session, from 1; a client has one operation in flight at a time
 */
public record Request(long clientId, long seq, Op op) {

    public Request {
        if (clientId <= 0 || seq <= 0) {
            throw new IllegalArgumentException("a request needs a positive client id and sequence number, got client "
                    + clientId + " seq " + seq);
        }
        Objects.requireNonNull(op, "op");
    }
}
