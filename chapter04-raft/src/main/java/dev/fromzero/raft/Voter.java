package dev.fromzero.raft;

import dev.fromzero.raft.Message.RequestVote;
import dev.fromzero.raft.Message.RequestVoteResponse;

/**
 * How any node answers a request for its vote (section 5.2 and 5.4.1 of the Raft paper). Two
 * rules make elections safe: a node votes at most once per term, so two candidates cannot both
 * collect a majority in one term; and it votes only for a candidate whose log is at least as up
 * to date as its own, so every leader holds every committed entry. A pre-vote (step 5) follows
 * the second rule but changes nothing: no term, no vote.
 */
final class Voter {

    private Voter() {
    }

    /** Answers {@code request}, whose term the node has already caught up with (or, for a pre-vote, not). */
    static void handle(RaftNode node, RequestVote request) {
        boolean granted = request.preVote() ? grantsPreVote(node, request) : grantsVote(node, request);
        // A granted pre-vote answers in the term asked about, so the pre-candidate does not take it as a newer term.
        long term = request.preVote() && granted ? request.term() : node.term;
        node.out.send(new RequestVoteResponse(node.id(), request.from(), term, request.preVote(), granted));
    }

    /** Whether {@code request} (of the node's current term) gets this node's vote; granting it records the vote. */
    static boolean grantsVote(RaftNode node, RequestVote request) {
        throw new UnsupportedOperationException("TODO(chapter04): Vote once per term, only for a candidate whose log is at least as up to date; a vote restarts the election timer (docs/chapter04-raft.md#step-1-election)");
    }

    /**
     * Whether a log that ends with an entry of term {@code lastTerm} at {@code lastIndex} is at
     * least as up to date as {@code log}: a later last term wins; with equal last terms, the
     * longer log.
     */
    static boolean isUpToDate(RaftLog log, long lastIndex, long lastTerm) {
        throw new UnsupportedOperationException("TODO(chapter04): Compare the last terms first, then the last indexes (docs/chapter04-raft.md#step-1-election)");
    }

    /** Whether a pre-candidate would get this node's vote in the term it asks about, if it campaigned. */
    static boolean grantsPreVote(RaftNode node, RequestVote request) {
        throw new UnsupportedOperationException("TODO(chapter04): Grant a pre-vote for a later term to an up-to-date log, and change nothing (docs/chapter04-raft.md#step-5-prevote-checkquorum-and-leadership-transfer)");
    }

    /**
     * With CheckQuorum, whether {@code request} comes while this node still hears from a leader
     * (within the minimum election timeout): then it is ignored, term and all, because a live
     * leader must not be deposed by a node that merely lost touch with it. A candidate sent by
     * a leadership transfer is let through.
     */
    static boolean inLease(RaftNode node, RequestVote request) {
        if (!node.config.checkQuorum()) {
            return false;
        }
        throw new UnsupportedOperationException("TODO(chapter04): Ignore vote requests while a leader was heard from within the minimum election timeout, unless leadership is being handed over (docs/chapter04-raft.md#step-5-prevote-checkquorum-and-leadership-transfer)");
    }
}
