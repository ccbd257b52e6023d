package dev.fromzero.raft.scenarios;

import static dev.fromzero.raft.scenarios.Cluster.ELECTION_TIMEOUT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.raft.Message;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 1 in the simulator: MIT 6.5840's 3A scenarios. Each runs over many seeds; the simulator
 * checks at every step that no term ever has two leaders.
 */
@Seeded
@Step(chapter = 4, number = 1, title = "Election", guide = "docs/chapter04-raft.md#step-1-election")
@Hint("Read the trace from the bottom up: find the last term change and the votes before it. A node votes at most "
        + "once per term, only for a candidate whose log is at least as up to date as its own, and a node that sees "
        + "a higher term in any message adopts it and becomes a follower.")
class ElectionScenariosTest {

    @Test
    @Points(2)
    @DisplayName("three nodes elect one leader, and with no failures the term stays the same")
    @Hint("A follower that hears heartbeats must reset its election timer; a leader must heartbeat well within the "
            + "shortest election timeout. A term that keeps rising means someone campaigns while a leader is alive.")
    void initialElection(Seed seed) {
        Scenario.inMemory(seed, 40, 3, cluster -> {
            cluster.checkOneLeader();
            cluster.sim().runFor(50);
            long term1 = cluster.checkTerms();
            assertThat(term1).as("the first leader's term").isGreaterThanOrEqualTo(1);
            cluster.sim().runFor(2 * Cluster.ELECTION_TIMEOUT_MS * 5);
            long term2 = cluster.checkTerms();
            assertThat(term2).as("with no failures the term must not change (it was %d, two seconds later %d)", term1, term2)
                    .isEqualTo(term1);
            cluster.checkOneLeader();
        });
    }

    @Test
    @Points(2)
    @DisplayName("a new leader is elected when the leader is cut off, none without a majority, and the old leader rejoins as a follower")
    @Hint("When the old leader comes back, the higher term in the first message it gets must turn it into a follower. "
            + "Two nodes out of three cannot be a majority: a lone candidate must keep campaigning, never win.")
    void reElection(Seed seed) {
        Scenario.inMemory(seed, 40, 3, cluster -> {
            int leader1 = cluster.checkOneLeader();
            cluster.disconnect(leader1);
            cluster.checkOneLeader();
            cluster.connect(leader1);
            int leader2 = cluster.checkOneLeader();
            int other = leader2 % 3 + 1;
            cluster.disconnect(leader2);
            cluster.disconnect(other);
            cluster.checkNoLeader(2 * ELECTION_TIMEOUT_MS * 5);
            cluster.connect(other);
            cluster.checkOneLeader();
            cluster.connect(leader2);
            cluster.checkOneLeader();
        });
    }

    @Test
    @Points(3)
    @DisplayName("seven nodes keep electing a leader while three random nodes are cut off each round")
    @Hint("Four of seven is a majority. If elections stall, look for split votes that never resolve (every wait "
            + "must be drawn anew) or for a node that refuses votes for a stale reason.")
    void manyElections(Seed seed) {
        Scenario.inMemory(seed, 24, 7, cluster -> {
            cluster.checkOneLeader();
            for (int round = 0; round < 10; round++) {
                int[] cut = cluster.pick(3);
                for (int node : cut) {
                    cluster.disconnect(node);
                }
                cluster.checkOneLeader();
                for (int node : cut) {
                    cluster.connect(node);
                }
            }
            cluster.checkOneLeader();
        });
    }

    @Test
    @Points(2)
    @DisplayName("an election of three nodes takes at most 60 messages (MIT's bound of 30 RPCs)")
    @Hint("A candidate asks each peer for its vote once per term: it does not resend vote requests on every tick. "
            + "Split votes should be rare, because each node draws its own random timeout.")
    void electionMessageCount(Seed seed) {
        Scenario.inMemory(seed, 40, 3, cluster -> {
            AtomicLong votes = new AtomicLong();
            cluster.sim().watchSends(m -> {
                if (m instanceof Message.RequestVote || m instanceof Message.RequestVoteResponse) {
                    votes.incrementAndGet();
                }
            });
            cluster.checkOneLeader();
            long total = cluster.sim().network().messagesSent();
            assertThat(total)
                    .as("messages sent until the first leader was elected (of them %d vote requests and answers): %s",
                            votes.get(), cluster.sim().network().messagesByKind())
                    .isLessThanOrEqualTo(60);
        });
    }
}
