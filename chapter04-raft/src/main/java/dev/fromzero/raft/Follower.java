package dev.fromzero.raft;

import dev.fromzero.raft.Message.AppendEntries;
import dev.fromzero.raft.Message.AppendEntriesResponse;
import dev.fromzero.raft.Message.InstallSnapshot;
import dev.fromzero.raft.Message.InstallSnapshotResponse;

/**
 * How a node takes entries and snapshots from the leader of its term (sections 5.3 and 7).
 *
 * <p>The consistency check keeps the Log Matching Property: an AppendEntries says which entry
 * the new ones follow ({@code prevLogIndex}, {@code prevLogTerm}), and the follower takes them
 * only if its log holds that entry. Since the leader's log matched the follower's up to there,
 * where the two logs differ after it the follower's entries are from a dead term and go; where
 * they agree, nothing is cut, because a delayed, shorter AppendEntries must not undo a longer
 * one the follower has already acknowledged.
 */
final class Follower {

    private Follower() {
    }

    /** Handles an AppendEntries of the current term. */
    static void appendEntries(RaftNode node, AppendEntries m) {
        node.heardFromLeader(m.from());
        throw new UnsupportedOperationException("TODO(chapter04): Check that your log holds the entry before the new ones; append those you lack, cutting your log where it conflicts; learn the commit index (docs/chapter04-raft.md#step-2-log-replication-and-the-commit-rule)");
    }

    /**
     * Refuses an AppendEntries whose previous entry this log lacks, with a hint that lets the
     * leader skip a whole term of entries per round trip instead of one entry.
     */
    private static void reject(RaftNode node, AppendEntries m) {
        throw new UnsupportedOperationException("TODO(chapter04): Refuse, telling the leader your log's length or the term at prevLogIndex and where that term starts (docs/chapter04-raft.md#step-2-log-replication-and-the-commit-rule)");
    }

    /** Handles an InstallSnapshot of the current term. */
    static void installSnapshot(RaftNode node, InstallSnapshot m) {
        node.heardFromLeader(m.from());
        throw new UnsupportedOperationException("TODO(chapter04): Unless you have committed past it already, make the snapshot yours (log, commit and applied index) and have it stored and installed (docs/chapter04-raft.md#step-4-snapshots)");
    }
}
