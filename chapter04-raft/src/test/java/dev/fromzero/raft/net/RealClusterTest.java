package dev.fromzero.raft.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.raft.Role;
import dev.fromzero.testkit.Bounded;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Slow;
import dev.fromzero.testkit.Step;
import dev.fromzero.testkit.lin.History;
import dev.fromzero.testkit.lin.Linearizability;
import dev.fromzero.testkit.lin.Op;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 9: three nodes, each a JVM of its own, on 127.0.0.1, with their logs synced to disk.
 * Clients write while the leader is killed with {@code kill -9}; the other two go on serving;
 * the killed node restarts from its files and catches up; nothing a client was told is done is
 * lost, even once the restarted node is needed for a majority; and the clients' history, with the
 * operations whose outcome the kill left unknown, is linearizable.
 */
@Step(chapter = 4, number = 9, title = "Running for real", guide = "docs/chapter04-raft.md#step-9-running-for-real")
@Hint("The runtime is given: if the simulated scenarios of steps 1 to 8 pass, so should this. If it does not, read "
        + "the nodes' logs the failure prints: a node that stopped on an exception says so there.")
class RealClusterTest {

    private static final List<String> NODE_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx128m");
    private static final int WRITERS = 3;
    /** Acknowledged writes between one event and the next: enough for each phase to see real traffic. */
    private static final int BATCH = 15;
    private static final String SHARED = "shared";

    /**
     * Writers, each a client of its own. Two operations in three put a key nobody else writes
     * (w{writer}-{n} = v{n}); the third reads the one key they all share and compare-and-sets it
     * from what it read, so that the history has contention to check, across the kill.
     */
    private static final class Writers {
        final History history;
        final long start;
        final Map<String, String> acknowledged = new ConcurrentHashMap<>();
        final Map<String, String> unknown = new ConcurrentHashMap<>();
        final AtomicInteger count = new AtomicInteger();
        final AtomicBoolean stop = new AtomicBoolean();
        final List<Thread> threads = new ArrayList<>();
        final List<Throwable> failures = new ArrayList<>();

        Writers(ClusterFile cluster, History history, long start) {
            this.history = history;
            this.start = start;
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                Thread thread = new Thread(() -> write(cluster, writer), "writer " + w);
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }

        private void write(ClusterFile cluster, int writer) {
            try (RaftClient client = new RaftClient(cluster.cluster(), cluster.members(), Duration.ofSeconds(20))) {
                for (int n = 0; !stop.get(); n++) {
                    if (n % 3 == 2) {
                        String seen = get(client, writer, SHARED);
                        cas(client, writer, SHARED, seen, "w" + writer + "-" + n);
                        continue;
                    }
                    String key = "w" + writer + "-" + n;
                    int call = history.call(writer, Op.PUT, key, "v" + n, null, now());
                    try {
                        client.put(key, "v" + n);
                        history.returned(call, null, now());
                        acknowledged.put(key, "v" + n);
                        count.incrementAndGet();
                    } catch (RaftClient.NoAnswerException e) {
                        unknown.put(key, "v" + n);
                    }
                }
            } catch (RuntimeException | Error e) {
                synchronized (failures) {
                    failures.add(e);
                }
            }
        }

        String get(RaftClient client, int writer, String key) {
            int call = history.call(writer, Op.GET, key, null, null, now());
            try {
                String value = client.get(key);
                history.returned(call, value, now());
                return value;
            } catch (RaftClient.NoAnswerException e) {
                return null;
            }
        }

        void cas(RaftClient client, int writer, String key, String expected, String value) {
            int call = history.call(writer, Op.CAS, key, value, expected, now());
            try {
                history.returned(call, client.cas(key, expected, value), now());
            } catch (RaftClient.NoAnswerException e) {
                // unknown outcome: the call stays without a return
            }
        }

        long now() {
            return (System.nanoTime() - start) / 1_000;
        }

        void awaitMore(int more, String while_) {
            int target = count.get() + more;
            Bounded.until(() -> "clients to have " + more + " more writes acknowledged " + while_ + " (they have "
                    + count.get() + " of " + target + "; failures: " + failures + ")", () -> count.get() >= target);
        }

        void stop() {
            stop.set(true);
            threads.forEach(t -> Bounded.join("a writer to finish its last put", t));
            assertThat(failures).as("the writers' clients failed").isEmpty();
        }
    }

    @Test
    @Points(4)
    @Slow("starts three node JVMs, kills the leader with kill -9 and restarts it")
    @DisplayName("a killed leader's cluster keeps serving; restarted, it catches up, and no acknowledged write is lost")
    void killedLeaderCatchesUpAndNothingAcknowledgedIsLost(@Scratch Path dir) {
        try (LocalCluster cluster = LocalCluster.start(dir, 3, "real-cluster-test", NODE_JVM)) {
            ClusterFile file = ClusterFile.read(cluster.clusterFile());
            History history = new History();
            Writers writers = new Writers(file, history, System.nanoTime());
            writers.awaitMore(BATCH, "with all three nodes up");
            int killed = awaitLeader(cluster);
            cluster.kill(killed);
            writers.awaitMore(BATCH, "after the leader, node " + killed + ", was killed with kill -9: the other two must elect "
                    + "a leader and go on");
            cluster.restart(killed);
            writers.awaitMore(BATCH, "after node " + killed + " restarted");
            writers.stop();

            int leader = awaitLeader(cluster);
            long commit = status(cluster, leader).commitIndex();
            Bounded.until(() -> "the restarted node " + killed + " to apply every entry up to " + commit + ", the leader's "
                            + "commit index; it reports " + statusText(cluster, killed) + "; its log:\n" + cluster.log(killed),
                    () -> appliedIndex(cluster, killed) >= commit);

            // Now the restarted node is needed: with another node down, it is half of every majority.
            int other = cluster.members().ids().stream().filter(id -> id != killed).findFirst().orElseThrow();
            cluster.kill(other);
            try (RaftClient reader = new RaftClient(file.cluster(), file.members(), Duration.ofSeconds(20))) {
                Map<String, String> lost = new TreeMap<>();
                writers.acknowledged.forEach((key, value) -> {
                    String read = writers.get(reader, WRITERS, key);
                    if (!value.equals(read)) {
                        lost.put(key, value + " (read: " + read + ")");
                    }
                });
                writers.get(reader, WRITERS, SHARED);
                assertThat(lost).as("acknowledged writes read back from nodes %s and %s after node %d was killed, out of %d "
                                + "acknowledged (%d with unknown outcome, which may go either way): an acknowledged write is "
                                + "committed and must never be lost",
                        killed, 6 - killed - other, other, writers.acknowledged.size(), writers.unknown.size())
                        .isEmpty();
            }
            // Seed 0: the run is not seeded (the kill and the real clock decide the interleaving), but the file has a name.
            String scenario = "RealClusterTest#killedLeaderCatchesUpAndNothingAcknowledgedIsLost";
            Linearizability.assertLinearizable(scenario, 0, history.operations());
        }
    }

    /** The id of the node that leads, once one does. */
    private static int awaitLeader(LocalCluster cluster) {
        int[] leader = {0};
        Bounded.until(() -> "a leader among the running nodes: " + statuses(cluster), () -> {
            leader[0] = 0;
            long term = -1;
            for (int id : cluster.members().ids()) {
                NodeStatus status = status(cluster, id);
                if (status != null && status.role() == Role.LEADER && status.term() > term) {
                    leader[0] = id;
                    term = status.term();
                }
            }
            return leader[0] != 0;
        });
        return leader[0];
    }

    private static NodeStatus status(LocalCluster cluster, int id) {
        if (!cluster.isRunning(id)) {
            return null;
        }
        try {
            return RaftClient.status(cluster.cluster(), cluster.members(), id, Duration.ofSeconds(5));
        } catch (IOException e) {
            return null;
        }
    }

    private static long appliedIndex(LocalCluster cluster, int id) {
        NodeStatus status = status(cluster, id);
        return status == null ? -1 : status.appliedIndex();
    }

    private static String statusText(LocalCluster cluster, int id) {
        NodeStatus status = status(cluster, id);
        return status == null ? "nothing (it does not answer)" : status.toString();
    }

    private static String statuses(LocalCluster cluster) {
        List<String> all = new ArrayList<>();
        for (int id : cluster.members().ids()) {
            all.add(statusText(cluster, id));
        }
        return all.toString();
    }
}
