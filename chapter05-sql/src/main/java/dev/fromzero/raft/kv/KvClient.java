package dev.fromzero.raft.kv;

import dev.fromzero.raft.RaftNode;
import java.util.List;

/**
 * A client's side of the service: its session (client id and next sequence number), its guess
 * of the leader, and the retries. Deterministic and single-threaded like the server: its host
 * calls {@link #start}, {@link #receive} and {@link #tick} from one thread and carries the
 * requests it hands to the {@link Sender}. The simulator hosts it in virtual time; part 2 wraps
 * it in a blocking TCP client.
 *
 * <p>One operation is in flight at a time. It goes to the node the client thinks leads; a
 * "not leader" answer with a hint sends it to the hinted node at once, one without a hint to
 * the next node at the next tick, and no answer within {@code timeoutTicks} to the next node.
 * Every retry carries the <em>same</em> sequence number, so that a write the first leader
 * applied but could not answer is not applied again (the server's session table answers it).
 */
public final class KvClient {

    /** Carries a request to a server. */
    public interface Sender {
        void send(int server, Request request);
    }

    private final long clientId;
    private final List<Integer> servers;
    private final int timeoutTicks;
    private final Sender sender;
    private long nextSeq = 1;
    private int leader;
    private Request inFlight;
    private int elapsed;
    private boolean resendAtTick;

    /**
     * @param clientId this client's id, unique in the cluster and positive
     * @param servers the ids of the cluster's nodes
     * @param timeoutTicks ticks to wait for an answer before trying the next node
     */
    public KvClient(long clientId, List<Integer> servers, int timeoutTicks, Sender sender) {
        if (clientId <= 0 || servers.isEmpty() || timeoutTicks < 1) {
            throw new IllegalArgumentException("need a positive client id, at least one server and a timeout of at least one tick, got "
                    + clientId + ", " + servers + ", " + timeoutTicks);
        }
        this.clientId = clientId;
        this.servers = List.copyOf(servers);
        this.timeoutTicks = timeoutTicks;
        this.sender = sender;
        this.leader = this.servers.get((int) Math.floorMod(clientId, (long) this.servers.size()));
    }

    public long clientId() {
        return clientId;
    }

    /** The node this client sends to next. */
    public int leaderGuess() {
        return leader;
    }

    /** Whether an operation is in flight. */
    public boolean busy() {
        return inFlight != null;
    }

    /** The request in flight, or null. */
    public Request inFlight() {
        return inFlight;
    }

    /**
     * Starts {@code op} as this session's next request and sends it to the node it thinks leads.
     *
     * @throws IllegalStateException if an operation is still in flight
     */
    public Request start(Op op) {
        if (inFlight != null) {
            throw new IllegalStateException("client " + clientId + " still waits for " + inFlight + ": one operation at a time");
        }
        inFlight = new Request(clientId, nextSeq++, op);
        send();
        return inFlight;
    }

    /**
     * An answer from a server. Returns the final answer ({@link Response.Ok} or
     * {@link Response.Failed}) if it ends the operation in flight, null if it does not: an answer
     * to an earlier request, or a "not leader", after which the client tries elsewhere.
     */
    public Response receive(Response response) {
        if (inFlight == null || response.clientId() != clientId || response.seq() != inFlight.seq()) {
            return null;
        }
        if (response instanceof Response.NotLeader notLeader) {
            if (notLeader.leader() != RaftNode.NONE && notLeader.leader() != leader && servers.contains(notLeader.leader())) {
                leader = notLeader.leader();
                send();
            } else {
                leader = next(leader);
                resendAtTick = true;
            }
            return null;
        }
        inFlight = null;
        return response;
    }

    /** One tick: a request unanswered for {@code timeoutTicks} goes to the next node, with the same sequence number. */
    public void tick() {
        if (inFlight == null) {
            return;
        }
        elapsed++;
        if (elapsed >= timeoutTicks) {
            leader = next(leader);
            send();
        } else if (resendAtTick) {
            send();
        }
    }

    private void send() {
        elapsed = 0;
        resendAtTick = false;
        sender.send(leader, inFlight);
    }

    private int next(int server) {
        return servers.get((servers.indexOf(server) + 1) % servers.size());
    }
}
