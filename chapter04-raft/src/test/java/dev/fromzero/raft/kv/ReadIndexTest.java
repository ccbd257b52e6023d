package dev.fromzero.raft.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.raft.Entry;
import dev.fromzero.raft.HardState;
import dev.fromzero.raft.Message;
import dev.fromzero.raft.Message.AppendEntries;
import dev.fromzero.raft.Message.AppendEntriesResponse;
import dev.fromzero.raft.Message.RequestVote;
import dev.fromzero.raft.Message.RequestVoteResponse;
import dev.fromzero.raft.PersistentState;
import dev.fromzero.raft.RaftConfig;
import dev.fromzero.raft.RaftNode;
import dev.fromzero.raft.ReadState;
import dev.fromzero.raft.Ready;
import dev.fromzero.raft.Role;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Step;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 7, in the Raft node: ReadIndex. A read is served at the commit index the leader had when
 * it arrived (never below its own term's first entry), once a majority has answered a heartbeat
 * sent after it: only then does the leader know no newer leader can have committed anything.
 */
@Step(chapter = 4, number = 7, title = "Linearizable reads and the client",
        guide = "docs/chapter04-raft.md#step-7-linearizable-reads-and-the-client")
@Hint("Number your heartbeat rounds: a read starts a round, AppendEntries carry the latest round, followers echo it, "
        + "and a read is confirmed once a majority, you included, has answered its round or a later one.")
class ReadIndexTest {

    private static final List<Integer> NODES = List.of(1, 2, 3);

    /** Node 1 of three, elected leader with node 2's vote, from {@code state}; returns the Ready of its election. */
    private static Ready elect(RaftNode node) {
        List<Message> sent = new ArrayList<>();
        for (int tick = 0; tick < 100 && sent.stream().noneMatch(m -> m instanceof RequestVote); tick++) {
            sent.addAll(node.tick().messages());
        }
        assertThat(node.role()).as("node 1 campaigned").isEqualTo(Role.CANDIDATE);
        Ready won = node.step(new RequestVoteResponse(2, 1, node.term(), false, true));
        assertThat(node.role()).as("node 1 won with node 2's vote").isEqualTo(Role.LEADER);
        return won;
    }

    private static List<AppendEntries> appends(Ready ready) {
        return ready.messages().stream().filter(m -> m instanceof AppendEntries).map(m -> (AppendEntries) m).toList();
    }

    @Test
    @Points(3)
    @DisplayName("a read is confirmed only by a majority's answers to a heartbeat sent after it arrived")
    @Hint("An answer to a heartbeat sent before the read proves nothing about now: a newer leader may have been elected "
            + "since. Only answers carrying the read's round (or a later one) count.")
    void readNeedsAFreshHeartbeatRound() {
        RaftNode leader = new RaftNode(RaftConfig.of(1, NODES, 3), PersistentState.EMPTY);
        elect(leader);
        leader.step(new AppendEntriesResponse(2, 1, leader.term(), true, 1, 0, 0));
        assertThat(leader.commitIndex()).as("the no-op is committed with node 2's acknowledgement").isEqualTo(1);

        Ready asked = leader.readIndex(42);
        assertThat(asked.readStates()).as("a read cannot be confirmed before anyone answers a heartbeat").isEmpty();
        List<AppendEntries> heartbeats = appends(asked);
        assertThat(heartbeats).as("the read sends a heartbeat to each follower at once").extracting(Message::to)
                .containsExactlyInAnyOrder(2, 3);
        long round = heartbeats.get(0).round();

        Ready late = leader.step(new AppendEntriesResponse(2, 1, leader.term(), true, 1, 0, 0, round - 1));
        assertThat(late.readStates()).as("an answer to a heartbeat sent before the read must not confirm it").isEmpty();
        Ready answered = leader.step(new AppendEntriesResponse(3, 1, leader.term(), true, 1, 0, 0, heartbeats.get(1).round()));
        assertThat(answered.readStates()).as("node 3 answered the read's heartbeat: with the leader, a majority")
                .containsExactly(new ReadState(42, 1));
        Ready again = leader.step(new AppendEntriesResponse(2, 1, leader.term(), true, 1, 0, 0, round));
        assertThat(again.readStates()).as("a read is confirmed once").isEmpty();
    }

    @Test
    @Points(2)
    @DisplayName("a new leader serves no read below the first entry of its own term")
    @Hint("A new leader's commit index may lag what its predecessor committed. Reads wait at least for its no-op: once "
            + "that commits, so has everything before it.")
    void newLeaderReadsAfterItsOwnEntry() {
        List<Entry> old = List.of(new Entry(1, 1, new byte[] {1}), new Entry(2, 1, new byte[] {2}));
        RaftNode leader = new RaftNode(RaftConfig.of(1, NODES, 5), new PersistentState(new HardState(1, RaftNode.NONE), null, old));
        elect(leader);
        assertThat(leader.commitIndex()).as("the new leader does not know yet that entries 1 and 2 are committed").isZero();
        Ready asked = leader.readIndex(7);
        long round = appends(asked).get(0).round();
        Ready answered = leader.step(new AppendEntriesResponse(2, 1, leader.term(), true, 3, 0, 0, round));
        assertThat(answered.readStates()).as("the read is confirmed by node 2's answer").hasSize(1);
        assertThat(answered.readStates().get(0).index())
                .as("but it must wait for the new term's no-op at index 3, not the stale commit index 0")
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    @Points(1)
    @DisplayName("a node that does not lead confirms no read")
    void followersConfirmNoReads() {
        RaftNode follower = new RaftNode(RaftConfig.of(1, NODES, 3), PersistentState.EMPTY);
        follower.step(new AppendEntries(2, 1, 1, 0, 0, List.of(), 0));
        Ready asked = follower.readIndex(1);
        assertThat(asked.readStates()).isEmpty();
        assertThat(asked.messages()).as("a follower sends no heartbeats").isEmpty();
    }

    @Test
    @Points(1)
    @DisplayName("a leader alone is its own majority: its reads are confirmed at once")
    void singleNodeConfirmsAtOnce() {
        RaftNode alone = new RaftNode(RaftConfig.of(1, List.of(1), 3), PersistentState.EMPTY);
        for (int tick = 0; tick < 100 && alone.role() != Role.LEADER; tick++) {
            alone.tick();
        }
        assertThat(alone.role()).isEqualTo(Role.LEADER);
        assertThat(alone.readIndex(9).readStates()).containsExactly(new ReadState(9, 1));
    }
}
