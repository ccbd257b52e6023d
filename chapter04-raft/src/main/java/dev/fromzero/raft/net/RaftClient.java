package dev.fromzero.raft.net;

import dev.fromzero.raft.kv.KvClient;
import dev.fromzero.raft.kv.KvCodec;
import dev.fromzero.raft.kv.Op;
import dev.fromzero.raft.kv.Request;
import dev.fromzero.raft.kv.Response;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * A blocking client of a real cluster: {@code put}, {@code get}, {@code delete} and {@code cas}
 * return once the cluster has answered. The decisions (whom to ask, when to retry, with which
 * sequence number) are {@link KvClient}'s, the deterministic client core the simulator runs;
 * this class only carries its requests over TCP and feeds it the answers and the ticks of a real
 * clock. A node that refuses the connection counts as one that timed out, at once.
 *
 * <p>Not thread-safe: one operation at a time, as a session has. Use one client per thread.
 */
public final class RaftClient implements AutoCloseable {

    /** No node answered within the limit: the operation may or may not have taken effect. */
    public static final class NoAnswerException extends RuntimeException {
        NoAnswerException(String message) {
            super(message);
        }
    }

    /** One tick of the client's clock. */
    private static final Duration TICK = Duration.ofMillis(20);
    /** Ticks to wait for a node before asking the next: 1 s, several elections' worth. */
    private static final int TIMEOUT_TICKS = 50;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

    private final String cluster;
    private final Members members;
    private final Duration limit;
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, ClientConnection> connections = new TreeMap<>();
    private KvClient core;
    /** The node the last request went to, and whether it could be reached. */
    private int sentTo;
    private boolean unreachable;

    /** A client of {@code cluster}, whose nodes are {@code members}; an operation gives up after {@code limit}. */
    public RaftClient(String cluster, Members members, Duration limit) {
        this.cluster = cluster;
        this.members = members;
        this.limit = limit;
        this.core = newSession();
    }

    /** A client of the cluster that {@code file} describes, giving up after 10 s. */
    public static RaftClient of(ClusterFile file) {
        return new RaftClient(file.cluster(), file.members(), Duration.ofSeconds(10));
    }

    /** This client's session id. */
    public long clientId() {
        return core.clientId();
    }

    /** Sets {@code key} to {@code value}. */
    public void put(String key, String value) {
        execute(new Op.Put(key, value));
    }

    /** The value of {@code key}, or null if it has none. */
    public String get(String key) {
        return execute(new Op.Get(key)).value();
    }

    /** Deletes {@code key}; returns whether it existed. */
    public boolean delete(String key) {
        return execute(new Op.Delete(key)).success();
    }

    /** Sets {@code key} to {@code value} if its value is {@code expected} (null: if it has none); returns whether it did. */
    public boolean cas(String key, String expected, String value) {
        return execute(new Op.Cas(key, expected, value)).success();
    }

    /**
     * Runs {@code op} and returns the cluster's answer.
     *
     * @throws NoAnswerException if no node answered in time; the client then starts a new session
     * @throws IllegalStateException if the cluster refused the operation, saying why
     */
    public Response.Ok execute(Op op) {
        long deadline = System.nanoTime() + limit.toNanos();
        long nextTick = System.nanoTime() + TICK.toNanos();
        core.start(op);
        while (true) {
            long now = System.nanoTime();
            if (now - deadline > 0) {
                Request lost = core.inFlight();
                core = newSession();
                throw new NoAnswerException("no node of cluster '" + cluster + "' answered " + lost.op() + " within "
                        + limit.toSeconds() + " s (last tried: node " + sentTo + "); it may or may not have taken effect");
            }
            if (unreachable) {
                skipUnreachable();
                nextTick = System.nanoTime() + TICK.toNanos();
                continue;
            }
            if (now - nextTick >= 0) {
                core.tick();
                nextTick += TICK.toNanos();
                continue;
            }
            Response answer = await(Duration.ofNanos(nextTick - now));
            if (answer == null) {
                continue;
            }
            Response done = core.receive(answer);
            if (done instanceof Response.Ok ok) {
                return ok;
            }
            if (done instanceof Response.Failed failed) {
                throw new IllegalStateException("cluster '" + cluster + "' refused " + op + ": " + failed.reason());
            }
        }
    }

    /** The node sent to cannot be reached: wait a tick (all may be down), then let the core's timeout move on at once. */
    private void skipUnreachable() {
        try {
            Thread.sleep(TICK.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoAnswerException("interrupted while waiting for cluster '" + cluster + "'");
        }
        int stuck = sentTo;
        for (int i = 0; i < TIMEOUT_TICKS && unreachable && sentTo == stuck; i++) {
            core.tick();
        }
    }

    /** The next answer on the connection of the node last sent to, or null if none came in {@code wait}. */
    private Response await(Duration wait) {
        ClientConnection connection = connections.get(sentTo);
        if (connection == null) {
            unreachable = true;
            return null;
        }
        try {
            return KvCodec.decodeResponse(connection.await(wait));
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException | IllegalArgumentException e) {
            drop(sentTo);
            unreachable = true;
            return null;
        }
    }

    /** The core's {@link KvClient.Sender}: writes the request to node {@code server}, connecting if need be. */
    private void send(int server, Request request) {
        sentTo = server;
        unreachable = false;
        try {
            ClientConnection connection = connections.get(server);
            if (connection == null) {
                connection = ClientConnection.open(cluster, members.address(server), CONNECT_TIMEOUT);
                connections.put(server, connection);
            }
            connection.send(Frame.Kind.REQUEST, KvCodec.encodeRequest(request));
        } catch (IOException e) {
            drop(server);
            unreachable = true;
        }
    }

    private void drop(int server) {
        ClientConnection connection = connections.remove(server);
        if (connection != null) {
            connection.close();
        }
    }

    private KvClient newSession() {
        long id = random.nextLong() & Long.MAX_VALUE;
        return new KvClient(id == 0 ? 1 : id, members.ids(), TIMEOUT_TICKS, this::send);
    }

    /**
     * Asks node {@code id} of {@code cluster} for its status.
     *
     * @throws IOException if it cannot be reached or does not answer within {@code timeout}
     */
    public static NodeStatus status(String cluster, Members members, int id, Duration timeout) throws IOException {
        try (ClientConnection connection = ClientConnection.open(cluster, members.address(id), timeout)) {
            connection.send(Frame.Kind.STATUS, new byte[0]);
            try {
                return NodeStatus.decode(connection.await(timeout));
            } catch (IllegalArgumentException e) {
                throw new IOException("node " + id + " answered with something that is not a status: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        connections.values().forEach(ClientConnection::close);
        connections.clear();
    }
}
