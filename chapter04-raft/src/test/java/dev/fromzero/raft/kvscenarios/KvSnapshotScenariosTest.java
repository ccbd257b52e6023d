package dev.fromzero.raft.kvscenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.raft.Message;
import dev.fromzero.raft.RaftNode;
import dev.fromzero.raft.kv.KvStateMachine;
import dev.fromzero.raft.kvscenarios.KvCluster.Workload;
import dev.fromzero.raft.kvscenarios.KvRun.Setup;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 8 under chaos: MIT 6.5840's kvraft snapshot tests (4B) in the simulator, and a restart
 * of every node from its disk. The servers snapshot every {@value #THRESHOLD} applied entries;
 * every run's history must be linearizable.
 */
@Seeded
@Step(chapter = 4, number = 8, title = "Snapshots of the store", guide = "docs/chapter04-raft.md#step-8-snapshots-of-the-store")
@Hint("A snapshot is the store's state after exactly the entry at its index, sessions included; a restart restores "
        + "it only if the store is behind it, then re-applies the log after it, skipping what the store already holds.")
class KvSnapshotScenariosTest {

    static final int THRESHOLD = 10;
    /** The most entries a node may keep after its snapshot: MIT bounds the Raft state to a multiple of the threshold likewise. */
    private static final int MAX_LOG_ENTRIES = 4 * THRESHOLD;

    private static final Workload THREE_KEYS = Workload.over("a", "b", "c");
    private static final List<String> KEYS = THREE_KEYS.keys();

    @Test
    @Points(2)
    @DisplayName("with snapshots on, every node's log stays within four thresholds while three clients write")
    void logStaysBounded(Seed seed, @Scratch Path scratch) {
        KvRun.run(seed, scratch, 2, Setup.of(3).snapshotsEvery(THRESHOLD), cluster -> {
            for (int i = 0; i < 12; i++) {
                cluster.runClients(100, THREE_KEYS);
                for (int id = 1; id <= cluster.nodes(); id++) {
                    RaftNode raft = cluster.sim().raft(id);
                    assertThat(raft.entries().size()).as("entries n%d keeps after its snapshot (snapshot index %d, last index %d): "
                            + "the server must snapshot the store every %d applied entries", id, raft.snapshotIndex(),
                            raft.lastIndex(), THRESHOLD).isLessThanOrEqualTo(MAX_LOG_ENTRIES);
                }
            }
            cluster.finishAll(2_000, "on a healthy cluster");
            assertThat(cluster.sim().raft(1).snapshotIndex()).as("n1 took or received a snapshot").isPositive();
        });
    }

    @Test
    @Points(3)
    @DisplayName("with snapshots on, nodes lose power (one, or all three) and recover from snapshot and log while two clients write: linearizable")
    void recoveryFromSnapshot(Seed seed, @Scratch Path scratch) {
        KvRun.run(seed, scratch, 2, Setup.of(2).snapshotsEvery(THRESHOLD), cluster -> {
            for (int round = 0; round < 3; round++) {
                cluster.runClients(400, THREE_KEYS);
                cluster.crashRandom(round == 1 ? 1 : 3);
                cluster.runClients(100, THREE_KEYS);
                cluster.restartAll();
                cluster.finishAll(5_000, "after the crashed nodes restarted");
                cluster.runClients(400, THREE_KEYS);
            }
            cluster.finishAll(5_000, "after every node restarted");
            assertThat(cluster.sim().raft(1).snapshotIndex()).as("n1 restarted from a snapshot").isPositive();
        });
    }

    @Test
    @Points(3)
    @DisplayName("over an unreliable network, a node cut off while the others compact catches up by InstallSnapshot: linearizable")
    void unreliableSnapshotInstall(Seed seed, @Scratch Path scratch) {
        KvRun.run(seed, scratch, 3, Setup.of(3).unreliable().snapshotsEvery(THRESHOLD), cluster -> {
            AtomicLong installs = new AtomicLong();
            cluster.sim().watchSends(m -> {
                if (m instanceof Message.InstallSnapshot) {
                    installs.incrementAndGet();
                }
            });
            for (int round = 0; round < 2; round++) {
                cluster.runClients(300, THREE_KEYS);
                int lagging = 1 + cluster.random().nextInt(cluster.nodes());
                cluster.sim().network().disconnect(lagging);
                cluster.runClients(1_000, THREE_KEYS);
                cluster.sim().network().connect(lagging);
                cluster.runClients(300, THREE_KEYS);
            }
            cluster.finishAll(10_000, "once the network is whole");
            assertThat(cluster.sim().runUntil(5_000, () -> caughtUp(cluster)))
                    .as("every node applies everything the leader applied").isTrue();
            assertThat(installs.get()).as("InstallSnapshot messages sent: a node that missed compacted entries needs one")
                    .isPositive();
        });
    }

    private static boolean caughtUp(KvCluster cluster) {
        long highest = cluster.sim().highestApplied();
        for (int id = 1; id <= cluster.nodes(); id++) {
            if (cluster.sim().appliedIndex(id) < highest) {
                return false;
            }
        }
        return true;
    }

    @Test
    @Points(3)
    @DisplayName("after every node loses power at once and restarts from disk, every key and every client's session is as it was")
    @Hint("The sessions are part of the store and of the snapshot; the last applied index goes in the same batch as "
            + "each entry's effect, so a restart neither loses an entry nor applies one twice.")
    void restartAllFromDisk(Seed seed, @Scratch Path scratch) {
        KvRun.run(seed, scratch, 2, Setup.of(3).snapshotsEvery(THRESHOLD), cluster -> {
            cluster.runClients(500, THREE_KEYS);
            cluster.finishAll(2_000, "on a healthy cluster");
            assertThat(cluster.sim().runUntil(2_000, () -> caughtUp(cluster))).as("every node applies everything").isTrue();
            KvStateMachine first = cluster.kv().machine(1);
            Map<String, String> values = new HashMap<>();
            KEYS.forEach(key -> values.put(key, first.get(key)));
            long[] seqs = new long[cluster.clients() + 1];
            for (int c = 1; c <= cluster.clients(); c++) {
                seqs[c] = first.lastSeq(c);
                assertThat(seqs[c]).as("client %d's session has its requests", c).isPositive();
            }
            long applied = cluster.sim().highestApplied();
            for (int id = 1; id <= cluster.nodes(); id++) {
                cluster.sim().crashLosingUnsynced(id);
            }
            cluster.restartAll();
            assertThat(cluster.sim().runUntil(5_000, () -> {
                for (int id = 1; id <= cluster.nodes(); id++) {
                    if (cluster.kv().machine(id) == null || cluster.kv().machine(id).appliedIndex() < applied) {
                        return false;
                    }
                }
                return true;
            })).as("every node is back at index %d within 5 s", applied).isTrue();
            for (int id = 1; id <= cluster.nodes(); id++) {
                KvStateMachine machine = cluster.kv().machine(id);
                for (String key : KEYS) {
                    assertThat(machine.get(key)).as("n%d's value of %s after the restart of every node", id, key)
                            .isEqualTo(values.get(key));
                }
                for (int c = 1; c <= cluster.clients(); c++) {
                    assertThat(machine.lastSeq(c)).as("n%d's session of client %d after the restart: a lost session lets a "
                            + "retry apply twice", id, c).isEqualTo(seqs[c]);
                }
            }
            long before = cluster.returned();
            cluster.runClients(500, THREE_KEYS);
            cluster.finishAll(2_000, "after the restart");
            assertThat(cluster.returned()).as("the service answers after the restart").isGreaterThan(before);
        });
    }
}
