//@ chapter 4
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
        //@ todo 4: Start each follower's next index after your last entry, append a no-op of your term, and send it to everyone (docs/chapter04-raft.md#step-1-election)
        for (int peer : node.peers()) {
            progress.put(peer, new Progress(node.log.lastIndex() + 1));
        }
        append(Entry.noop(node.log.lastIndex() + 1, node.term));
        for (int peer : node.peers()) {
            sendAppend(peer);
        }
        commit();
        //@ end
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
        //@ todo 4: Append the command in your term, send it to the followers that are up to date, and return its index (docs/chapter04-raft.md#step-2-log-replication-and-the-commit-rule)
        Entry entry = new Entry(node.log.lastIndex() + 1, node.term, command);
        append(entry);
        progress.forEach((peer, p) -> {
            if (p.next == entry.index()) {
                sendAppend(peer);
            }
        });
        commit();
        return entry.index();
        //@ end
    }

    /**
     * A linearizable read (ReadIndex): it must wait for the commit index as it is now, but never
     * for less than this term's no-op (a new leader may not know yet how far its predecessors
     * committed), and for a majority to answer a heartbeat sent after it arrived (a newer leader
     * may have been elected without this one hearing of it).
     */
    void read(long context) {
        //@ todo 4: Note the index the read waits for (the commit index, at least your term's no-op), start a new round, send a heartbeat to everyone, and confirm what you can (docs/chapter04-raft.md#step-7-linearizable-reads-and-the-client)
        round++;
        reads.add(new PendingRead(context, Math.max(node.commitIndex, termStart), round));
        for (int peer : node.peers()) {
            sendAppend(peer);
        }
        confirmReads();
        //@ end
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
        //@ todo 4: The follower now matches through the snapshot: count it, and send what follows (docs/chapter04-raft.md#step-4-snapshots)
        acknowledged(response.from(), p, response.lastIndex());
        //@ end
    }

    /** Hands leadership to {@code to} once its log is up to date. */
    void transfer(int to) {
        //@ todo 4: Stop taking proposals, bring the new leader up to date, and tell it to campaign once it is (docs/chapter04-raft.md#step-5-prevote-checkquorum-and-leadership-transfer)
        transferee = to;
        node.electionElapsed = 0;
        Progress p = progress.get(to);
        if (p.match == node.log.lastIndex()) {
            node.out.send(new TimeoutNow(node.id(), to, node.term));
        } else {
            sendAppend(to);
        }
        //@ end
    }

    private void append(Entry entry) {
        node.log.append(entry);
        node.out.append(entry);
    }

    /** A follower holds the leader's entries through {@code index}. */
    private void acknowledged(int peer, Progress p, long index) {
        //@ todo 4: Record how far the follower matches, commit what you can, send it what follows, and finish a transfer to it (docs/chapter04-raft.md#step-2-log-replication-and-the-commit-rule)
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
        //@ end
    }

    /** A follower refused an AppendEntries: move its next index back, as far as its hint allows, and try again. */
    private void backUp(int peer, Progress p, AppendEntriesResponse response) {
        //@ todo 4: Ignore stale refusals; back next up past the conflicting term using the follower's hint, and send again (docs/chapter04-raft.md#step-2-log-replication-and-the-commit-rule)
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
        //@ end
    }

    /** Commits the highest entry of this term that a majority holds (Figure 8: never one of an earlier term by counting). */
    private void commit() {
        //@ todo 4: Find the highest index of your own term held by a majority (you included), and commit through it (docs/chapter04-raft.md#step-2-log-replication-and-the-commit-rule)
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
        //@ end
    }

    /** Releases, in order, every read whose round a majority (this leader included) has answered. */
    private void confirmReads() {
        //@ todo 4: While a majority, you included, has answered the oldest read's round or a later one, hand it out as a ReadState (docs/chapter04-raft.md#step-7-linearizable-reads-and-the-client)
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
        //@ end
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
        //@ todo 4: Send the entries from the follower's next index on, with the index and term of the one before, and your commit index (docs/chapter04-raft.md#step-1-election)
        long prev = p.next - 1;
        node.out.send(new AppendEntries(node.id(), peer, node.term, prev, node.log.term(prev),
                node.log.slice(p.next, node.log.lastIndex(), RaftNode.MAX_ENTRIES_PER_MESSAGE), node.commitIndex, round));
        //@ end
    }

    private void sendSnapshot(int peer) {
        //@ todo 4: Send the follower your snapshot (docs/chapter04-raft.md#step-4-snapshots)
        node.out.send(new InstallSnapshot(node.id(), peer, node.term, node.log.snapshot()));
        //@ end
    }

    /** Steps down unless a majority answered since the last check (CheckQuorum). */
    private void checkQuorum() {
        //@ todo 4: Count the followers that answered since the last check, you included; without a majority, step down; start counting afresh (docs/chapter04-raft.md#step-5-prevote-checkquorum-and-leadership-transfer)
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
        //@ end
    }
}
