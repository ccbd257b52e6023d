//@ chapter 4
package dev.fromzero.raft.net;

import dev.fromzero.raft.Message;
import dev.fromzero.raft.MessageCodec;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's port on 127.0.0.1: it accepts connections from peers and clients alike, and reads
 * frames on each with a thread of its own. Everything that comes in is checked here, before it
 * reaches the event loop: the frame ({@link Frame#read}), the cluster id, and for a Raft message
 * that its sender is another node of the configuration and that it is addressed to this node.
 * A frame that fails a check is logged, naming what is wrong and where it came from, and its
 * connection is closed; the node goes on serving everyone else.
 *
 * <p>Loopback only: the runtime has no authentication, so it must not be reachable from elsewhere.
 */
final class Listener implements AutoCloseable {

    /** Where checked input goes: the event loop. */
    interface Inbound {
        /** A Raft message from a peer. */
        void message(Message message);

        /** A client's request; its reply goes to {@code replies}. */
        void request(byte[] payload, Outbox replies);

        /** A request for this node's status; the reply goes to {@code replies}. */
        void status(Outbox replies);
    }

    private final String cluster;
    private final int self;
    private final List<Integer> nodes;
    private final Inbound inbound;
    private final PrintStream log;
    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private Listener(String cluster, int self, List<Integer> nodes, Inbound inbound, PrintStream log, ServerSocket server) {
        this.cluster = cluster;
        this.self = self;
        this.nodes = List.copyOf(nodes);
        this.inbound = inbound;
        this.log = log;
        this.server = server;
    }

    /**
     * Listens on 127.0.0.1:{@code port} for node {@code self} of {@code cluster}, whose nodes are
     * {@code nodes}, and hands what it reads to {@code inbound}; errors go to {@code log}.
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    static Listener start(String cluster, int self, List<Integer> nodes, int port, Inbound inbound, PrintStream log) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
            Listener listener = new Listener(cluster, self, nodes, inbound, log, server);
            daemon(listener::accept, "raft " + self + " accept").start();
            return listener;
        } catch (IOException e) {
            throw new UncheckedIOException("node " + self + " cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** The port it listens on. */
    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                open.add(socket);
                daemon(() -> read(socket), "raft " + self + " read " + socket.getRemoteSocketAddress()).start();
            } catch (IOException e) {
                if (!closed) {
                    log.println("node " + self + ": accepting a connection failed: " + e.getMessage());
                }
            }
        }
    }

    /** Reads frames until the connection ends or sends something this node does not accept. */
    private void read(Socket socket) {
        String from = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        Outbox replies = null;
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            for (Frame frame; (frame = Frame.read(in)) != null; ) {
                check(frame);
                switch (frame.kind()) {
                    case RAFT -> inbound.message(message(frame));
                    case REQUEST, STATUS -> {
                        if (replies == null) {
                            replies = Outbox.on(socket, "raft " + self + " replies to " + from);
                        }
                        if (frame.kind() == Frame.Kind.REQUEST) {
                            inbound.request(frame.payload(), replies);
                        } else {
                            inbound.status(replies);
                        }
                    }
                    case REPLY -> throw new BadFrameException("a reply frame sent to a node, which takes requests only");
                }
            }
        } catch (BadFrameException e) {
            log.println("node " + self + ": bad frame from " + from + ": " + e.getMessage() + "; closing that connection");
        } catch (SocketException e) {
            // the other side went away (or this node closes): nothing to report
        } catch (IOException e) {
            if (!closed) {
                log.println("node " + self + ": reading from " + from + " failed: " + e.getMessage() + "; closing that connection");
            }
        } finally {
            open.remove(socket);
            if (replies != null) {
                replies.close();
            }
        }
    }

    private void check(Frame frame) throws BadFrameException {
        if (!frame.cluster().equals(cluster)) {
            throw new BadFrameException("wrong cluster id '" + frame.cluster() + "': this node " + self
                    + " is in cluster '" + cluster + "'");
        }
        if (frame.kind() == Frame.Kind.RAFT && (frame.sender() == self || !nodes.contains(frame.sender()))) {
            throw new BadFrameException("a Raft message from node " + frame.sender()
                    + ", which is not one of this node's peers " + nodes.stream().filter(n -> n != self).toList());
        }
    }

    private Message message(Frame frame) throws BadFrameException {
        Message message;
        try {
            message = MessageCodec.decode(frame.payload());
        } catch (IllegalArgumentException e) {
            throw new BadFrameException(e.getMessage());
        }
        if (message.from() != frame.sender() || message.to() != self) {
            throw new BadFrameException("a Raft message from node " + message.from() + " to node " + message.to()
                    + " in a frame from node " + frame.sender() + " to node " + self);
        }
        return message;
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
