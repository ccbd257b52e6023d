package dev.fromzero.raft.kvscenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.raft.Message;
import dev.fromzero.raft.Role;
import dev.fromzero.raft.kvscenarios.KvCluster.Workload;
import dev.fromzero.raft.kvscenarios.KvRun.Setup;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 7 under chaos: MIT 6.5840's kvraft tests (4A) in the simulator, and a client whose leader
 * crashes in the middle of a commit. Clients send random puts, gets, deletes and cas; every run's
 * history must be linearizable (checked by testkit's checker, which prints a witness if not),
 * and the service must keep answering whenever a majority can talk.
 */
@Seeded
@Step(chapter = 4, number = 7, title = "Linearizable reads and the client",
        guide = "docs/chapter04-raft.md#step-7-linearizable-reads-and-the-client")
@Hint("A failing history names the operations no single map could have answered. A stale get means a read was "
        + "served without a fresh majority round (or before the machine applied the read index); a write seen twice, "
        + "or a cas that says false but took effect, means a retry was applied again: check the session table.")
class KvScenariosTest {

    private static final Workload THREE_KEYS = Workload.over("a", "b", "c");

    /** Runs the clients and asserts that at least {@code atLeast} operations returned: a service that answers nothing passes no check. */
    private static void clientsMakeProgress(KvCluster cluster, long ms, Workload workload, int atLeast) {
        long before = cluster.returned();
        cluster.runClients(ms, workload);
        assertThat(cluster.returned() - before)
                .as("operations answered in %d ms while a majority and its clients could talk (MIT's kvraft expects progress)", ms)
                .isGreaterThanOrEqualTo(atLeast);
    }

    @Test
    @Points(2)
    @DisplayName("one client on a healthy cluster: every operation is answered, and the history is linearizable")
    void basic(Seed seed, @Scratch Path scratch) {
        KvRun.run(seed, scratch, 4, Setup.of(1), cluster -> {
            clientsMakeProgress(cluster, 1_500, THREE_KEYS, 20);
            cluster.finishAll(2_000, "on a healthy cluster");
        });
    }

    @Test
    @Points(2)
    @DisplayName("five concurrent clients on a healthy cluster: linearizable, and every client is answered")
    void concurrentClients(Seed seed, @Scratch Path scratch) {
        KvRun.run(seed, scratch, 3, Setup.of(5), cluster -> {
            clientsMakeProgress(cluster, 1_000, THREE_KEYS, 40);
            cluster.finishAll(2_000, "on a healthy cluster");
            for (int c = 1; c <= 5; c++) {
                int client = c;
                assertThat(cluster.history().stream().filter(op -> op.client() == client && !op.unknown()).count())
                        .as("client %d's operations answered: no client may starve", c).isGreaterThan(5);
            }
        });
    }

    @Test
    @Points(2)
    @DisplayName("five clients over an unreliable network (lost, delayed, duplicated messages): linearizable")
    void unreliableNetwork(Seed seed, @Scratch Path scratch) {
        KvRun.run(seed, scratch, 5, Setup.of(5).unreliable(), cluster -> {
            clientsMakeProgress(cluster, 3_000, THREE_KEYS, 20);
            cluster.finishAll(10_000, "once the clients stop, over an unreliable network");
        });
    }

    @Test
    @Points(2)
    @DisplayName("five clients racing on one key with cas over an unreliable network: linearizable")
    void oneKeyUnderContention(Seed seed, @Scratch Path scratch) {
        KvRun.run(seed, scratch, 5, Setup.of(5).unreliable(), cluster -> {
            clientsMakeProgress(cluster, 3_000, Workload.over("k").casHeavy(), 20);
            cluster.finishAll(10_000, "once the clients stop, over an unreliable network");
            assertThat(cluster.history()).as("some cas must win the race").anyMatch(op -> Boolean.TRUE.equals(op.output())
                    && op.op() == dev.fromzero.testkit.lin.Op.CAS);
        });
    }

    @Test
    @Points(2)
    @DisplayName("one client, with the cluster cut in two again and again: linearizable; the client is answered once healed")
    void partitionsOneClient(Seed seed, @Scratch Path scratch) {
        KvRun.run(seed, scratch, 4, Setup.of(1), cluster -> partitionRounds(cluster, 5));
    }

    @Test
    @Points(3)
    @DisplayName("five clients, each on either side of repeated partitions: linearizable; every client is answered once healed")
    void partitionsManyClients(Seed seed, @Scratch Path scratch) {
        KvRun.run(seed, scratch, 2, Setup.of(5), cluster -> partitionRounds(cluster, 3));
    }

    /**
     * MIT's partition tests: clients run while the cluster is cut at random, then the cut heals and
     * everyone is answered. The clients on the minority side only read while cut off: a write
     * would stall them until the heal, and their reads are what a deposed leader could answer
     * stale.
     */
    private static void partitionRounds(KvCluster cluster, int rounds) {
        for (int round = 0; round < rounds; round++) {
            Set<Integer> cutOff = cluster.randomPartition();
            cluster.runClients(500, client -> cutOff.contains(client) ? THREE_KEYS.readsOnly() : THREE_KEYS);
            cluster.heal();
            cluster.finishAll(5_000, "after the cut healed");
            cluster.runClients(200, THREE_KEYS);
        }
        cluster.finishAll(5_000, "after the cut healed");
    }

    @Test
    @Points(3)
    @DisplayName("five clients while nodes lose power (one, or all three) and restart: linearizable, nothing answered is lost")
    void crashes(Seed seed, @Scratch Path scratch) {
        KvRun.run(seed, scratch, 2, Setup.of(5), cluster -> {
            for (int round = 0; round < 3; round++) {
                cluster.runClients(400, THREE_KEYS);
                cluster.crashRandom(round % 2 == 0 ? 1 : 3);
                cluster.runClients(200, THREE_KEYS);
                cluster.restartAll();
                cluster.finishAll(5_000, "after the crashed nodes restarted");
                cluster.runClients(400, THREE_KEYS);
            }
            cluster.finishAll(5_000, "after every node restarted");
        });
    }

    @Test
    @Points(3)
    @DisplayName("partitions and power cuts together, over an unreliable network: linearizable")
    void partitionsAndCrashes(Seed seed, @Scratch Path scratch) {
        KvRun.run(seed, scratch, 3, Setup.of(5).unreliable(), cluster -> {
            for (int round = 0; round < 4; round++) {
                Set<Integer> cutOff = cluster.randomPartition();
                cluster.runClients(500, client -> cutOff.contains(client) ? THREE_KEYS.readsOnly() : THREE_KEYS);
                cluster.crashRandom(1 + cluster.random().nextInt(2));
                cluster.runClients(200, THREE_KEYS);
                cluster.heal();
                cluster.restartAll();
                cluster.runClients(500, THREE_KEYS);
            }
            cluster.finishAll(10_000, "after the network healed and every node restarted");
        });
    }

    @Test
    @Points(3)
    @DisplayName("a leader that loses power as it sends a client's write to its followers: the client's retry takes effect exactly once")
    @Hint("The write may or may not be committed by the next leader; the client retries it there with the same sequence "
            + "number, and the session table must answer a write it has already applied with its first answer.")
    void retryAfterLeaderCrashMidCommit(Seed seed, @Scratch Path scratch) {
        KvRun.run(seed, scratch, 3, Setup.of(3), cluster -> {
            int[] cuts = {0};
            cluster.sim().crashOnSend((node, message) -> message instanceof Message.AppendEntries append
                    && !append.entries().isEmpty() && cluster.sim().raft(node).role() == Role.LEADER
                    && cluster.random().nextInt(25) == 0 && ++cuts[0] <= 4);
            for (int round = 0; round < 6; round++) {
                cluster.runClients(400, Workload.over("counter").casHeavy());
                cluster.restartAll();
            }
            cluster.sim().crashOnSend((node, message) -> false);
            cluster.restartAll();
            cluster.finishAll(5_000, "after the crashed leaders restarted");
            assertThat(cuts[0]).as("a leader lost power in the middle of replicating a write").isPositive();
            long answeredWrites = cluster.history().stream()
                    .filter(op -> !op.unknown() && op.op() != dev.fromzero.testkit.lin.Op.GET).count();
            assertThat(answeredWrites).as("writes answered despite the crashes").isPositive();
        });
    }
}
