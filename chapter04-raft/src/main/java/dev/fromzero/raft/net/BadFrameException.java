package dev.fromzero.raft.net;

import java.io.IOException;

/**
 * Bytes on a connection that are not a frame this node accepts: garbage, a frame too long, a
 * frame of another cluster or from a node outside the configuration. The node logs it, names the
 * connection it came from and closes that connection; it never stops the node.
 */
public final class BadFrameException extends IOException {

    public BadFrameException(String message) {
        super(message);
    }
}
