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
        RaftLog log = node.log;
        // Entries up to the snapshot are committed, and committed entries match the leader's.
        if (m.prevLogIndex() >= log.snapshotIndex() && log.term(m.prevLogIndex()) != m.prevLogTerm()) {
            reject(node, m);
            return;
        }
        for (Entry entry : m.entries()) {
            if (entry.index() <= log.snapshotIndex()) {
                continue;
            }
            if (entry.index() <= log.lastIndex()) {
                if (log.term(entry.index()) == entry.term()) {
                    continue;
                }
                log.truncateFrom(entry.index());
            }
            log.append(entry);
            node.out.append(entry);
        }
        // Only entries this message vouched for may be committed: later ones may be from a dead term.
        long lastNew = m.prevLogIndex() + m.entries().size();
        long commit = Math.min(m.leaderCommit(), lastNew);
        if (commit > node.commitIndex) {
            node.commitIndex = commit;
        }
        node.out.send(new AppendEntriesResponse(node.id(), m.from(), node.term, true, lastNew, 0, 0, m.round()));
    }

    /**
     * Refuses an AppendEntries whose previous entry this log lacks, with a hint that lets the
     * leader skip a whole term of entries per round trip instead of one entry.
     */
    private static void reject(RaftNode node, AppendEntries m) {
        RaftLog log = node.log;
        long conflictTerm;
        long conflictIndex;
        if (m.prevLogIndex() > log.lastIndex()) {
            conflictTerm = 0;
            conflictIndex = log.lastIndex() + 1;
        } else {
            conflictTerm = log.term(m.prevLogIndex());
            conflictIndex = log.firstIndexOfTerm(m.prevLogIndex());
        }
        node.out.send(new AppendEntriesResponse(node.id(), m.from(), node.term, false, m.prevLogIndex(), conflictTerm, conflictIndex,
                m.round()));
    }

    /** Handles an InstallSnapshot of the current term. */
    static void installSnapshot(RaftNode node, InstallSnapshot m) {
        node.heardFromLeader(m.from());
        Snapshot snapshot = m.snapshot();
        if (snapshot.lastIndex() > node.commitIndex) {
            node.log.replaceSnapshot(snapshot);
            node.commitIndex = snapshot.lastIndex();
            node.applied = snapshot.lastIndex();
            node.out.snapshot = snapshot;
            node.out.install = snapshot;
        }
        node.out.send(new InstallSnapshotResponse(node.id(), m.from(), node.term, node.commitIndex));
    }
}
