package dev.fromzero.raft;

import java.util.List;
import java.util.Objects;

/**
 * Every message Raft nodes send each other. Each names its sender, its addressee and the
 * sender's term: a node that sees a higher term than its own adopts it and becomes a follower,
 * and a message from a lower term is stale. The fields follow Figure 2 of the Raft paper, with
 * the additions of section 5.3 (fast backup), chapter 7 (snapshots) and the thesis' PreVote and
 * leadership transfer.
 *
 * <p>Messages are values: the simulator round-trips each one through {@link MessageCodec}, so
 * nodes share no objects.
 */
public sealed interface Message {

    /** The sender's id. */
    int from();

    /** The addressee's id. */
    int to();

    /** The sender's term (for a pre-vote request: the term it would campaign in). */
    long term();

    /**
     * A candidate asks for a vote, or a pre-candidate for a pre-vote. A vote goes only to a
     * candidate whose log is at least as up to date as the voter's: last term higher, or the
     * same last term and a last index at least as high.
     *
     * @param preVote whether this is a pre-vote: it changes no one's term or vote
     * @param transfer whether the candidate campaigns because its leader handed leadership to it,
     *     which lets it past voters that still hear from that leader (step 5)
     */
    record RequestVote(int from, int to, long term, long lastLogIndex, long lastLogTerm, boolean preVote,
                       boolean transfer) implements Message {
    }

    /** The answer to a {@link RequestVote}; {@code preVote} says which kind of request it answers. */
    record RequestVoteResponse(int from, int to, long term, boolean preVote, boolean granted) implements Message {
    }

    /**
     * A leader sends entries (none for a heartbeat) that follow the entry at
     * {@code prevLogIndex}, which in the leader's log has term {@code prevLogTerm}, and tells
     * how far the leader has committed. {@code round} is the leader's latest read round (step 7):
     * the follower echoes it, so that an answer proves the follower still followed this leader
     * after a read arrived.
     */
    record AppendEntries(int from, int to, long term, long prevLogIndex, long prevLogTerm, List<Entry> entries,
                         long leaderCommit, long round) implements Message {
        /** An AppendEntries of heartbeat round 0, before any read (step 7). */
        public AppendEntries(int from, int to, long term, long prevLogIndex, long prevLogTerm, List<Entry> entries,
                             long leaderCommit) {
            this(from, to, term, prevLogIndex, prevLogTerm, entries, leaderCommit, 0);
        }

        public AppendEntries {
            entries = List.copyOf(entries);
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).index() != prevLogIndex + 1 + i) {
                    throw new IllegalArgumentException("entries of an AppendEntries must follow prevLogIndex "
                            + prevLogIndex + " without gaps; entry " + i + " has index " + entries.get(i).index());
                }
            }
        }
    }

    /**
     * A follower's answer to {@link AppendEntries}.
     *
     * @param success whether the follower's log held the leader's entry at {@code prevLogIndex}
     * @param index if {@code success}, the index of the last entry the follower now knows matches
     *     the leader's log ({@code prevLogIndex} plus the entries sent); otherwise the
     *     {@code prevLogIndex} it could not match
     * @param conflictTerm if not {@code success}: the term of the follower's entry at
     *     {@code prevLogIndex}, or 0 if its log is shorter than that
     * @param conflictIndex if not {@code success}: the first index of the follower's entries of
     *     {@code conflictTerm}, or, if its log is too short, its last index plus one. The leader
     *     backs up over a whole term per round trip instead of one entry.
     * @param round the {@code round} of the AppendEntries this answers (step 7)
     */
    record AppendEntriesResponse(int from, int to, long term, boolean success, long index, long conflictTerm,
                                 long conflictIndex, long round) implements Message {
        /** An answer to an AppendEntries of round 0. */
        public AppendEntriesResponse(int from, int to, long term, boolean success, long index, long conflictTerm,
                                     long conflictIndex) {
            this(from, to, term, success, index, conflictTerm, conflictIndex, 0);
        }
    }

    /** A leader sends its snapshot to a follower that needs entries the leader has compacted away. */
    record InstallSnapshot(int from, int to, long term, Snapshot snapshot) implements Message {
        public InstallSnapshot {
            Objects.requireNonNull(snapshot, "snapshot");
        }
    }

    /** A follower's answer to {@link InstallSnapshot}: its log now matches the leader's through {@code lastIndex}. */
    record InstallSnapshotResponse(int from, int to, long term, long lastIndex) implements Message {
    }

    /** A leader that hands over leadership tells its chosen successor to campaign now (step 5). */
    record TimeoutNow(int from, int to, long term) implements Message {
    }
}
