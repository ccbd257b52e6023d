package dev.fromzero.raft.scenarios;

import static dev.fromzero.raft.scenarios.Cluster.ELECTION_TIMEOUT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.raft.Message;
import dev.fromzero.raft.Proposal;
import dev.fromzero.raft.sim.Simulation;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 2 in the simulator: MIT 6.5840's 3B scenarios. On every apply the simulator checks that
 * all nodes apply the same entry at each index, in order, and only once a majority stores it.
 */
@Seeded
@Step(chapter = 4, number = 2, title = "Log replication and the commit rule",
        guide = "docs/chapter04-raft.md#step-2-log-replication-and-the-commit-rule")
@Hint("Find the first entry two nodes disagree on in the trace, then the AppendEntries that wrote it. A follower "
        + "accepts entries only after prevLogIndex/prevLogTerm match, deletes a conflicting suffix (never a "
        + "matching one), and a leader commits an index only when a majority matches it in the leader's own term.")
class AgreementScenariosTest {

    private static final long IDLE_WAIT_MS = 2 * ELECTION_TIMEOUT_MS * 5;

    @Test
    @Points(2)
    @DisplayName("commands are applied by every node, at consecutive indexes, and none before it was proposed")
    @Hint("The leader replicates with AppendEntries and advances its commit index when a majority matches; "
            + "followers learn the commit index from the next AppendEntries and apply up to it.")
    void basicAgreement(Seed seed) {
        Scenario.inMemory(seed, 40, 3, cluster -> {
            cluster.checkOneLeader();
            long previous = -1;
            for (int i = 0; i < 3; i++) {
                long next = cluster.sim().highestApplied() + 1;
                assertThat(cluster.nCommitted(next)).as("nodes that applied index %d before any command for it was proposed", next)
                        .isZero();
                long index = cluster.one(cluster.command(), 3, false);
                if (previous > 0) {
                    assertThat(index).as("a stable leader puts its commands at consecutive indexes").isEqualTo(previous + 1);
                }
                previous = index;
            }
        });
    }

    @Test
    @Points(1)
    @DisplayName("each command travels to each follower about once: the bytes sent stay near the commands' size")
    @Hint("Send a follower only the entries after its nextIndex, and advance nextIndex when it acknowledges them; "
            + "a heartbeat that repeats the whole log costs the network dearly.")
    void bytesSentAreBounded(Seed seed) {
        Scenario.inMemory(seed, 30, 3, cluster -> {
            cluster.checkOneLeader();
            cluster.one(cluster.command(), 3, false);
            long before = cluster.sim().network().bytesSent();
            long sent = 0;
            for (int i = 0; i < 10; i++) {
                byte[] command = cluster.command(5000);
                sent += command.length;
                cluster.one(command, 3, false);
            }
            long got = cluster.sim().network().bytesSent() - before;
            assertThat(got).as("bytes sent to agree on 10 commands of 5000 bytes among 3 nodes (%d of commands, to 2 "
                    + "followers each)", sent).isLessThanOrEqualTo(sent * 2 + 50_000);
        });
    }

    @Test
    @Points(2)
    @DisplayName("an idle leader's heartbeats use a bounded number of messages per second")
    @Hint("A leader heartbeats every heartbeatInterval ticks, one message per follower, and each follower answers "
            + "once. Resending on every tick, or answering a heartbeat with more than one message, adds up.")
    void idleHeartbeatsAreBounded(Seed seed) {
        Scenario.inMemory(seed, 30, 3, cluster -> {
            cluster.checkOneLeader();
            cluster.one(cluster.command(), 3, false);
            long before = cluster.sim().network().messagesSent();
            cluster.sim().runFor(1_000);
            long idle = cluster.sim().network().messagesSent() - before;
            // A heartbeat every 2 ticks of 10 ms to 2 followers, each answered: 200 messages a second.
            assertThat(idle).as("messages in one idle second of a 3-node cluster (a heartbeat every 20 ms, and its "
                    + "answer, is 200): %s", cluster.sim().network().messagesByKind()).isLessThanOrEqualTo(300);
        });
    }

    @Test
    @Points(2)
    @DisplayName("agreement goes on after a follower, then a second one, is cut off; a lone leader commits nothing")
    @Hint("The leader counts itself towards the majority. With both followers gone it must still accept a "
            + "proposal, but it may not commit it.")
    void followerFailure(Seed seed) {
        Scenario.inMemory(seed, 30, 3, cluster -> {
            cluster.one(cluster.command(), 3, false);
            int leader1 = cluster.checkOneLeader();
            cluster.disconnect(leader1 % 3 + 1);
            cluster.one(cluster.command(), 2, false);
            cluster.sim().runFor(ELECTION_TIMEOUT_MS);
            cluster.one(cluster.command(), 2, false);
            int leader2 = cluster.checkOneLeader();
            cluster.disconnect(leader2 % 3 + 1);
            cluster.disconnect((leader2 + 1) % 3 + 1);
            long index = cluster.start(leader2, cluster.command());
            assertThat(index).as("the leader, though alone, must still accept a proposal").isPositive();
            cluster.sim().runFor(IDLE_WAIT_MS);
            assertThat(cluster.nCommitted(index)).as("nodes that applied index %d, which only a lone leader stores", index)
                    .isZero();
        });
    }

    @Test
    @Points(2)
    @DisplayName("agreement goes on after the leader is cut off; with two of three cut off, nothing commits")
    void leaderFailure(Seed seed) {
        Scenario.inMemory(seed, 30, 3, cluster -> {
            cluster.one(cluster.command(), 3, false);
            int leader1 = cluster.checkOneLeader();
            cluster.disconnect(leader1);
            cluster.one(cluster.command(), 2, false);
            cluster.sim().runFor(ELECTION_TIMEOUT_MS);
            cluster.one(cluster.command(), 2, false);
            int leader2 = cluster.checkOneLeader();
            cluster.disconnect(leader2);
            long next = cluster.sim().highestApplied() + 1;
            for (int id = 1; id <= 3; id++) {
                if (cluster.sim().isUp(id)) {
                    cluster.start(id, cluster.command());
                }
            }
            cluster.sim().runFor(IDLE_WAIT_MS);
            assertThat(cluster.nCommitted(next)).as("nodes that applied index %d with only one node of three connected", next)
                    .isZero();
        });
    }

    @Test
    @Points(2)
    @DisplayName("a follower that was cut off catches up when it reconnects")
    @Hint("When the follower rejects an AppendEntries because its log is short, the leader must back nextIndex up "
            + "and resend from there.")
    void reconnectedFollowerCatchesUp(Seed seed) {
        Scenario.inMemory(seed, 30, 3, cluster -> {
            cluster.one(cluster.command(), 3, false);
            int leader = cluster.checkOneLeader();
            int follower = leader % 3 + 1;
            cluster.disconnect(follower);
            for (int i = 0; i < 4; i++) {
                cluster.one(cluster.command(), 2, false);
            }
            cluster.sim().runFor(ELECTION_TIMEOUT_MS);
            cluster.one(cluster.command(), 2, true);
            cluster.connect(follower);
            cluster.one(cluster.command(), 3, true);
            long last = cluster.one(cluster.command(), 3, true);
            assertThat(cluster.sim().appliedIndex(follower)).as("the reconnected follower's applied index").isGreaterThanOrEqualTo(last);
        });
    }

    @Test
    @Points(2)
    @DisplayName("with three of five nodes cut off nothing commits, and agreement resumes when they return")
    @Hint("An index commits only when a majority of all nodes (here 3 of 5) stores it, never a majority of the "
            + "nodes the leader can reach.")
    void noAgreementWithoutQuorum(Seed seed) {
        Scenario.inMemory(seed, 30, 5, cluster -> {
            cluster.one(cluster.command(), 5, false);
            int leader = cluster.checkOneLeader();
            for (int k = 1; k <= 3; k++) {
                cluster.disconnect((leader + k - 1) % 5 + 1);
            }
            long index = cluster.start(leader, cluster.command());
            assertThat(index).as("the leader must accept a proposal even without a majority").isPositive();
            cluster.sim().runFor(IDLE_WAIT_MS);
            assertThat(cluster.nCommitted(index)).as("nodes that applied index %d, which only 2 of 5 store", index).isZero();
            for (int k = 1; k <= 3; k++) {
                cluster.connect((leader + k - 1) % 5 + 1);
            }
            cluster.one(cluster.command(), 5, true);
        });
    }

    @Test
    @Points(2)
    @DisplayName("commands proposed together all commit, each once, at the indexes the leader gave them")
    @Hint("Each proposal gets the next index of the leader's log. Sending each follower what it lacks, rather than "
            + "one message per proposal, keeps this cheap, and a follower must not append the same entry twice.")
    void concurrentProposals(Seed seed) {
        Scenario.inMemory(seed, 40, 3, cluster -> {
            Simulation sim = cluster.sim();
            for (int attempt = 0; attempt < 5; attempt++) {
                int leader = cluster.checkOneLeader();
                List<Proposal.Accepted> accepted = new ArrayList<>();
                List<byte[]> commands = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    byte[] command = cluster.command();
                    if (sim.propose(leader, command) instanceof Proposal.Accepted a) {
                        accepted.add(a);
                        commands.add(command);
                    }
                }
                if (accepted.size() < 5 || accepted.stream().map(Proposal.Accepted::term).distinct().count() > 1) {
                    continue; // leadership changed under us: try again, as MIT does
                }
                Set<Long> indexes = new HashSet<>();
                accepted.forEach(a -> indexes.add(a.index()));
                assertThat(indexes).as("indexes given to 5 proposals in one term").hasSize(5);
                long last = accepted.get(4).index();
                sim.runUntil(2_000, () -> cluster.nCommitted(last) == 3);
                if (sim.raft(leader) == null || sim.raft(leader).term() != accepted.get(0).term()) {
                    continue;
                }
                for (int i = 0; i < 5; i++) {
                    assertThat(cluster.appliedAt(accepted.get(i).index(), commands.get(i)))
                            .as("command %d must be applied at index %d, which the leader gave it", i, accepted.get(i).index())
                            .isTrue();
                }
                return;
            }
            throw new AssertionError("the term changed in each of 5 attempts: leadership is not stable on a reliable network");
        });
    }

    @Test
    @Points(2)
    @DisplayName("a partitioned leader with uncommitted entries rejoins, and its entries are overwritten")
    @Hint("The old leader must step down on the new term, and as a follower delete its uncommitted entries where "
            + "they conflict with the new leader's log.")
    void partitionedLeaderRejoins(Seed seed) {
        Scenario.inMemory(seed, 30, 3, cluster -> {
            cluster.one(cluster.command(), 3, true);
            int leader1 = cluster.checkOneLeader();
            cluster.disconnect(leader1);
            for (int i = 0; i < 3; i++) {
                cluster.start(leader1, cluster.command());
            }
            cluster.one(cluster.command(), 2, true);
            int leader2 = cluster.checkOneLeader();
            cluster.disconnect(leader2);
            cluster.connect(leader1);
            cluster.one(cluster.command(), 2, true);
            cluster.connect(leader2);
            cluster.one(cluster.command(), 3, true);
        });
    }

    @Test
    @Points(3)
    @DisplayName("a leader brings followers with long divergent logs into line in a few round trips per term")
    @Hint("When a follower rejects, it says which term conflicts and where that term starts in its log; the "
            + "leader can then skip a whole term per round trip instead of one entry (section 5.3's optimization).")
    void fastBackup(Seed seed) {
        Scenario.inMemory(seed, 24, 5, cluster -> {
            cluster.one(cluster.command(), 5, true);
            int leader1 = cluster.checkOneLeader();
            int[] others = {(leader1 + 1) % 5 + 1, (leader1 + 2) % 5 + 1, (leader1 + 3) % 5 + 1};
            int partner = leader1 % 5 + 1;
            for (int node : others) {
                cluster.disconnect(node);
            }
            for (int i = 0; i < 50; i++) {
                cluster.start(leader1, cluster.command());
            }
            cluster.sim().runFor(ELECTION_TIMEOUT_MS / 2);
            cluster.disconnect(leader1);
            cluster.disconnect(partner);
            for (int node : others) {
                cluster.connect(node);
            }
            for (int i = 0; i < 50; i++) {
                cluster.one(cluster.command(), 3, true);
            }
            int leader2 = cluster.checkOneLeader();
            int other = others[0] == leader2 ? others[1] : others[0];
            cluster.disconnect(other);
            for (int i = 0; i < 50; i++) {
                cluster.start(leader2, cluster.command());
            }
            cluster.sim().runFor(ELECTION_TIMEOUT_MS / 2);
            for (int id = 1; id <= 5; id++) {
                cluster.disconnect(id);
            }
            cluster.connect(leader1);
            cluster.connect(partner);
            cluster.connect(other);
            for (int i = 0; i < 50; i++) {
                cluster.one(cluster.command(), 3, true);
            }
            AtomicLong rejections = new AtomicLong();
            cluster.sim().watchSends(m -> {
                if (m instanceof Message.AppendEntriesResponse r && !r.success()) {
                    rejections.incrementAndGet();
                }
            });
            for (int id = 1; id <= 5; id++) {
                cluster.connect(id);
            }
            cluster.one(cluster.command(), 5, true);
            assertThat(rejections.get())
                    .as("rejected AppendEntries while two followers with about 100 divergent or missing entries over a few "
                            + "terms caught up: backing up one entry per round trip takes about a hundred")
                    .isLessThanOrEqualTo(30);
        });
    }
}
