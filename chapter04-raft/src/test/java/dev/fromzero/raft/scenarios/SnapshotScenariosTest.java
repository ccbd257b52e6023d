package dev.fromzero.raft.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.raft.Message;
import dev.fromzero.raft.RaftNode;
import dev.fromzero.raft.sim.NetworkProfile;
import dev.fromzero.raft.sim.SimConfig;
import dev.fromzero.raft.sim.Simulation;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 4 in the simulator: MIT 6.5840's 3D scenarios. Every node's state machine takes a
 * snapshot each time it has applied {@value #SNAPSHOT_EVERY} entries, as MIT's tests do; the
 * simulator checks that a node restored from a snapshot, its own or its leader's, holds exactly
 * the entries applied up to the snapshot's index.
 */
@Seeded
@Step(chapter = 4, number = 4, title = "Snapshots", guide = "docs/chapter04-raft.md#step-4-snapshots")
@Hint("After a snapshot the log starts after snapshotIndex: every index lookup must subtract it, and the entry "
        + "before the first one kept has the snapshot's term. A follower that needs an entry the leader compacted "
        + "gets InstallSnapshot instead.")
class SnapshotScenariosTest {

    static final int SNAPSHOT_EVERY = 10;
    /** The most entries a node may keep after its snapshot: MIT bounds the Raft state's size likewise. */
    private static final int MAX_LOG_ENTRIES = 4 * SNAPSHOT_EVERY;

    /** MIT runs 30 rounds over one seed; we run 20 over each of many. */
    private static final int ROUNDS = 20;

    private static final UnaryOperator<SimConfig> SNAPSHOTS = config -> config.withSnapshotEvery(SNAPSHOT_EVERY);
    private static final UnaryOperator<SimConfig> UNRELIABLE_SNAPSHOTS =
            config -> config.withSnapshotEvery(SNAPSHOT_EVERY).withNetwork(NetworkProfile.unreliable());

    /**
     * MIT's {@code snapcommon}: rounds in which a victim is cut off or crashed (or neither) while
     * the leader takes a batch of commands, then comes back and must catch up, by InstallSnapshot
     * when the leader has compacted what it lacks.
     *
     * @return how many InstallSnapshot messages were sent
     */
    private static long snapshotRounds(Cluster cluster, boolean disconnect, boolean crash) {
        Simulation sim = cluster.sim();
        int n = cluster.size();
        AtomicLong installs = new AtomicLong();
        sim.watchSends(m -> {
            if (m instanceof Message.InstallSnapshot) {
                installs.incrementAndGet();
            }
        });
        cluster.one(cluster.command(), n, true);
        int leader = cluster.checkOneLeader();
        for (int round = 0; round < ROUNDS; round++) {
            int victim = leader % n + 1;
            int sender = leader;
            if (round % 3 == 1) {
                sender = victim;
                victim = leader;
            }
            if (disconnect) {
                cluster.disconnect(victim);
                cluster.one(cluster.command(), n - 1, true);
            }
            if (crash) {
                cluster.crash(victim);
                cluster.one(cluster.command(), n - 1, true);
            }
            for (int i = 0, batch = SNAPSHOT_EVERY / 2 + cluster.random().nextInt(SNAPSHOT_EVERY); i < batch; i++) {
                if (sim.isUp(sender)) {
                    cluster.start(sender, cluster.command());
                }
            }
            cluster.one(cluster.command(), disconnect || crash ? n - 1 : n, true);
            checkLogsCompacted(cluster);
            if (disconnect) {
                cluster.connect(victim);
                cluster.one(cluster.command(), n, true);
                leader = cluster.checkOneLeader();
            }
            if (crash) {
                cluster.restart(victim);
                cluster.one(cluster.command(), n, true);
                leader = cluster.checkOneLeader();
            }
        }
        return installs.get();
    }

    private static void checkLogsCompacted(Cluster cluster) {
        for (int id = 1; id <= cluster.size(); id++) {
            RaftNode raft = cluster.sim().raft(id);
            if (raft != null) {
                assertThat(raft.entries().size())
                        .as("entries n%d keeps after its snapshot (snapshot index %d, last index %d): a snapshot must "
                                + "replace the entries it covers", id, raft.snapshotIndex(), raft.lastIndex())
                        .isLessThanOrEqualTo(MAX_LOG_ENTRIES);
            }
        }
    }

    @Test
    @Points(2)
    @DisplayName("snapshots keep every node's log short while all nodes stay in agreement")
    @Hint("compact(index, data) drops the entries up to index and keeps the snapshot in storage; the next "
            + "AppendEntries' prevLogTerm may then come from the snapshot's last term.")
    void basicSnapshots(Seed seed, @Scratch Path scratch) {
        Scenario.run(seed, scratch, 24, 3, SNAPSHOTS, cluster -> snapshotRounds(cluster, false, false));
    }

    @Test
    @Points(3)
    @DisplayName("a follower cut off while the leader compacted catches up by InstallSnapshot")
    @Hint("When nextIndex falls at or below the leader's snapshot index, send InstallSnapshot; the follower keeps "
            + "the entries after the snapshot only if its log matches at the snapshot's index and term.")
    void installSnapshot(Seed seed, @Scratch Path scratch) {
        Scenario.run(seed, scratch, 24, 3, SNAPSHOTS, cluster -> {
            long installs = snapshotRounds(cluster, true, false);
            assertThat(installs).as("InstallSnapshot messages sent to followers that were cut off while the leader compacted")
                    .isPositive();
        });
    }

    @Test
    @Points(2)
    @DisplayName("InstallSnapshot over an unreliable network")
    @Hint("A snapshot may arrive twice or late: one older than what the follower has already applied must change "
            + "nothing, and the leader must not move its nextIndex back on a stale answer.")
    void installSnapshotUnreliable(Seed seed, @Scratch Path scratch) {
        Scenario.run(seed, scratch, 24, 3, UNRELIABLE_SNAPSHOTS, cluster -> snapshotRounds(cluster, true, false));
    }

    @Test
    @Points(3)
    @DisplayName("InstallSnapshot to followers that crash and restart from their own snapshots")
    @Hint("On restart, the state machine starts from the stored snapshot, and the node's commit and applied "
            + "indexes start at its index: nothing before it is applied again.")
    void installSnapshotWithCrashes(Seed seed, @Scratch Path scratch) {
        Scenario.run(seed, scratch, 24, 3, SNAPSHOTS, cluster -> snapshotRounds(cluster, false, true));
    }

    @Test
    @Points(2)
    @DisplayName("InstallSnapshot with crashes over an unreliable network")
    void installSnapshotUnreliableWithCrashes(Seed seed, @Scratch Path scratch) {
        Scenario.run(seed, scratch, 24, 3, UNRELIABLE_SNAPSHOTS, cluster -> snapshotRounds(cluster, false, true));
    }

    @Test
    @Points(2)
    @DisplayName("after every node crashes, the cluster resumes from its snapshots without going back")
    @Hint("A snapshot, like the log, is durable before the node relies on it; after a restart of all nodes, new "
            + "entries go after everything that was committed.")
    void allNodesCrash(Seed seed, @Scratch Path scratch) {
        Scenario.run(seed, scratch, 24, 3, SNAPSHOTS, cluster -> {
            for (int round = 0; round < 5; round++) {
                for (int i = 0, batch = SNAPSHOT_EVERY / 2 + cluster.random().nextInt(SNAPSHOT_EVERY); i < batch; i++) {
                    cluster.one(cluster.command(), 3, true);
                }
                long index1 = cluster.one(cluster.command(), 3, true);
                for (int id = 1; id <= 3; id++) {
                    cluster.crash(id);
                }
                cluster.restartAll();
                long index2 = cluster.one(cluster.command(), 3, true);
                assertThat(index2).as("the first index agreed after all nodes restarted, against the last one before")
                        .isGreaterThan(index1);
            }
        });
    }

    @Test
    @Points(2)
    @DisplayName("a node restarted from a snapshot starts from it, twice in a row")
    @Hint("Read the stored snapshot back at start, give it to the state machine, and set the log's first index "
            + "after it; a second restart right after the first must find the same.")
    void restartFromSnapshot(Seed seed, @Scratch Path scratch) {
        Scenario.run(seed, scratch, 24, 3, SNAPSHOTS, cluster -> {
            cluster.one(cluster.command(), 3, true);
            for (int i = 0; i <= SNAPSHOT_EVERY; i++) {
                cluster.one(cluster.command(), 3, true);
            }
            for (int restart = 0; restart < 2; restart++) {
                for (int id = 1; id <= 3; id++) {
                    cluster.crash(id);
                }
                cluster.restartAll();
                for (int id = 1; id <= 3; id++) {
                    assertThat(cluster.sim().appliedIndex(id))
                            .as("n%d's state machine right after restart: it had snapshotted index %d, so it must start "
                                    + "from that snapshot", id, SNAPSHOT_EVERY)
                            .isGreaterThanOrEqualTo(SNAPSHOT_EVERY);
                }
                cluster.one(cluster.command(), 3, true);
            }
        });
    }
}
