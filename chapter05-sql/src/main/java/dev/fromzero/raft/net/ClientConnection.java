package dev.fromzero.raft.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A client's connection to one node: send a frame, wait for the reply frame, with a bound on
 * both. Blocking and single-threaded, as a client that has one request in flight needs.
 */
final class ClientConnection implements AutoCloseable {

    private final String cluster;
    private final InetSocketAddress address;
    private final Socket socket;
    private static final int REST_OF_FRAME_MILLIS = 30_000;

    private final PushbackInputStream in;
    private final OutputStream out;

    private ClientConnection(String cluster, InetSocketAddress address, Socket socket) throws IOException {
        this.cluster = cluster;
        this.address = address;
        this.socket = socket;
        this.in = new PushbackInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** Connects to the node at {@code address} of {@code cluster}, waiting at most {@code timeout}. */
    static ClientConnection open(String cluster, InetSocketAddress address, Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) timeout.toMillis());
            return new ClientConnection(cluster, address, socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends {@code payload} in a frame of {@code kind}. */
    void send(Frame.Kind kind, byte[] payload) throws IOException {
        new Frame(kind, cluster, 0, payload).write(out);
        out.flush();
    }

    /**
     * Waits for the next reply frame, at most {@code timeout}, and returns its payload.
     *
     * @throws SocketTimeoutException if no reply came within {@code timeout}
     * @throws IOException if the connection failed or the reply is not a reply frame of this cluster
     */
    byte[] await(Duration timeout) throws IOException {
        // Only the wait for a frame to begin is bounded by the caller: a timeout in the middle of
        // one would leave the stream misaligned, so the rest gets a generous bound of its own.
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        int first = in.read();
        if (first < 0) {
            throw new IOException("node at " + Members.text(address) + " closed the connection");
        }
        in.unread(first);
        socket.setSoTimeout(REST_OF_FRAME_MILLIS);
        Frame reply = Frame.read(in);
        if (reply == null) {
            throw new IOException("node at " + Members.text(address) + " closed the connection");
        }
        if (reply.kind() != Frame.Kind.REPLY || !reply.cluster().equals(cluster)) {
            throw new BadFrameException("node at " + Members.text(address) + " answered with a " + reply.kind() + " frame of cluster '"
                    + reply.cluster() + "', not a reply of cluster '" + cluster + "'");
        }
        return reply.payload();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
