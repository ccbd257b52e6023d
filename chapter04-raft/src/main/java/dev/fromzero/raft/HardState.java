package dev.fromzero.raft;

/**
 * What a node must remember across a crash besides its log (Figure 2's "persistent state"): the
 * latest term it has seen and whom it voted for in that term. Forgetting either lets it vote
 * twice in one term, and two leaders can then be elected in that term.
 *
 * @param term the current term, 0 before the first election
 * @param votedFor the node voted for in {@code term}, or {@link RaftNode#NONE}
 */
public record HardState(long term, int votedFor) {

    /** The state of a node that has never run. */
    public static final HardState INITIAL = new HardState(0, RaftNode.NONE);

    public HardState {
        if (term < 0) {
            throw new IllegalArgumentException("a term is never negative, got " + term);
        }
        if (votedFor < 0) {
            throw new IllegalArgumentException("votedFor is a node id or NONE (0), got " + votedFor);
        }
    }
}
