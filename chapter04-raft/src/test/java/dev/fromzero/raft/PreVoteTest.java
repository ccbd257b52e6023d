package dev.fromzero.raft;

import static dev.fromzero.raft.NodeFixtures.ack;
import static dev.fromzero.raft.NodeFixtures.append;
import static dev.fromzero.raft.NodeFixtures.command;
import static dev.fromzero.raft.NodeFixtures.config;
import static dev.fromzero.raft.NodeFixtures.elect;
import static dev.fromzero.raft.NodeFixtures.entries;
import static dev.fromzero.raft.NodeFixtures.sent;
import static dev.fromzero.raft.NodeFixtures.sentTo;
import static dev.fromzero.raft.NodeFixtures.tickUntil;
import static dev.fromzero.raft.NodeFixtures.vote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.raft.Message.AppendEntries;
import dev.fromzero.raft.Message.RequestVote;
import dev.fromzero.raft.Message.RequestVoteResponse;
import dev.fromzero.raft.Message.TimeoutNow;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Step;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 5, by hand: PreVote (a node asks whether it could win before it raises its term),
 * CheckQuorum (a leader that stops hearing from a majority steps down, and followers that hear
 * from a leader ignore vote requests), and leadership transfer (TimeoutNow).
 */
@Step(chapter = 4, number = 5, title = "PreVote, CheckQuorum and leadership transfer",
        guide = "docs/chapter04-raft.md#step-5-prevote-checkquorum-and-leadership-transfer")
@Hint("A pre-vote changes no term and no vote, on either side. With CheckQuorum, a follower that heard from its leader "
        + "within the minimum election timeout ignores vote requests, unless they come from a leadership transfer.")
class PreVoteTest {

    private static RaftNode node(int id, boolean preVote, boolean checkQuorum, PersistentState state) {
        return new RaftNode(config(id, 3).withPreVoteAndCheckQuorum(preVote, checkQuorum), state);
    }

    private static PersistentState log(long term, long... entryTerms) {
        return new PersistentState(new HardState(term, RaftNode.NONE), null, entries(1, entryTerms));
    }

    @Test
    @Points(2)
    @DisplayName("with PreVote, a node whose election timeout passes asks for pre-votes in the next term without raising its own")
    @Hint("Send RequestVote with preVote set and term + 1, but keep your term and your vote: nothing to persist.")
    void preCandidateKeepsItsTerm() {
        RaftNode node = node(1, true, false, log(2, 1, 2));
        Ready ready = tickUntil(node, Role.PRE_CANDIDATE, 50);
        assertThat(node.term()).as("a pre-candidate stays in its term").isEqualTo(2);
        assertThat(node.votedFor()).as("and casts no vote").isEqualTo(RaftNode.NONE);
        assertThat(ready.hardState()).as("so there is nothing to persist").isNull();
        for (int peer : List.of(2, 3)) {
            RequestVote request = sentTo(ready, RequestVote.class, peer);
            assertThat(request.preVote()).isTrue();
            assertThat(request.term()).as("it asks about the term it would campaign in").isEqualTo(3);
            assertThat(request.lastLogIndex()).isEqualTo(2);
            assertThat(request.lastLogTerm()).isEqualTo(2);
        }
    }

    @Test
    @Points(2)
    @DisplayName("a majority of pre-votes starts the real election in the next term; a node cut off from the others never raises its term")
    @Hint("Only when a majority grants the pre-vote does the node raise its term and ask for real votes. Alone, it "
            + "keeps asking for pre-votes, in the same term, forever.")
    void preVotesLeadToTheElection() {
        RaftNode node = node(1, true, false, log(2, 1, 2));
        tickUntil(node, Role.PRE_CANDIDATE, 50);
        Ready ready = node.step(new RequestVoteResponse(2, 1, 3, true, true));
        assertThat(node.role()).as("2 of 3 pre-votes: now the real election").isEqualTo(Role.CANDIDATE);
        assertThat(node.term()).isEqualTo(3);
        assertThat(ready.hardState()).isEqualTo(new HardState(3, 1));
        assertThat(sent(ready, RequestVote.class)).as("real vote requests of term 3").hasSize(2)
                .allSatisfy(r -> {
                    assertThat(r.preVote()).isFalse();
                    assertThat(r.term()).isEqualTo(3);
                });
        node.step(NodeFixtures.grant(3, 1, 3));
        assertThat(node.role()).isEqualTo(Role.LEADER);

        RaftNode alone = node(1, true, false, log(2, 1, 2));
        for (int tick = 0; tick < 200; tick++) {
            alone.tick();
        }
        assertThat(alone.term()).as("200 ticks, about 10 election timeouts, without a single answer").isEqualTo(2);
        assertThat(alone.role()).as("it never got past the pre-vote").isIn(Role.PRE_CANDIDATE, Role.FOLLOWER);
    }

    @Test
    @Points(2)
    @DisplayName("a pre-vote is granted for a later term to an up-to-date log, and changes neither the voter's term nor its vote")
    @Hint("Do not adopt the term of a pre-vote request, and do not record a vote. Answer a granted pre-vote in the "
            + "requested term, a refused one in yours.")
    void preVoteChangesNothingForTheVoter() {
        RaftNode voter = node(2, true, false, log(2, 1, 2));
        Ready ready = voter.step(new RequestVote(1, 2, 3, 2, 2, true, false));
        RequestVoteResponse answer = sentTo(ready, RequestVoteResponse.class, 1);
        assertThat(answer.granted()).as("the candidate's log (2@2) is as up to date as the voter's").isTrue();
        assertThat(answer.preVote()).isTrue();
        assertThat(answer.term()).as("granted in the term asked about").isEqualTo(3);
        assertThat(voter.term()).as("the voter stays in term 2").isEqualTo(2);
        assertThat(voter.votedFor()).isEqualTo(RaftNode.NONE);
        assertThat(ready.hardState()).as("a pre-vote persists nothing").isNull();

        ready = voter.step(new RequestVote(3, 2, 3, 1, 1, true, false));
        assertThat(sentTo(ready, RequestVoteResponse.class, 3).granted()).as("a log ending 1@1 is behind the voter's 2@2").isFalse();
        ready = voter.step(new RequestVote(3, 2, 2, 5, 2, true, false));
        assertThat(sentTo(ready, RequestVoteResponse.class, 3).granted()).as("a pre-vote for the voter's own term 2 is refused").isFalse();
        ready = voter.step(vote(3, 2, 3, 2, 2));
        assertThat(sentTo(ready, RequestVoteResponse.class, 3).granted())
                .as("the pre-vote to node 1 was no vote: node 3 can still get the real vote of term 3").isTrue();
    }

    @Test
    @Points(2)
    @DisplayName("with CheckQuorum, a leader that hears from no majority for an election timeout steps down")
    @Hint("Mark followers as they answer; every election timeout, count them, yourself included, and step down if "
            + "they are no majority; then clear the marks.")
    void checkQuorumStepsDown() {
        RaftNode lonely = node(1, false, true, PersistentState.EMPTY);
        elect(lonely);
        lonely.step(ack(2, 1, 1, 1));
        for (int tick = 0; tick < 3 * 20 && lonely.role() == Role.LEADER; tick++) {
            lonely.tick();
        }
        assertThat(lonely.role()).as("node 2 answered once, then no follower answered for three election timeouts")
                .isEqualTo(Role.FOLLOWER);
        assertThat(lonely.term()).as("stepping down keeps the term").isEqualTo(1);

        RaftNode heard = node(1, false, true, PersistentState.EMPTY);
        Ready ready = elect(heard);
        for (int tick = 0; tick < 200; tick++) {
            for (AppendEntries append : sent(ready, AppendEntries.class)) {
                if (append.to() == 2) {
                    heard.step(ack(2, 1, 1, append.prevLogIndex() + append.entries().size()));
                }
            }
            ready = heard.tick();
        }
        assertThat(heard.role()).as("node 2 answered every heartbeat: with the leader, a majority of 3").isEqualTo(Role.LEADER);
    }

    @Test
    @Points(2)
    @DisplayName("with CheckQuorum, a follower that hears from its leader ignores vote requests, unless they come from a leadership transfer")
    @Hint("While the leader was heard from within the minimum election timeout, drop RequestVote (real or pre-vote) "
            + "without adopting its term; a request marked as a transfer goes through.")
    void leaseIgnoresVotes() {
        RaftNode follower = node(2, true, true, PersistentState.EMPTY);
        follower.step(append(1, 2, 1, 0, 0, entries(1, 1), 0));
        Ready ignored = follower.step(vote(3, 2, 2, 1, 1));
        assertThat(ignored.messages()).as("node 1 leads and was just heard from: node 3's request is ignored").isEmpty();
        assertThat(follower.term()).as("and its term is not adopted").isEqualTo(1);
        ignored = follower.step(new RequestVote(3, 2, 2, 1, 1, true, false));
        assertThat(ignored.messages()).as("pre-votes too").isEmpty();

        Ready transfer = follower.step(new RequestVote(3, 2, 2, 1, 1, false, true));
        assertThat(sentTo(transfer, RequestVoteResponse.class, 3).granted()).as("the leader handed leadership to node 3").isTrue();
        assertThat(follower.term()).isEqualTo(2);

        RaftNode leaderless = node(2, true, true, PersistentState.EMPTY);
        Ready ready = leaderless.step(vote(3, 2, 1, 0, 0));
        assertThat(sentTo(ready, RequestVoteResponse.class, 3).granted()).as("no leader heard from: votes as usual").isTrue();
    }

    @Test
    @Points(2)
    @DisplayName("a leader hands leadership over: it brings the chosen node up to date, tells it TimeoutNow, and takes no proposals meanwhile")
    @Hint("Send TimeoutNow only once the target's match index is your last index; until then keep sending it entries.")
    void transferLeadership() {
        RaftNode leader = node(1, true, true, PersistentState.EMPTY);
        elect(leader);
        leader.step(ack(2, 1, 1, 1));
        leader.propose(command("x"));
        Ready ready = leader.transferLeadership(3);
        assertThat(sent(ready, TimeoutNow.class)).as("node 3 lacks entries 1 and 2: not yet").isEmpty();
        assertThat(leader.propose(command("y"))).as("no proposals while handing over")
                .isInstanceOf(Proposal.NotLeader.class);
        List<Message> toThree = new ArrayList<>(ready.messages());
        ready = leader.step(ack(3, 1, 1, 2));
        TimeoutNow timeout = sentTo(ready, TimeoutNow.class, 3);
        assertThat(timeout.term()).isEqualTo(1);
        toThree.addAll(ready.messages());
        assertThat(toThree).as("node 3 was sent the entries it lacked")
                .anyMatch(m -> m instanceof AppendEntries a && a.to() == 3 && !a.entries().isEmpty());

        RaftNode ready2 = node(1, true, true, PersistentState.EMPTY);
        elect(ready2);
        ready2.step(ack(2, 1, 1, 1));
        assertThat(sent(ready2.transferLeadership(2), TimeoutNow.class)).as("node 2 is up to date: TimeoutNow at once")
                .extracting(Message::to).containsExactly(2);
    }

    @Test
    @Points(2)
    @DisplayName("TimeoutNow makes a node campaign at once, skipping the pre-vote, with requests marked as a transfer")
    void timeoutNowCampaignsAtOnce() {
        RaftNode follower = node(2, true, true, PersistentState.EMPTY);
        follower.step(append(1, 2, 1, 0, 0, entries(1, 1), 1));
        Ready ready = follower.step(new TimeoutNow(1, 2, 1));
        assertThat(follower.role()).as("no pre-vote: the leader asked for this election").isEqualTo(Role.CANDIDATE);
        assertThat(follower.term()).isEqualTo(2);
        assertThat(sent(ready, RequestVote.class)).hasSize(2).allSatisfy(r -> {
            assertThat(r.transfer()).as("marked, so that voters who still hear from the old leader vote").isTrue();
            assertThat(r.preVote()).isFalse();
        });
    }

    @Test
    @Points(1)
    @DisplayName("a transfer that does not complete within an election timeout is abandoned, and the leader takes proposals again")
    void transferTimesOut() {
        RaftNode leader = node(1, false, false, PersistentState.EMPTY);
        elect(leader);
        leader.transferLeadership(3);
        assertThat(leader.propose(command("x"))).isInstanceOf(Proposal.NotLeader.class);
        for (int tick = 0; tick < 20; tick++) {
            leader.tick();
        }
        assertThat(leader.role()).isEqualTo(Role.LEADER);
        assertThat(leader.propose(command("x"))).as("node 3 never answered: the transfer is off").isInstanceOf(Proposal.Accepted.class);
    }
}
