package dev.fromzero.raft;

import java.util.List;

/**
 * A Raft node as a deterministic state machine: no threads, no clock, no I/O. Its caller feeds
 * it ticks of a logical clock, messages from other nodes and proposals from clients, and gets
 * back from each call a {@link Ready}: what to persist, what to send, what to apply.
 */
public final class RaftNode {

    /** The id of no node: no vote cast, no leader known. */
    public static final int NONE = 0;

    /** A node restarted from what its storage holds ({@link PersistentState#EMPTY} for a new one). */
    public RaftNode(RaftConfig config, PersistentState state) {
        throw new UnsupportedOperationException("being written");
    }

    /** One tick of the logical clock: followers count towards an election, leaders towards a heartbeat. */
    public Ready tick() {
        throw new UnsupportedOperationException("being written");
    }

    /** Handles a message from another node. Messages addressed to another node are an error. */
    public Ready step(Message message) {
        throw new UnsupportedOperationException("being written");
    }

    /** Appends {@code command} (at least one byte) to the log if this node is the leader. */
    public Proposal propose(byte[] command) {
        throw new UnsupportedOperationException("being written");
    }

    /**
     * The application has a snapshot of its state through entry {@code index}, which it has
     * applied: the node keeps it in place of the entries up to {@code index}.
     */
    public Ready compact(long index, byte[] snapshot) {
        throw new UnsupportedOperationException("being written");
    }

    /** Hands leadership to node {@code to}: brings its log up to date, then tells it to campaign now. */
    public Ready transferLeadership(int to) {
        throw new UnsupportedOperationException("being written");
    }

    /** This node's id. */
    public int id() {
        throw new UnsupportedOperationException("being written");
    }

    /** What this node is doing in its term. */
    public Role role() {
        throw new UnsupportedOperationException("being written");
    }

    /** The current term. */
    public long term() {
        throw new UnsupportedOperationException("being written");
    }

    /** Whom this node voted for in its current term, or {@link #NONE}. */
    public int votedFor() {
        throw new UnsupportedOperationException("being written");
    }

    /** The leader of the current term as far as this node knows, or {@link #NONE}. */
    public int leader() {
        throw new UnsupportedOperationException("being written");
    }

    /** The highest index known to be committed. */
    public long commitIndex() {
        throw new UnsupportedOperationException("being written");
    }

    /** The highest index handed to the state machine (in a {@link Ready}, or by a snapshot). */
    public long appliedIndex() {
        throw new UnsupportedOperationException("being written");
    }

    /** The index of the last entry of the log (the snapshot's if the log after it is empty; 0 if none). */
    public long lastIndex() {
        throw new UnsupportedOperationException("being written");
    }

    /** The term of the last entry of the log (the snapshot's if the log after it is empty; 0 if none). */
    public long lastTerm() {
        throw new UnsupportedOperationException("being written");
    }

    /** The last index the snapshot covers, 0 if there is none. */
    public long snapshotIndex() {
        throw new UnsupportedOperationException("being written");
    }

    /** The entries after the snapshot, in index order. */
    public List<Entry> entries() {
        throw new UnsupportedOperationException("being written");
    }
}
