package dev.fromzero.raft.scenarios;

import static dev.fromzero.raft.scenarios.Cluster.ELECTION_TIMEOUT_MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.raft.Proposal;
import dev.fromzero.raft.Role;
import dev.fromzero.raft.sim.SimConfig;
import dev.fromzero.raft.sim.Simulation;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 5 in the simulator, beyond MIT's labs: PreVote and CheckQuorum (Raft thesis, section 9.6)
 * keep a node that was cut off from disrupting a healthy leader when it returns, and make a
 * leader that lost its majority step down; leadership transfer (section 3.10) hands leadership
 * over without waiting for an election timeout.
 */
@Seeded
@Step(chapter = 4, number = 5, title = "PreVote, CheckQuorum and leadership transfer",
        guide = "docs/chapter04-raft.md#step-5-prevote-checkquorum-and-leadership-transfer")
@Hint("A pre-vote changes no one's term or vote, and is granted only if the voter has not heard from a leader "
        + "within an election timeout and the candidate's log is up to date. A leader under CheckQuorum counts the "
        + "followers it heard from in each election timeout and steps down if they are not a majority.")
class PreVoteCheckQuorumTransferScenariosTest {

    private static final UnaryOperator<SimConfig> STEP5 = config -> config.withPreVoteAndCheckQuorum(true);

    @Test
    @Points(3)
    @DisplayName("a node that was cut off rejoins without deposing the leader or raising the term")
    @Hint("Without PreVote the cut-off node raises its term at every timeout and its return forces an election. "
            + "With it, the node only asks for pre-votes, which nobody grants while the leader is alive.")
    void rejoiningNodeDoesNotDisrupt(Seed seed) {
        Scenario.inMemory(seed, 40, 3, STEP5, cluster -> {
            Simulation sim = cluster.sim();
            cluster.one(cluster.command(), 3, true);
            int leader = cluster.checkOneLeader();
            long term = sim.raft(leader).term();
            int follower = leader % 3 + 1;
            cluster.disconnect(follower);
            sim.runFor(ELECTION_TIMEOUT_MS * 10);
            assertThat(sim.raft(follower).term()).as("the term of a node cut off for ten election timeouts").isEqualTo(term);
            cluster.connect(follower);
            sim.runFor(ELECTION_TIMEOUT_MS * 5);
            assertThat(cluster.currentLeader()).as("the leader after the cut-off node came back").isEqualTo(leader);
            assertThat(sim.raft(leader).term()).as("the leader's term after the cut-off node came back").isEqualTo(term);
            cluster.one(cluster.command(), 3, true);
        });
    }

    @Test
    @Points(3)
    @DisplayName("a node that cannot hear the leader, while the others can, does not depose it")
    @Hint("Followers that heard from the leader within an election timeout refuse pre-votes (and, under "
            + "CheckQuorum, votes): the leader is alive, whatever one node thinks.")
    void oneWayCutFollowerDoesNotDisrupt(Seed seed) {
        Scenario.inMemory(seed, 40, 3, STEP5, cluster -> {
            Simulation sim = cluster.sim();
            cluster.one(cluster.command(), 3, true);
            int leader = cluster.checkOneLeader();
            long term = sim.raft(leader).term();
            int deaf = leader % 3 + 1;
            sim.network().block(leader, deaf);
            sim.runFor(ELECTION_TIMEOUT_MS * 10);
            assertThat(cluster.currentLeader()).as("the leader while n%d cannot hear it", deaf).isEqualTo(leader);
            assertThat(sim.raft(leader).term()).as("the leader's term while n%d cannot hear it", deaf).isEqualTo(term);
            cluster.one(cluster.command(), 2, true);
        });
    }

    @Test
    @Points(3)
    @DisplayName("a leader cut off from its majority steps down, and the majority elects another")
    @Hint("Count, per election timeout, the followers that answered; at the end of each, a leader that heard from "
            + "fewer than a majority (itself included) becomes a follower.")
    void leaderWithoutQuorumStepsDown(Seed seed) {
        Scenario.inMemory(seed, 40, 5, STEP5, cluster -> {
            Simulation sim = cluster.sim();
            cluster.one(cluster.command(), 5, true);
            int leader = cluster.checkOneLeader();
            int partner = leader % 5 + 1;
            Set<Integer> minority = Set.of(leader, partner);
            Set<Integer> majority = new java.util.TreeSet<>(Set.of(1, 2, 3, 4, 5));
            majority.removeAll(minority);
            sim.network().partition(minority, majority);
            sim.runFor(ELECTION_TIMEOUT_MS * 3);
            assertThat(sim.raft(leader).role()).as("the role of a leader that has heard from only 2 of 5 nodes for three "
                    + "election timeouts").isNotEqualTo(Role.LEADER);
            sim.network().heal();
            cluster.one(cluster.command(), 5, true);
        });
    }

    @Test
    @Points(3)
    @DisplayName("a leader whose messages arrive but who hears no answers steps down, and the others go on")
    @Hint("Its heartbeats keep the followers from campaigning, so only the leader itself can end this: under "
            + "CheckQuorum it notices that no follower answered and stops heartbeating.")
    void leaderThatHearsNoAnswersStepsDown(Seed seed) {
        Scenario.inMemory(seed, 40, 3, STEP5, cluster -> {
            Simulation sim = cluster.sim();
            cluster.one(cluster.command(), 3, true);
            int leader = cluster.checkOneLeader();
            for (int id = 1; id <= 3; id++) {
                if (id != leader) {
                    sim.network().block(id, leader);
                }
            }
            sim.runFor(ELECTION_TIMEOUT_MS * 3);
            assertThat(sim.raft(leader).role()).as("the role of a leader that hears no answers for three election timeouts")
                    .isNotEqualTo(Role.LEADER);
            long term = sim.raft(leader).term();
            boolean replaced = sim.runUntil(Cluster.ELECTION_WAIT_MS, () -> sim.leaders().stream()
                    .anyMatch(id -> id != leader && sim.raft(id).term() > term));
            assertThat(replaced).as("another node must be elected once the deaf leader stepped down").isTrue();
            sim.network().heal();
            cluster.one(cluster.command(), 3, true);
        });
    }

    @Test
    @Points(3)
    @DisplayName("leadership transfer hands over to the chosen node within an election timeout")
    @Hint("The leader first brings the target's log up to date, then sends it TimeoutNow; the target campaigns at "
            + "once, and its vote requests say so, so that voters who still hear the old leader grant them.")
    void leadershipTransfer(Seed seed) {
        Scenario.inMemory(seed, 40, 5, STEP5, cluster -> {
            Simulation sim = cluster.sim();
            for (int round = 0; round < 3; round++) {
                cluster.one(cluster.command(), 5, true);
                int leader = cluster.checkOneLeader();
                int target = (leader + cluster.random().nextInt(4)) % 5 + 1;
                sim.transferLeadership(leader, target);
                boolean moved = sim.runUntil(ELECTION_TIMEOUT_MS / 2, () -> sim.raft(target).role() == Role.LEADER);
                assertThat(moved).as("n%d leads %d ms after n%d was asked to hand over to it (an election timeout "
                        + "is at least 100 ms: the transfer must not wait for one)", target, ELECTION_TIMEOUT_MS / 2, leader)
                        .isTrue();
            }
            cluster.one(cluster.command(), 5, true);
        });
    }

    @Test
    @Points(2)
    @DisplayName("leadership transfer to a follower that lags first brings it up to date, and loses nothing")
    @Hint("A target without the leader's last entries could not win the election: replicate to it first, and "
            + "refuse new proposals while the transfer is under way so that it does not fall behind again.")
    void transferToLaggingFollower(Seed seed) {
        Scenario.inMemory(seed, 40, 3, STEP5, cluster -> {
            Simulation sim = cluster.sim();
            cluster.one(cluster.command(), 3, true);
            int leader = cluster.checkOneLeader();
            int target = leader % 3 + 1;
            cluster.disconnect(target);
            long last = 0;
            for (int i = 0; i < 10; i++) {
                last = cluster.one(cluster.command(), 2, true);
            }
            cluster.connect(target);
            sim.transferLeadership(leader, target);
            boolean moved = sim.runUntil(ELECTION_TIMEOUT_MS, () -> sim.raft(target).role() == Role.LEADER);
            assertThat(moved).as("n%d, 10 entries behind, leads after the transfer to it", target).isTrue();
            assertThat(sim.raft(target).lastIndex()).as("the new leader's last index").isGreaterThanOrEqualTo(last);
            assertThat(sim.propose(target, cluster.command())).as("the new leader takes proposals")
                    .isInstanceOf(Proposal.Accepted.class);
            cluster.one(cluster.command(), 3, true);
        });
    }
}
