//@ chapter 4
package dev.fromzero.raft.sim;

import dev.fromzero.raft.RaftNode;
import dev.fromzero.raft.Replica;
import dev.fromzero.raft.Role;

/**
 * One simulated machine: a replica while it is up, and what outlives its crashes (its disk,
 * seen through {@link DurableView}). Each start is a new incarnation, so that ticks and
 * compactions scheduled by an earlier one do nothing.
 */
final class SimNode {

    final int id;
    final DurableView durable = new DurableView();
    Replica replica;
    WatchedStorage storage;
    SimStateMachine machine;
    int incarnation;

    /** What the trace last said about this node, to report only changes. */
    long seenTerm = -1;
    Role seenRole;
    long seenCommit;
    long seenApplied;

    SimNode(int id) {
        this.id = id;
    }

    boolean up() {
        return replica != null;
    }

    RaftNode node() {
        return replica == null ? null : replica.node();
    }

    String name() {
        return "n" + id;
    }
}
