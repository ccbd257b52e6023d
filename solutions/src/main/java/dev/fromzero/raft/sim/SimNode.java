//@ chapter 4
package dev.fromzero.raft.sim;

import dev.fromzero.raft.RaftNode;
import dev.fromzero.raft.Role;
import java.util.Map;

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
    private long seenTerm = -1;
    private Role seenRole;
    private long seenCommit;
    private long seenApplied;

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

    /** After a restart: the next {@link #observe} reports the node's state afresh. */
    void forgetSeen() {
        seenTerm = -1;
    }

    /**
     * Traces what changed in this node since the last call, and records it as the leader of its
     * term if it leads.
     *
     * @return null, or what is wrong if another node already led this term
     */
    String observe(Trace trace, long now, Map<Long, Integer> leaderOfTerm) {
        RaftNode raft = node();
        if (raft == null) {
            return null;
        }
        if (raft.term() != seenTerm || raft.role() != seenRole) {
            trace.add(now, name(), "term " + raft.term() + ", " + raft.role()
                    + (raft.role() == Role.FOLLOWER && raft.leader() != RaftNode.NONE ? " of n" + raft.leader() : "")
                    + (raft.votedFor() != RaftNode.NONE ? ", voted for n" + raft.votedFor() : ""));
            seenTerm = raft.term();
            seenRole = raft.role();
        }
        if (raft.commitIndex() != seenCommit || machine.lastIndex() != seenApplied) {
            trace.add(now, name(), "commit " + raft.commitIndex() + ", applied " + machine.lastIndex());
            seenCommit = raft.commitIndex();
            seenApplied = machine.lastIndex();
        }
        if (raft.role() == Role.LEADER) {
            Integer other = leaderOfTerm.putIfAbsent(raft.term(), id);
            if (other != null && other != id) {
                return "two leaders in term " + raft.term() + ": n" + other + " and " + name()
                        + ". A node votes at most once per term, and remembers its vote across crashes.";
            }
        }
        return null;
    }
}
