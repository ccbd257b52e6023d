package dev.fromzero.raft;

/** What a node is doing in its current term. */
public enum Role {
    /** Answers leaders and candidates; starts an election when it hears from no leader for an election timeout. */
    FOLLOWER,
    /** Asks for pre-votes without raising its term (step 5): an election it could not win would disturb nobody. */
    PRE_CANDIDATE,
    /** Has raised its term, voted for itself, and asks the others for votes. */
    CANDIDATE,
    /** Won its term's election: takes proposals, replicates them, and decides when they commit. */
    LEADER
}
