package dev.fromzero.raft;

import dev.fromzero.raft.Message.AppendEntries;
import dev.fromzero.raft.Message.AppendEntriesResponse;
import dev.fromzero.raft.Message.InstallSnapshot;
import dev.fromzero.raft.Message.InstallSnapshotResponse;
import dev.fromzero.raft.Message.TimeoutNow;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.TreeMap;

/**
 * A leader's work (sections 5.3, 5.4 and 7): it appends proposals to its log, sends each
 * follower the entries it lacks (or the snapshot, when they are compacted away), and decides
 * when an entry is committed.
 *
 * <p>The commit rule is the subtle part (Figure 8): an entry is committed once a majority holds
 * it <em>and</em> it is of the leader's own term. An entry of an earlier term may sit on a
 * majority and still be overwritten by a later leader; it is committed only indirectly, when an
 * entry of the current term after it is. That is why a new leader starts with a no-op entry.
 *
 * <p>Each follower's {@code next} moves only when the follower answers: a lost message is sent
 * again with the next heartbeat, and a new entry goes out at once only to followers that have
 * acknowledged everything before it, so each entry crosses the network about once per follower.
 */
final class Leader {

    private final RaftNode node;
    private final Map<Integer, Progress> progress = new TreeMap<>();
    private int heartbeatElapsed;
    private int transferee = RaftNode.NONE;
    /** The index of this term's no-op: no read may be served before it is applied (step 7). */
    private final long termStart;
    /** The latest read round: each read starts one, and every AppendEntries carries the latest. */
    private long round;
    /** Reads waiting for a majority to answer their round, oldest (lowest round) first. */
    private final ArrayDeque<PendingRead> reads = new ArrayDeque<>();

    private record PendingRead(long context, long index, long round) {
    }

    /** Takes office: every follower is presumed up to date, and the no-op of the new term goes to all. */
    Leader(RaftNode node) {
        this.node = node;
        this.termStart = node.log.lastIndex() + 1;
        throw new UnsupportedOperationException("TODO(chapter04): Start each follower's next index after your last entry, append a no-op of your term, and send it to everyone (docs/chapter04-raft.md#step-1-election)");
    }

    /** The node leadership is being handed to, or {@link RaftNode#NONE}. */
    int transferee() {
        return transferee;
    }

    void tick() {
        heartbeatElapsed++;
        if (heartbeatElapsed >= node.config.heartbeatInterval()) {
            heartbeatElapsed = 0;
            for (int peer : node.peers()) {
                sendAppend(peer);
            }
        }
        node.electionElapsed++;
        if (node.electionElapsed >= node.config.electionTimeoutMin()) {
            node.electionElapsed = 0;
            transferee = RaftNode.NONE;
            if (node.config.checkQuorum()) {
                checkQuorum();
            }
        }
    }

    /** Appends a client's command, or returns -1 while leadership is being handed over. */
    long propose(byte[] command) {
        if (transferee != RaftNode.NONE) {
            return -1;
        }
        throw new UnsupportedOperationException("TODO(chapter04): Append the command in your term, send it to the followers that are up to date, and return its index (docs/chapter04-raft.md#step-2-log-replication-and-the-commit-rule)");
    }

    /**
     * A linearizable read (ReadIndex): it must wait for the commit index as it is now, but never
     * for less than this term's no-op (a new leader may not know yet how far its predecessors
     * committed), and for a majority to answer a heartbeat sent after it arrived (a newer leader
     * may have been elected without this one hearing of it).
     */
    void read(long context) {
        throw new UnsupportedOperationException("TODO(chapter04): Note the index the read waits for (the commit index, at least your term's no-op), start a new round, send a heartbeat to everyone, and confirm what you can (docs/chapter04-raft.md#step-7-linearizable-reads-and-the-client)");
    }

    void handle(AppendEntriesResponse response) {
        Progress p = progress.get(response.from());
        p.active = true;
        p.round = Math.max(p.round, response.round());
        confirmReads();
        if (response.success()) {
            acknowledged(response.from(), p, response.index());
        } else {
            backUp(response.from(), p, response);
        }
    }

    void handle(InstallSnapshotResponse response) {
        Progress p = progress.get(response.from());
        p.active = true;
        throw new UnsupportedOperationException("TODO(chapter04): The follower now matches through the snapshot: count it, and send what follows (docs/chapter04-raft.md#step-4-snapshots)");
    }

    /** Hands leadership to {@code to} once its log is up to date. */
    void transfer(int to) {
        throw new UnsupportedOperationException("TODO(chapter04): Stop taking proposals, bring the new leader up to date, and tell it to campaign once it is (docs/chapter04-raft.md#step-5-prevote-checkquorum-and-leadership-transfer)");
    }

    private void append(Entry entry) {
        node.log.append(entry);
        node.out.append(entry);
    }

    /** A follower holds the leader's entries through {@code index}. */
    private void acknowledged(int peer, Progress p, long index) {
        throw new UnsupportedOperationException("TODO(chapter04): Record how far the follower matches, commit what you can, send it what follows, and finish a transfer to it (docs/chapter04-raft.md#step-2-log-replication-and-the-commit-rule)");
    }

    /** A follower refused an AppendEntries: move its next index back, as far as its hint allows, and try again. */
    private void backUp(int peer, Progress p, AppendEntriesResponse response) {
        throw new UnsupportedOperationException("TODO(chapter04): Ignore stale refusals; back next up past the conflicting term using the follower's hint, and send again (docs/chapter04-raft.md#step-2-log-replication-and-the-commit-rule)");
    }

    /** Commits the highest entry of this term that a majority holds (Figure 8: never one of an earlier term by counting). */
    private void commit() {
        throw new UnsupportedOperationException("TODO(chapter04): Find the highest index of your own term held by a majority (you included), and commit through it (docs/chapter04-raft.md#step-2-log-replication-and-the-commit-rule)");
    }

    /** Releases, in order, every read whose round a majority (this leader included) has answered. */
    private void confirmReads() {
        throw new UnsupportedOperationException("TODO(chapter04): While a majority, you included, has answered the oldest read's round or a later one, hand it out as a ReadState (docs/chapter04-raft.md#step-7-linearizable-reads-and-the-client)");
    }

    /** Sends {@code peer} what it lacks from its next index: entries, or the snapshot if they are compacted away. */
    private void sendAppend(int peer) {
        Progress p = progress.get(peer);
        if (p.next <= node.log.snapshotIndex()) {
            sendSnapshot(peer);
        } else {
            sendEntries(peer, p);
        }
    }

    private void sendEntries(int peer, Progress p) {
        throw new UnsupportedOperationException("TODO(chapter04): Send the entries from the follower's next index on, with the index and term of the one before, and your commit index (docs/chapter04-raft.md#step-1-election)");
    }

    private void sendSnapshot(int peer) {
        throw new UnsupportedOperationException("TODO(chapter04): Send the follower your snapshot (docs/chapter04-raft.md#step-4-snapshots)");
    }

    /** Steps down unless a majority answered since the last check (CheckQuorum). */
    private void checkQuorum() {
        throw new UnsupportedOperationException("TODO(chapter04): Count the followers that answered since the last check, you included; without a majority, step down; start counting afresh (docs/chapter04-raft.md#step-5-prevote-checkquorum-and-leadership-transfer)");
    }
}
