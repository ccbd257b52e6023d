package dev.fromzero.raft;

import static dev.fromzero.raft.NodeFixtures.append;
import static dev.fromzero.raft.NodeFixtures.config;
import static dev.fromzero.raft.NodeFixtures.elect;
import static dev.fromzero.raft.NodeFixtures.fresh;
import static dev.fromzero.raft.NodeFixtures.grant;
import static dev.fromzero.raft.NodeFixtures.ids;
import static dev.fromzero.raft.NodeFixtures.sent;
import static dev.fromzero.raft.NodeFixtures.sentTo;
import static dev.fromzero.raft.NodeFixtures.tickUntil;
import static dev.fromzero.raft.NodeFixtures.vote;
import static dev.fromzero.raft.NodeFixtures.withLog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.raft.Message.AppendEntries;
import dev.fromzero.raft.Message.AppendEntriesResponse;
import dev.fromzero.raft.Message.RequestVote;
import dev.fromzero.raft.Message.RequestVoteResponse;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Step;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 1, by hand: one node at a time, fed ticks and messages, its Readies checked against the
 * election rules of Figure 2 (terms, one vote per term, the up-to-date check, majorities).
 */
@Step(chapter = 4, number = 1, title = "Election", guide = "docs/chapter04-raft.md#step-1-election")
@Hint("Every message goes through the term rule first: a higher term makes you a follower of that term with no "
        + "vote; a lower one is stale. Then: one vote per term, only for a log at least as up to date as yours; a "
        + "majority of votes, you included, makes a leader.")
class ElectionRulesTest {

    @Test
    @Points(2)
    @DisplayName("a follower that hears from no leader campaigns between the minimum and maximum election timeout")
    @Hint("Count ticks since you last heard from a leader (or granted a vote); campaign when the count reaches a "
            + "timeout drawn in [electionTimeoutMin, electionTimeoutMax].")
    void followerCampaignsAfterElectionTimeout() {
        RaftConfig config = config(1, 3);
        RaftNode node = new RaftNode(config, PersistentState.EMPTY);
        for (int tick = 1; tick < config.electionTimeoutMin(); tick++) {
            node.tick();
            assertThat(node.role()).as("after %d ticks, fewer than electionTimeoutMin, the node must still wait", tick)
                    .isEqualTo(Role.FOLLOWER);
        }
        Ready campaign = tickUntil(node, Role.CANDIDATE, config.electionTimeoutMax() - config.electionTimeoutMin() + 1);
        assertThat(node.term()).as("a candidate raises its term by one").isEqualTo(1);
        assertThat(node.votedFor()).as("a candidate votes for itself").isEqualTo(1);
        assertThat(campaign.hardState()).as("the new term and the vote for itself must be persisted").isEqualTo(new HardState(1, 1));
        for (int peer : List.of(2, 3)) {
            RequestVote request = sentTo(campaign, RequestVote.class, peer);
            assertThat(request.term()).as("the vote request carries the new term").isEqualTo(1);
            assertThat(request.preVote()).as("without PreVote, the request is a real one").isFalse();
            assertThat(request.lastLogIndex()).as("an empty log's last index is 0").isZero();
        }

        RaftNode withEntries = withLog(1, 3, 2, 1, 1, 2);
        Ready again = tickUntil(withEntries, Role.CANDIDATE, 50);
        RequestVote request = sentTo(again, RequestVote.class, 2);
        assertThat(request.term()).as("from term 2 to term 3").isEqualTo(3);
        assertThat(request.lastLogIndex()).as("the candidate's log ends at index 3").isEqualTo(3);
        assertThat(request.lastLogTerm()).as("with an entry of term 2: the term of the last entry, not the candidate's term")
                .isEqualTo(2);
    }

    @Test
    @Points(1)
    @DisplayName("election timeouts are drawn at random from the node's seed, so that two nodes rarely campaign at once")
    @Hint("Draw the timeout from a random generator seeded with config.seed(), anew at each reset; a fixed timeout "
            + "makes every node campaign at once, and split votes repeat forever.")
    void electionTimeoutsAreRandomized() {
        Set<Integer> waits = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            RaftConfig config = RaftConfig.of(1, ids(3), seed);
            RaftNode node = new RaftNode(config, PersistentState.EMPTY);
            int ticks = 0;
            while (node.role() == Role.FOLLOWER && ticks < 100) {
                node.tick();
                ticks++;
            }
            assertThat(ticks).as("seed %d: the wait must lie in [%d, %d]", seed, config.electionTimeoutMin(), config.electionTimeoutMax())
                    .isBetween(config.electionTimeoutMin(), config.electionTimeoutMax());
            waits.add(ticks);
        }
        assertThat(waits.size()).as("20 seeds must not all wait the same number of ticks: %s", waits).isGreaterThan(2);
    }

    @Test
    @Points(2)
    @DisplayName("a candidate becomes leader with a majority of votes, itself included, and then sends AppendEntries to every peer")
    @Hint("Count grants per voter, your own vote included; with 5 nodes, 3 votes make a majority, 2 do not.")
    void majorityMakesALeader() {
        RaftNode node = fresh(1, 5);
        tickUntil(node, Role.CANDIDATE, 50);
        node.step(grant(2, 1, 1));
        assertThat(node.role()).as("2 of 5 votes (itself and node 2) are no majority").isEqualTo(Role.CANDIDATE);
        Ready won = node.step(grant(3, 1, 1));
        assertThat(node.role()).as("3 of 5 votes are a majority").isEqualTo(Role.LEADER);
        assertThat(node.leader()).as("a leader knows it leads").isEqualTo(1);
        for (int peer : List.of(2, 3, 4, 5)) {
            AppendEntries append = sentTo(won, AppendEntries.class, peer);
            assertThat(append.term()).as("the new leader asserts its term at once").isEqualTo(1);
        }
    }

    @Test
    @Points(1)
    @DisplayName("a vote is counted once per voter, however often its answer arrives")
    @Hint("The network may duplicate messages: count voters, not answers.")
    void duplicateVotesCountOnce() {
        RaftNode node = fresh(1, 5);
        tickUntil(node, Role.CANDIDATE, 50);
        node.step(grant(2, 1, 1));
        node.step(grant(2, 1, 1));
        node.step(grant(2, 1, 1));
        assertThat(node.role()).as("node 2's vote arrived three times, but it is still only 2 votes of 5").isEqualTo(Role.CANDIDATE);
    }

    @Test
    @Points(1)
    @DisplayName("a single node elects itself when its election timeout passes")
    void singleNodeElectsItself() {
        RaftNode node = fresh(1, 1);
        tickUntil(node, Role.LEADER, 50);
        assertThat(node.term()).as("the lone node won the election of term 1").isEqualTo(1);
    }

    @Test
    @Points(2)
    @DisplayName("a node votes at most once per term: for the first candidate that asks, again for it, and for no other")
    @Hint("Remember votedFor with the term, and persist it: two votes in one term can elect two leaders.")
    void oneVotePerTerm() {
        RaftNode node = fresh(1, 3);
        Ready first = node.step(vote(2, 1, 1, 0, 0));
        assertThat(sentTo(first, RequestVoteResponse.class, 2).granted()).as("node 2 asked first in term 1 and gets the vote").isTrue();
        assertThat(first.hardState()).as("the vote must be persisted before the answer goes out").isEqualTo(new HardState(1, 2));
        Ready second = node.step(vote(3, 1, 1, 0, 0));
        assertThat(sentTo(second, RequestVoteResponse.class, 3).granted()).as("node 3 asks in the same term: the vote is taken").isFalse();
        Ready again = node.step(vote(2, 1, 1, 0, 0));
        assertThat(sentTo(again, RequestVoteResponse.class, 2).granted())
                .as("node 2's request, duplicated by the network, is granted again: it is the same vote").isTrue();
        assertThat(node.votedFor()).isEqualTo(2);
        Ready later = node.step(vote(3, 1, 2, 0, 0));
        assertThat(sentTo(later, RequestVoteResponse.class, 3).granted()).as("a new term brings a new vote").isTrue();
        assertThat(later.hardState()).as("term 2 and the vote for 3 are persisted").isEqualTo(new HardState(2, 3));
    }

    @Test
    @Points(2)
    @DisplayName("a vote goes only to a candidate whose log is at least as up to date: a later last term, or the same last term and at least as long")
    @Hint("Compare the last entries' terms first; only when they are equal does the length decide. A longer log of an "
            + "older term is not more up to date.")
    void voteRequiresAnUpToDateLog() {
        // The voter's log ends with an entry of term 2 at index 3.
        record Case(long lastIndex, long lastTerm, boolean granted, String why) {
        }
        List<Case> cases = List.of(
                new Case(5, 1, false, "a longer log whose last term (1) is older than the voter's (2)"),
                new Case(2, 2, false, "the same last term, but shorter"),
                new Case(3, 2, true, "the same last term and the same length"),
                new Case(4, 2, true, "the same last term and longer"),
                new Case(1, 3, true, "a later last term, though shorter"),
                new Case(0, 0, false, "an empty log"));
        for (Case c : cases) {
            RaftNode voter = withLog(1, 3, 2, 1, 1, 2);
            Ready ready = voter.step(vote(2, 1, 3, c.lastIndex(), c.lastTerm()));
            assertThat(sentTo(ready, RequestVoteResponse.class, 2).granted())
                    .as("candidate log ending %d@%d against the voter's 3@2: %s", c.lastIndex(), c.lastTerm(), c.why())
                    .isEqualTo(c.granted());
            assertThat(voter.term()).as("whatever the answer, the voter adopts the candidate's higher term").isEqualTo(3);
        }
    }

    @Test
    @Points(2)
    @DisplayName("a message of a higher term makes a candidate or leader a follower of that term, with no vote cast yet")
    @Hint("Adopt the higher term, forget the vote of the old one, become a follower; then handle the message as a follower would.")
    void higherTermMakesAFollower() {
        RaftNode candidate = fresh(1, 3);
        tickUntil(candidate, Role.CANDIDATE, 50);
        Ready ready = candidate.step(new RequestVoteResponse(2, 1, 5, false, false));
        assertThat(candidate.role()).as("a refusal from term 5 ends the candidacy of term 1").isEqualTo(Role.FOLLOWER);
        assertThat(candidate.term()).isEqualTo(5);
        assertThat(candidate.votedFor()).as("no vote has been cast in term 5").isEqualTo(RaftNode.NONE);
        assertThat(ready.hardState()).as("the new term is persisted").isEqualTo(new HardState(5, RaftNode.NONE));

        RaftNode leader = fresh(1, 3);
        elect(leader);
        leader.step(vote(3, 1, 7, 10, 7));
        assertThat(leader.role()).as("a leader that sees term 7 steps down").isEqualTo(Role.FOLLOWER);
        assertThat(leader.term()).isEqualTo(7);
        assertThat(leader.votedFor()).as("and, the candidate's log being up to date, votes for it in term 7").isEqualTo(3);
    }

    @Test
    @Points(2)
    @DisplayName("a message of an older term changes nothing, and its sender is told the newer term")
    @Hint("Answer a stale vote request with a refusal and a stale AppendEntries with a failure, both carrying your term, so "
            + "that the stale sender steps down; do not reset your election timer or adopt its leader.")
    void staleTermIsRefused() {
        RaftNode node = withLog(1, 3, 5, 1, 1);
        Ready vote = node.step(vote(2, 1, 4, 9, 4));
        RequestVoteResponse refusal = sentTo(vote, RequestVoteResponse.class, 2);
        assertThat(refusal.granted()).as("a candidate of term 4 cannot get a vote in term 5").isFalse();
        assertThat(refusal.term()).as("the refusal tells the candidate about term 5").isEqualTo(5);
        assertThat(node.votedFor()).isEqualTo(RaftNode.NONE);

        Ready append = node.step(append(3, 1, 4, 2, 1, NodeFixtures.entries(3, 4), 3));
        AppendEntriesResponse failure = sentTo(append, AppendEntriesResponse.class, 3);
        assertThat(failure.success()).as("a leader of term 4 is deposed in term 5: its entries are refused").isFalse();
        assertThat(failure.term()).as("the answer tells the old leader about term 5").isEqualTo(5);
        assertThat(node.lastIndex()).as("nothing was appended").isEqualTo(2);
        assertThat(append.entries()).as("nothing is persisted").isEmpty();
        assertThat(node.leader()).as("a stale leader is not this term's leader").isEqualTo(RaftNode.NONE);
        assertThat(node.term()).isEqualTo(5);
    }

    @Test
    @Points(1)
    @DisplayName("a candidate that hears from a leader of its own term becomes its follower")
    void candidateYieldsToLeaderOfItsTerm() {
        RaftNode node = fresh(1, 3);
        tickUntil(node, Role.CANDIDATE, 50);
        Ready ready = node.step(append(2, 1, 1, 0, 0, List.of(), 0));
        assertThat(node.role()).as("node 2 won term 1; node 1 lost it").isEqualTo(Role.FOLLOWER);
        assertThat(node.leader()).isEqualTo(2);
        assertThat(node.term()).as("the term stays 1").isEqualTo(1);
        assertThat(sentTo(ready, AppendEntriesResponse.class, 2).success()).as("the empty log matches at index 0").isTrue();
    }

    @Test
    @Points(1)
    @DisplayName("a candidate refused by a majority goes back to following; one without a majority either way campaigns again in a new term")
    void lostAndSplitElections() {
        RaftNode lost = fresh(1, 3);
        tickUntil(lost, Role.CANDIDATE, 50);
        lost.step(new RequestVoteResponse(2, 1, 1, false, false));
        lost.step(new RequestVoteResponse(3, 1, 1, false, false));
        assertThat(lost.role()).as("both peers refused: the election is lost").isEqualTo(Role.FOLLOWER);
        assertThat(lost.term()).as("the term stays").isEqualTo(1);

        RaftNode split = fresh(1, 3);
        tickUntil(split, Role.CANDIDATE, 50);
        Ready again = null;
        for (int tick = 0; tick <= config(1, 3).electionTimeoutMax() && split.term() == 1; tick++) {
            again = split.tick();
        }
        assertThat(split.term()).as("no answers within an election timeout: campaign again in term 2").isEqualTo(2);
        assertThat(split.role()).isEqualTo(Role.CANDIDATE);
        assertThat(sent(again, RequestVote.class)).as("new vote requests for term 2").hasSize(2)
                .allSatisfy(r -> assertThat(r.term()).isEqualTo(2));
    }

    @Test
    @Points(2)
    @DisplayName("hearing from the leader, or granting a vote, restarts the wait for an election")
    @Hint("Reset the election timer when an AppendEntries of the current term arrives and when you grant a vote, but "
            + "not when you refuse one: a refused candidate must not keep you from campaigning.")
    void leaderAndVotesRestartTheTimer() {
        RaftConfig tight = new RaftConfig(1, ids(3), 10, 12, 2, 7, false, false);
        RaftNode follower = new RaftNode(tight, new PersistentState(new HardState(3, RaftNode.NONE), null, List.of()));
        for (int i = 0; i < 9; i++) {
            follower.tick();
        }
        follower.step(append(2, 1, 3, 0, 0, List.of(), 0));
        for (int i = 0; i < 9; i++) {
            follower.tick();
        }
        assertThat(follower.role()).as("9 ticks after a heartbeat, fewer than the 10-tick minimum timeout").isEqualTo(Role.FOLLOWER);
        assertThat(follower.leader()).as("the heartbeat's sender is the leader").isEqualTo(2);

        RaftNode voter = new RaftNode(tight, new PersistentState(new HardState(3, RaftNode.NONE), null, List.of()));
        for (int i = 0; i < 9; i++) {
            voter.tick();
        }
        Ready granted = voter.step(vote(2, 1, 3, 0, 0));
        assertThat(sentTo(granted, RequestVoteResponse.class, 2).granted()).isTrue();
        for (int i = 0; i < 9; i++) {
            voter.tick();
        }
        assertThat(voter.role()).as("9 ticks after granting a vote in the same term, the voter must still wait for that candidate")
                .isEqualTo(Role.FOLLOWER);
    }

    @Test
    @Points(1)
    @DisplayName("a leader sends every peer an AppendEntries each heartbeat interval")
    void leaderSendsHeartbeats() {
        RaftNode leader = fresh(1, 3);
        elect(leader);
        for (int beat = 0; beat < 3; beat++) {
            Ready ready = Ready.EMPTY;
            for (int tick = 0; tick < config(1, 3).heartbeatInterval(); tick++) {
                ready = leader.tick();
            }
            assertThat(sent(ready, AppendEntries.class)).as("heartbeat %d goes to both peers", beat)
                    .extracting(Message::to).containsExactlyInAnyOrder(2, 3);
        }
        assertThat(leader.role()).isEqualTo(Role.LEADER);
    }
}
