//@ chapter 4
package dev.fromzero.raft.sim;

import dev.fromzero.raft.RaftConfig;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How a simulation is set up: the cluster, the one seed everything random is drawn from, the
 * network, the Raft options of every node, how often the state machines snapshot, and where the
 * nodes keep their files.
 *
 * @param nodes the number of nodes, numbered 1 to {@code nodes}
 * @param seed the seed of the whole run: the same seed replays the same run, event for event
 * @param network the network profile at the start
 * @param preVote whether nodes use PreVote (step 5)
 * @param checkQuorum whether leaders use CheckQuorum (step 5)
 * @param snapshotEvery a node's state machine takes a snapshot each time it has applied this many
 *     entries (MIT's tests take one every 10); 0 for never
 * @param tickMs virtual milliseconds between two ticks of a node
 * @param disks where the nodes keep their files, and what a crash does to them; null to keep each
 *     node's storage in memory and run the bare node without the learner's replica and storage
 *     (steps 1 and 2, which come before them)
 * @param replay the command that replays this run, printed with every failure
 */
public record SimConfig(int nodes, long seed, NetworkProfile network, boolean preVote, boolean checkQuorum,
                        int snapshotEvery, int tickMs, Disks disks, String replay) {

    public SimConfig {
        if (nodes < 1) {
            throw new IllegalArgumentException("a cluster has at least one node, not " + nodes);
        }
        if (snapshotEvery < 0 || tickMs < 1) {
            throw new IllegalArgumentException("need snapshotEvery >= 0 and tickMs >= 1, got " + snapshotEvery + " and " + tickMs);
        }
    }

    /**
     * {@code nodes} replicas on the learner's storage in {@code disks}, on a reliable network,
     * ticking every 10 ms, without step 5's options or snapshots.
     */
    public static SimConfig onDisks(int nodes, long seed, Disks disks) {
        return new SimConfig(nodes, seed, NetworkProfile.reliable(), false, false, 0, 10, disks,
                "run again with seed " + seed);
    }

    /** The same, but bare nodes with in-memory storage: for steps 1 and 2, before the replica and storage exist. */
    public static SimConfig inMemory(int nodes, long seed) {
        return onDisks(nodes, seed, null);
    }

    public SimConfig withNetwork(NetworkProfile profile) {
        return new SimConfig(nodes, seed, profile, preVote, checkQuorum, snapshotEvery, tickMs, disks, replay);
    }

    public SimConfig withPreVoteAndCheckQuorum(boolean on) {
        return new SimConfig(nodes, seed, network, on, on, snapshotEvery, tickMs, disks, replay);
    }

    public SimConfig withSnapshotEvery(int entries) {
        return new SimConfig(nodes, seed, network, preVote, checkQuorum, entries, tickMs, disks, replay);
    }

    public SimConfig withReplay(String command) {
        return new SimConfig(nodes, seed, network, preVote, checkQuorum, snapshotEvery, tickMs, disks, command);
    }

    /** Node {@code id}'s Raft configuration, with the usual timing and a seed of its own drawn from {@code nodeSeed}. */
    RaftConfig raftConfig(int id, long nodeSeed) {
        List<Integer> ids = IntStream.rangeClosed(1, nodes).boxed().toList();
        return RaftConfig.of(id, ids, nodeSeed).withPreVoteAndCheckQuorum(preVote, checkQuorum);
    }
}
