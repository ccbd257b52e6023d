package dev.fromzero.raft.sim;

import dev.fromzero.raft.RaftNode;
import dev.fromzero.raft.Role;

/**
 * One simulated machine: a running node while it is up, and what outlives its crashes (its
 * disk, seen through {@link DurableView}, or its in-memory storage). Each start is a new incarnation, so that ticks and
 * compactions scheduled by an earlier one do nothing.
 */
final class SimNode {

    final int id;
    final DurableView durable = new DurableView();
    /** The node's storage when the simulation keeps it in memory (steps 1 and 2), else null. */
    final MemoryStorage memory;
    Runner runner;
    WatchedStorage storage;
    SimStateMachine machine;
    int incarnation;

    /** What the trace last said about this node, to report only changes. */
    long seenTerm = -1;
    Role seenRole;
    long seenCommit;
    long seenApplied;

    SimNode(int id, boolean inMemory) {
        this.id = id;
        this.memory = inMemory ? new MemoryStorage() : null;
    }

    boolean up() {
        return runner != null;
    }

    RaftNode node() {
        return runner == null ? null : runner.node();
    }

    String name() {
        return "n" + id;
    }
}
