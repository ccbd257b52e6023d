package dev.fromzero.raft;

import java.util.List;

/**
 * How a node is set up. Every node of a cluster has the same {@code nodes}, each its own
 * {@code id}.
 *
 * @param id this node's id, one of {@code nodes}
 * @param nodes the ids of every node of the cluster, this one included; ids are positive
 * @param electionTimeoutMin the fewest ticks a follower waits without hearing from a leader before it campaigns
 * @param electionTimeoutMax the most ticks it waits; each wait is drawn anew in
 *     {@code [electionTimeoutMin, electionTimeoutMax]}, so that two nodes rarely campaign at once
 * @param heartbeatInterval the ticks between a leader's heartbeats; well below the election timeout
 * @param seed seeds the node's random election timeouts: the node takes randomness from nowhere else,
 *     so a run replays exactly
 * @param preVote whether a node asks for pre-votes before it raises its term (step 5)
 * @param checkQuorum whether a leader steps down when it has not heard from a quorum for an
 *     election timeout, and followers that hear from a leader ignore vote requests (step 5)
 */
public record RaftConfig(int id, List<Integer> nodes, int electionTimeoutMin, int electionTimeoutMax,
                         int heartbeatInterval, long seed, boolean preVote, boolean checkQuorum) {

    public RaftConfig {
        nodes = List.copyOf(nodes);
        if (nodes.stream().anyMatch(n -> n <= 0)) {
            throw new IllegalArgumentException("node ids must be positive (0 means none), got " + nodes);
        }
        if (nodes.stream().distinct().count() != nodes.size()) {
            throw new IllegalArgumentException("node ids must be distinct, got " + nodes);
        }
        if (!nodes.contains(id)) {
            throw new IllegalArgumentException("node " + id + " is not one of the cluster's nodes " + nodes);
        }
        if (heartbeatInterval < 1 || electionTimeoutMin <= heartbeatInterval || electionTimeoutMax < electionTimeoutMin) {
            throw new IllegalArgumentException("need 1 <= heartbeatInterval < electionTimeoutMin <= electionTimeoutMax, got "
                    + heartbeatInterval + ", " + electionTimeoutMin + ", " + electionTimeoutMax);
        }
    }

    /** A node {@code id} of {@code nodes} with the usual timing (election 10–20 ticks, heartbeat every 2), no PreVote or CheckQuorum. */
    public static RaftConfig of(int id, List<Integer> nodes, long seed) {
        return new RaftConfig(id, nodes, 10, 20, 2, seed, false, false);
    }

    /** This configuration with PreVote and CheckQuorum switched on or off. */
    public RaftConfig withPreVoteAndCheckQuorum(boolean preVote, boolean checkQuorum) {
        return new RaftConfig(id, nodes, electionTimeoutMin, electionTimeoutMax, heartbeatInterval, seed, preVote, checkQuorum);
    }

    /** This configuration for another node of the same cluster, with its own seed. */
    public RaftConfig forNode(int otherId, long otherSeed) {
        return new RaftConfig(otherId, nodes, electionTimeoutMin, electionTimeoutMax, heartbeatInterval, otherSeed, preVote, checkQuorum);
    }

    /** The number of nodes that make a majority. */
    public int quorum() {
        return nodes.size() / 2 + 1;
    }
}
