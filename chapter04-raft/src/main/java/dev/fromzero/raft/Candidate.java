package dev.fromzero.raft;

import dev.fromzero.raft.Message.RequestVote;
import dev.fromzero.raft.Message.RequestVoteResponse;
import dev.fromzero.raft.Message.TimeoutNow;
import java.util.HashSet;
import java.util.Set;

/**
 * An election under way (section 5.2): the node has raised its term and voted for itself, and
 * counts the answers. A majority of grants makes it leader; a majority of refusals makes it a
 * follower again; neither, and its election timeout runs out and it tries again in a new term.
 *
 * <p>With PreVote (step 5) an election starts with a pre-vote round in which nothing changes:
 * the node asks whether it <em>would</em> win in the next term, and raises its term only if a
 * majority says yes. A node cut off from the others then never raises its term, and cannot
 * disturb the cluster when it comes back.
 */
final class Candidate {

    private final boolean preVote;
    private final Set<Integer> granted = new HashSet<>();
    private final Set<Integer> refused = new HashSet<>();

    private Candidate(boolean preVote) {
        this.preVote = preVote;
    }

    /** Starts an election: with a pre-vote round first if PreVote is on, unless leadership was handed over. */
    static void campaign(RaftNode node, boolean transfer) {
        if (node.config.preVote() && !transfer) {
            startPreVote(node);
        } else {
            startElection(node, transfer);
        }
    }

    /** The leader told this node to campaign at once (leadership transfer). */
    static void timeoutNow(RaftNode node, TimeoutNow message) {
        throw new UnsupportedOperationException("TODO(chapter04): Campaign at once, in a real election that skips the pre-vote and marks the requests as a transfer (docs/chapter04-raft.md#step-5-prevote-checkquorum-and-leadership-transfer)");
    }

    private static void startElection(RaftNode node, boolean transfer) {
        throw new UnsupportedOperationException("TODO(chapter04): Raise the term, vote for yourself, restart the timer, and ask every other node for its vote (docs/chapter04-raft.md#step-1-election)");
    }

    private static void startPreVote(RaftNode node) {
        throw new UnsupportedOperationException("TODO(chapter04): Ask every other node for a pre-vote in the next term, without raising your own (docs/chapter04-raft.md#step-5-prevote-checkquorum-and-leadership-transfer)");
    }

    /** An answer to this election's requests (a stale answer of another round is ignored). */
    void handle(RaftNode node, RequestVoteResponse response) {
        if (response.preVote() != preVote || (preVote && response.granted() && response.term() != node.term + 1)) {
            return;
        }
        throw new UnsupportedOperationException("TODO(chapter04): Count each voter's answer once; a majority either way decides (docs/chapter04-raft.md#step-1-election)");
    }

    private void count(RaftNode node) {
        int quorum = node.config.quorum();
        if (granted.size() >= quorum) {
            if (preVote) {
                startElection(node, false);
            } else {
                node.becomeLeader();
            }
        } else if (refused.size() >= quorum) {
            node.becomeFollower(node.term, RaftNode.NONE);
        }
    }
}
