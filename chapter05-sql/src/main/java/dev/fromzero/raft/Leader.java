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
        for (int peer : node.peers()) {
            progress.put(peer, new Progress(node.log.lastIndex() + 1));
        }
        append(Entry.noop(node.log.lastIndex() + 1, node.term));
        for (int peer : node.peers()) {
            sendAppend(peer);
        }
        commit();
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
        Entry entry = new Entry(node.log.lastIndex() + 1, node.term, command);
        append(entry);
        progress.forEach((peer, p) -> {
            if (p.next == entry.index()) {
                sendAppend(peer);
            }
        });
        commit();
        return entry.index();
    }

    /**
     * A linearizable read (ReadIndex): it must wait for the commit index as it is now, but never
     * for less than this term's no-op (a new leader may not know yet how far its predecessors
     * committed), and for a majority to answer a heartbeat sent after it arrived (a newer leader
     * may have been elected without this one hearing of it).
     */
    void read(long context) {
        round++;
        reads.add(new PendingRead(context, Math.max(node.commitIndex, termStart), round));
        for (int peer : node.peers()) {
            sendAppend(peer);
        }
        confirmReads();
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
        acknowledged(response.from(), p, response.lastIndex());
    }

    /** Hands leadership to {@code to} once its log is up to date. */
    void transfer(int to) {
        transferee = to;
        node.electionElapsed = 0;
        Progress p = progress.get(to);
        if (p.match == node.log.lastIndex()) {
            node.out.send(new TimeoutNow(node.id(), to, node.term));
        } else {
            sendAppend(to);
        }
    }

    private void append(Entry entry) {
        node.log.append(entry);
        node.out.append(entry);
    }

    /** A follower holds the leader's entries through {@code index}. */
    private void acknowledged(int peer, Progress p, long index) {
        if (index <= p.match) {
            return;
        }
        p.match = index;
        p.next = Math.max(p.next, index + 1);
        commit();
        if (p.next <= node.log.lastIndex()) {
            sendAppend(peer);
        }
        if (peer == transferee && p.match == node.log.lastIndex()) {
            node.out.send(new TimeoutNow(node.id(), peer, node.term));
        }
    }

    /** A follower refused an AppendEntries: move its next index back, as far as its hint allows, and try again. */
    private void backUp(int peer, Progress p, AppendEntriesResponse response) {
        if (response.index() != p.next - 1) {
            return;
        }
        long next = response.conflictIndex();
        if (response.conflictTerm() != 0) {
            long last = node.log.lastIndexOfTerm(response.conflictTerm(), response.index());
            if (last > 0) {
                next = last + 1;
            }
        }
        p.next = Math.max(p.match + 1, Math.min(next, response.index()));
        sendAppend(peer);
    }

    /** Commits the highest entry of this term that a majority holds (Figure 8: never one of an earlier term by counting). */
    private void commit() {
        for (long n = node.log.lastIndex(); n > node.commitIndex && node.log.term(n) == node.term; n--) {
            int holders = 1;
            for (Progress p : progress.values()) {
                if (p.match >= n) {
                    holders++;
                }
            }
            if (holders >= node.config.quorum()) {
                node.commitIndex = n;
                return;
            }
        }
    }

    /** Releases, in order, every read whose round a majority (this leader included) has answered. */
    private void confirmReads() {
        while (!reads.isEmpty()) {
            PendingRead read = reads.peek();
            int answered = 1;
            for (Progress p : progress.values()) {
                if (p.round >= read.round()) {
                    answered++;
                }
            }
            if (answered < node.config.quorum()) {
                return;
            }
            reads.remove();
            node.out.readStates.add(new ReadState(read.context(), read.index()));
        }
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
        long prev = p.next - 1;
        node.out.send(new AppendEntries(node.id(), peer, node.term, prev, node.log.term(prev),
                node.log.slice(p.next, node.log.lastIndex(), RaftNode.MAX_ENTRIES_PER_MESSAGE), node.commitIndex, round));
    }

    private void sendSnapshot(int peer) {
        node.out.send(new InstallSnapshot(node.id(), peer, node.term, node.log.snapshot()));
    }

    /** Steps down unless a majority answered since the last check (CheckQuorum). */
    private void checkQuorum() {
        int active = 1;
        for (Progress p : progress.values()) {
            if (p.active) {
                active++;
            }
            p.active = false;
        }
        if (active < node.config.quorum()) {
            node.becomeFollower(node.term, RaftNode.NONE);
        }
    }
}
