package dev.fromzero.raft.net;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Frames waiting to go out on one connection, and the thread that writes them, so that the node's
 * event loop never blocks on a slow or dead peer. Sending only queues; the thread writes every
 * frame queued so far and flushes once, so a burst of messages costs one system call.
 *
 * <p>An outbox to a peer ({@link #toPeer}) connects by itself and reconnects after a failure,
 * dropping what was queued: Raft resends whatever matters (heartbeats, AppendEntries, votes), and
 * a peer that is down would only get stale messages. A full queue drops new frames for the same
 * reason. An outbox on an accepted client connection ({@link #on}) ends with the connection.
 */
final class Outbox {

    /** How many frames may wait; more means the peer is not keeping up, and Raft copes with loss. */
    private static final int CAPACITY = 4096;
    private static final int CONNECT_TIMEOUT_MS = 1000;
    /** The pause before reconnecting to a peer that refused or dropped us: it is restarting, or down. */
    private static final long RETRY_MS = 100;

    private final BlockingQueue<Frame> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final InetSocketAddress peer;
    private final String name;
    private final Thread writer;
    private volatile Socket socket;
    private volatile boolean closed;

    private Outbox(InetSocketAddress peer, Socket socket, String name) {
        this.peer = peer;
        this.socket = socket;
        this.name = name;
        this.writer = new Thread(this::run, name);
        this.writer.setDaemon(true);
    }

    /** An outbox that connects to {@code peer}, and reconnects whenever the connection fails. */
    static Outbox toPeer(InetSocketAddress peer, String name) {
        Outbox outbox = new Outbox(peer, null, name);
        outbox.writer.start();
        return outbox;
    }

    /** An outbox on an accepted connection: when writing fails, it closes the connection and stops. */
    static Outbox on(Socket socket, String name) {
        Outbox outbox = new Outbox(null, socket, name);
        outbox.writer.start();
        return outbox;
    }

    /** Queues {@code frame}; returns false (and drops it) if the queue is full or the outbox closed. */
    boolean send(Frame frame) {
        return !closed && queue.offer(frame);
    }

    /** Whether the outbox was closed, or its connection failed. */
    boolean isClosed() {
        return closed;
    }

    /** Stops the writer and closes the connection. */
    void close() {
        closed = true;
        writer.interrupt();
        closeSocket();
    }

    private void run() {
        List<Frame> batch = new ArrayList<>();
        while (!closed) {
            try {
                Socket s = socket != null ? socket : connect();
                if (s == null) {
                    continue;
                }
                OutputStream out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
                while (!closed) {
                    batch.add(queue.take());
                    queue.drainTo(batch);
                    for (Frame frame : batch) {
                        frame.write(out);
                    }
                    batch.clear();
                    out.flush();
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                batch.clear();
                closeSocket();
                if (peer == null) {
                    closed = true;
                } else {
                    queue.clear();
                    pause();
                }
            }
        }
    }

    private Socket connect() {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(peer, CONNECT_TIMEOUT_MS);
            socket = s;
            return s;
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // it never opened
            }
            queue.clear();
            pause();
            return null;
        }
    }

    private void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(RETRY_MS);
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    private void closeSocket() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
