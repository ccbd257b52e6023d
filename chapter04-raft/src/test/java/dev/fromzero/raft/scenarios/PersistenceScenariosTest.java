package dev.fromzero.raft.scenarios;

import static dev.fromzero.raft.scenarios.Cluster.ELECTION_TIMEOUT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.raft.Message;
import dev.fromzero.raft.sim.NetworkProfile;
import dev.fromzero.raft.sim.Simulation;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 3 in the simulator: MIT 6.5840's 3C scenarios, and the two rules MIT cannot test: state is
 * durable before the message that promises it leaves (checked by crashing a node the instant it
 * sends, with a power cut that loses everything unsynced), and a torn last write is recovered.
 * A crash here is a power cut of the node's own disk: only what it synced is sure to survive.
 */
@Seeded
@Step(chapter = 4, number = 3, title = "Persistence", guide = "docs/chapter04-raft.md#step-3-persistence")
@Hint("A crash keeps only what was synced. Save the term and vote, and the log, before any message that depends "
        + "on them goes out; on restart, load them all back, and let the commit index be learned again.")
class PersistenceScenariosTest {

    @Test
    @Points(2)
    @DisplayName("agreement survives crashes of all nodes, of the leader, and of a follower")
    @Hint("A restarted node starts as a follower with its stored term, vote and log, and an empty state machine: "
            + "the leader's commit index tells it what to apply again.")
    void crashesOfOneOrAll(Seed seed, @Scratch Path scratch) {
        Scenario.run(seed, scratch, 30, 3, cluster -> {
            cluster.one(cluster.command(), 3, true);
            for (int id = 1; id <= 3; id++) {
                cluster.crash(id);
            }
            cluster.restartAll();
            cluster.one(cluster.command(), 3, true);
            int leader1 = cluster.checkOneLeader();
            cluster.crash(leader1);
            cluster.restart(leader1);
            cluster.one(cluster.command(), 3, true);
            int leader2 = cluster.checkOneLeader();
            cluster.crash(leader2);
            cluster.one(cluster.command(), 2, true);
            cluster.restart(leader2);
            long index = cluster.one(cluster.command(), 3, true);
            int follower = cluster.checkOneLeader() % 3 + 1;
            cluster.crash(follower);
            cluster.one(cluster.command(), 2, true);
            cluster.restart(follower);
            cluster.one(cluster.command(), 3, true);
            assertThat(cluster.sim().appliedIndex(follower)).as("the restarted follower applied through").isGreaterThan(index);
        });
    }

    @Test
    @Points(2)
    @DisplayName("agreement survives rounds of crashes of several of five nodes")
    void crashesOfSeveral(Seed seed, @Scratch Path scratch) {
        Scenario.run(seed, scratch, 24, 5, cluster -> {
            for (int round = 0; round < 5; round++) {
                cluster.one(cluster.command(), 5, true);
                int leader = cluster.checkOneLeader();
                int n1 = leader % 5 + 1;
                int n2 = (leader + 1) % 5 + 1;
                int n3 = (leader + 2) % 5 + 1;
                int n4 = (leader + 3) % 5 + 1;
                cluster.crash(n1);
                cluster.crash(n2);
                cluster.one(cluster.command(), 3, true);
                cluster.crash(leader);
                cluster.crash(n3);
                cluster.crash(n4);
                cluster.restart(n1);
                cluster.restart(n2);
                cluster.sim().runFor(ELECTION_TIMEOUT_MS);
                cluster.restart(n3);
                cluster.one(cluster.command(), 3, true);
                cluster.restart(n4);
                cluster.restart(leader);
            }
            cluster.one(cluster.command(), 5, true);
        });
    }

    @Test
    @Points(2)
    @DisplayName("a node cut off, then crashed with the leader, comes back with what it had")
    void crashAfterPartition(Seed seed, @Scratch Path scratch) {
        Scenario.run(seed, scratch, 30, 3, cluster -> {
            cluster.one(cluster.command(), 3, true);
            int leader = cluster.checkOneLeader();
            int cutOff = (leader + 1) % 3 + 1;
            cluster.disconnect(cutOff);
            cluster.one(cluster.command(), 2, true);
            cluster.crash(leader);
            cluster.crash(cutOff);
            cluster.connect(cutOff);
            cluster.restart(cutOff);
            cluster.one(cluster.command(), 2, true);
            cluster.restart(leader);
            cluster.one(cluster.command(), 3, true);
        });
    }

    @Test
    @Points(3)
    @DisplayName("Figure 8: leaders crash as they take proposals, and only entries of the current term commit by counting")
    @Hint("A leader may count replicas only for entries of its own term; entries of earlier terms commit with them. "
            + "An old entry on a majority can still be overwritten by a leader that never saw it (Figure 8 (d)).")
    void figure8(Seed seed, @Scratch Path scratch) {
        Scenario.run(seed, scratch, 24, 5, cluster -> figure8(cluster, 150));
    }

    static void figure8(Cluster cluster, int rounds) {
        Simulation sim = cluster.sim();
        Random random = cluster.random();
        cluster.one(cluster.command(), 1, true);
        int up = 5;
        for (int round = 0; round < rounds; round++) {
            int leader = 0;
            for (int id = 1; id <= 5; id++) {
                if (sim.isUp(id) && cluster.start(id, cluster.command()) > 0) {
                    leader = id;
                }
            }
            sim.runFor(random.nextInt(10) == 0 ? random.nextInt((int) ELECTION_TIMEOUT_MS / 2) : random.nextInt(4));
            if (leader != 0 && sim.isUp(leader)) {
                cluster.crash(leader);
                up--;
            }
            if (up < 3) {
                int node = 1 + random.nextInt(5);
                if (!sim.isUp(node)) {
                    cluster.restart(node);
                    up++;
                }
            }
        }
        cluster.restartAll();
        cluster.one(cluster.command(), 5, true);
    }

    @Test
    @Points(3)
    @DisplayName("Figure 8 over an unreliable network, with long reordering switched on midway")
    @Hint("Messages arrive late, twice, or out of order: an old AppendEntries or a stale answer must never move "
            + "a follower's log or a leader's matchIndex backwards, and a reply from an older term is ignored.")
    void figure8Unreliable(Seed seed, @Scratch Path scratch) {
        Scenario.run(seed, scratch, 24, 5, config -> config.withNetwork(NetworkProfile.unreliable()), cluster -> {
            Simulation sim = cluster.sim();
            Random random = cluster.random();
            cluster.one(cluster.command(), 1, true);
            int up = 5;
            for (int round = 0; round < 200; round++) {
                if (round == 40) {
                    sim.network().use(NetworkProfile.longReordering());
                }
                int leader = 0;
                for (int id = 1; id <= 5; id++) {
                    if (cluster.connected(id) && cluster.start(id, cluster.command()) > 0) {
                        leader = id;
                    }
                }
                sim.runFor(random.nextInt(10) == 0 ? random.nextInt((int) ELECTION_TIMEOUT_MS / 2) : random.nextInt(4));
                if (leader != 0 && random.nextInt(2) == 0) {
                    cluster.disconnect(leader);
                    up--;
                }
                if (up < 3) {
                    int node = 1 + random.nextInt(5);
                    if (!sim.network().isConnected(node)) {
                        cluster.connect(node);
                        up++;
                    }
                }
            }
            sim.network().heal();
            cluster.one(cluster.command(), 5, true);
        });
    }

    @Test
    @Points(2)
    @DisplayName("churn: nodes are cut off, crash and restart while clients keep proposing")
    void churn(Seed seed, @Scratch Path scratch) {
        Scenario.run(seed, scratch, 24, 5, cluster -> churn(cluster));
    }

    @Test
    @Points(2)
    @DisplayName("churn over an unreliable network")
    void unreliableChurn(Seed seed, @Scratch Path scratch) {
        Scenario.run(seed, scratch, 24, 5, config -> config.withNetwork(NetworkProfile.unreliable()), cluster -> churn(cluster));
    }

    private static void churn(Cluster cluster) {
        Simulation sim = cluster.sim();
        Random random = cluster.random();
        int committed = 0;
        for (int round = 0; round < 20; round++) {
            if (random.nextInt(1000) < 200) {
                cluster.disconnect(1 + random.nextInt(5));
            }
            if (random.nextInt(1000) < 500) {
                int node = 1 + random.nextInt(5);
                if (!sim.isUp(node)) {
                    cluster.restart(node);
                }
                cluster.connect(node);
            }
            if (random.nextInt(1000) < 200) {
                int node = 1 + random.nextInt(5);
                if (sim.isUp(node)) {
                    cluster.crash(node);
                }
            }
            for (int step = 0; step < 14; step++) {
                for (int client = 0; client < 3; client++) {
                    int node = 1 + random.nextInt(5);
                    if (cluster.connected(node)) {
                        cluster.start(node, cluster.command());
                    }
                }
                sim.runFor(10);
            }
        }
        long before = sim.highestApplied();
        cluster.healAll();
        long last = cluster.one(cluster.command(), 5, true);
        assertThat(last).as("the last index agreed after the churn").isGreaterThan(before);
    }

    @Test
    @Points(3)
    @DisplayName("a node that loses power the instant it sends a vote still remembers that vote")
    @Hint("Persist the term and vote, and sync, before the vote is sent: a node that forgets its vote in a crash "
            + "can vote again in the same term, and two candidates can then both win it.")
    void voteIsDurableBeforeItIsSent(Seed seed, @Scratch Path scratch) {
        Scenario.run(seed, scratch, 30, 5, config -> config.withNetwork(NetworkProfile.unreliable()), cluster -> {
            Simulation sim = cluster.sim();
            AtomicInteger crashes = new AtomicInteger();
            sim.crashOnSend((node, m) -> {
                boolean vote = m instanceof Message.RequestVoteResponse r && r.granted() && !r.preVote();
                if (vote) {
                    crashes.incrementAndGet();
                }
                return vote;
            });
            for (int round = 0; round < 8; round++) {
                int leader = cluster.currentLeader();
                if (leader != 0) {
                    cluster.disconnect(leader);
                }
                cluster.runRestarting(ELECTION_TIMEOUT_MS * 2, 0.3);
                if (leader != 0) {
                    cluster.connect(leader);
                }
            }
            sim.crashOnSend((node, m) -> false);
            cluster.healAll();
            cluster.one(cluster.command(), 5, true);
            assertThat(crashes.get()).as("votes sent (each followed by a power cut)").isPositive();
        });
    }

    @Test
    @Points(3)
    @DisplayName("a follower that loses power the instant it acknowledges entries still has them")
    @Hint("Append the entries and sync before the acknowledgement is sent: the leader counts it towards a majority, "
            + "and an entry a majority promised to keep must never be lost.")
    void acknowledgedEntriesAreDurable(Seed seed, @Scratch Path scratch) {
        Scenario.run(seed, scratch, 30, 3, cluster -> {
            Simulation sim = cluster.sim();
            Random random = cluster.random();
            AtomicInteger crashes = new AtomicInteger();
            cluster.one(cluster.command(), 3, true);
            sim.crashOnSend((node, m) -> {
                boolean crash = m instanceof Message.AppendEntriesResponse r && r.success() && random.nextInt(3) == 0;
                if (crash) {
                    crashes.incrementAndGet();
                }
                return crash;
            });
            for (int round = 0; round < 20; round++) {
                int leader = cluster.currentLeader();
                if (leader != 0) {
                    cluster.start(leader, cluster.command());
                }
                cluster.runRestarting(20, 0.2);
            }
            sim.crashOnSend((node, m) -> false);
            cluster.healAll();
            cluster.one(cluster.command(), 3, true);
            assertThat(crashes.get()).as("acknowledgements sent (each followed by a power cut)").isPositive();
        });
    }

    @Test
    @Points(3)
    @DisplayName("a node whose power fails in the middle of writing its log restarts, recovering a torn last entry")
    @Hint("The storage must cut a torn tail off its last file on open (chapter 1's recovery) and load the entries "
            + "before it; nothing unsynced was promised to anyone, so losing it is fine, but failing to start is not.")
    void tornLastWriteIsRecovered(Seed seed, @Scratch Path scratch) {
        Scenario.run(seed, scratch, 30, 3, cluster -> {
            Simulation sim = cluster.sim();
            cluster.one(cluster.command(), 3, true);
            sim.crashDuringSync(0.1);
            for (int round = 0; round < 30; round++) {
                int leader = cluster.currentLeader();
                if (leader != 0) {
                    cluster.start(leader, cluster.command(200 + cluster.random().nextInt(2000)));
                }
                cluster.runRestarting(20, 0.3);
            }
            sim.crashDuringSync(0);
            assertThat(sim.crashes()).as("power cuts in the middle of a sync").isPositive();
            cluster.healAll();
            cluster.one(cluster.command(), 3, true);
        });
    }
}
