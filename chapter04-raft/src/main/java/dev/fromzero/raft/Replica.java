package dev.fromzero.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * A node with its storage, network and state machine: it feeds the node and carries out each
 * {@link Ready} in the only safe order. State is persisted and synced before any message goes
 * out, because a message may promise it: a vote promises not to vote again in that term, an
 * acknowledgement promises to keep the entries, and the sender counts on both to elect and to
 * commit. A crash between the write and the send then loses only an unsent message. Committed
 * entries are applied last, once they are durable here too.
 *
 * <p>The simulator drives replicas, and part 2's TCP runtime drives the same class. A replica
 * is not thread-safe: its driver calls it from one thread.
 */
public final class Replica {

    private final RaftNode node;
    private final RaftStorage storage;
    private final Transport transport;
    private final StateMachine stateMachine;
    /** Reads the leader confirmed, until the application takes them (step 7). */
    private final List<ReadState> readStates = new ArrayList<>();

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
        throw new UnsupportedOperationException("TODO(chapter04): Load what the storage holds, restore the state machine from its snapshot if any, and start the node from it (docs/chapter04-raft.md#step-3-persistence)");
    }

    /** The node, for its accessors. */
    public RaftNode node() {
        return node;
    }

    /** One tick of the logical clock. */
    public void tick() {
        carryOut(node.tick());
    }

    /** A message from the network. */
    public void receive(Message message) {
        carryOut(node.step(message));
    }

    /** Proposes a command; see {@link RaftNode#propose}. The returned Ready has been handled already. */
    public Proposal propose(byte[] command) {
        Proposal proposal = node.propose(command);
        if (proposal instanceof Proposal.Accepted accepted) {
            carryOut(accepted.ready());
        }
        return proposal;
    }

    /** The application's snapshot through {@code index}; see {@link RaftNode#compact}. */
    public void compact(long index, byte[] snapshot) {
        carryOut(node.compact(index, snapshot));
    }

    /** Hands leadership to {@code to}; see {@link RaftNode#transferLeadership}. */
    public void transferLeadership(int to) {
        carryOut(node.transferLeadership(to));
    }

    /**
     * Asks for a linearizable read; see {@link RaftNode#readIndex}. Once confirmed, it is among
     * {@link #takeReadStates()}.
     */
    public void readIndex(long context) {
        carryOut(node.readIndex(context));
    }

    /** The reads confirmed since the last call, in the order they were confirmed. */
    public List<ReadState> takeReadStates() {
        List<ReadState> taken = List.copyOf(readStates);
        readStates.clear();
        return taken;
    }

    private void carryOut(Ready ready) {
        handle(ready);
        readStates.addAll(ready.readStates());
    }

    /** Carries out {@code ready}: persist and sync, then send, then install and apply. */
    void handle(Ready ready) {
        throw new UnsupportedOperationException("TODO(chapter04): Store the hard state, snapshot and entries and sync them; only then send the messages; then install and apply (docs/chapter04-raft.md#step-3-persistence)");
    }
}
