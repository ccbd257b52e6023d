package dev.fromzero.raft;

/**
 * A node with its storage, network and state machine: it feeds the node and carries out each
 * {@link Ready} in the only safe order (persist and sync, then send, then apply). The simulator
 * drives replicas, and part 2's TCP runtime drives the same class.
 */
public final class Replica {

    private final RaftNode node;
    private final RaftStorage storage;
    private final Transport transport;
    private final StateMachine stateMachine;

    private Replica(RaftNode node, RaftStorage storage, Transport transport, StateMachine stateMachine) {
        this.node = node;
        this.storage = storage;
        this.transport = transport;
        this.stateMachine = stateMachine;
    }

    /**
     * Starts (or restarts) a node from what {@code storage} holds; the state machine is first
     * restored from the stored snapshot, if there is one.
     */
    public static Replica open(RaftConfig config, RaftStorage storage, Transport transport, StateMachine stateMachine) {
        throw new UnsupportedOperationException("being written");
    }

    /** The node, for its accessors. */
    public RaftNode node() {
        return node;
    }

    /** One tick of the logical clock. */
    public void tick() {
        handle(node.tick());
    }

    /** A message from the network. */
    public void receive(Message message) {
        handle(node.step(message));
    }

    /** Proposes a command; see {@link RaftNode#propose}. The returned Ready has been handled already. */
    public Proposal propose(byte[] command) {
        Proposal proposal = node.propose(command);
        if (proposal instanceof Proposal.Accepted accepted) {
            handle(accepted.ready());
        }
        return proposal;
    }

    /** The application's snapshot through {@code index}; see {@link RaftNode#compact}. */
    public void compact(long index, byte[] snapshot) {
        handle(node.compact(index, snapshot));
    }

    /** Hands leadership to {@code to}; see {@link RaftNode#transferLeadership}. */
    public void transferLeadership(int to) {
        handle(node.transferLeadership(to));
    }

    /** Carries out {@code ready}: persist and sync, then send, then install and apply. */
    void handle(Ready ready) {
        throw new UnsupportedOperationException("being written");
    }
}
