package dev.fromzero.raft;

import static dev.fromzero.raft.NodeFixtures.append;
import static dev.fromzero.raft.NodeFixtures.config;
import static dev.fromzero.raft.NodeFixtures.entries;
import static dev.fromzero.raft.NodeFixtures.vote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.raft.Message.AppendEntriesResponse;
import dev.fromzero.raft.Message.RequestVote;
import dev.fromzero.raft.Message.RequestVoteResponse;
import dev.fromzero.raft.storage.LogStorage;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import dev.fromzero.testkit.powercut.PowerCut;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 3: the Replica carries out each Ready in the one safe order. A vote or an
 * acknowledgement is a promise about persistent state, so that state must be durable (written
 * and synced) before the message leaves; a crash in between may lose the message, never the
 * promise.
 */
@Step(chapter = 4, number = 3, title = "Persistence", guide = "docs/chapter04-raft.md#step-3-persistence")
@Hint("Persist the hard state, the snapshot and the entries, sync, and only then send; apply committed entries last.")
class ReplicaTest {

    @Test
    @Points(2)
    @DisplayName("a vote is written and synced before the answer that grants it is sent")
    @Hint("If the answer goes first and the node crashes before the sync, it restarts without its vote and can vote "
            + "again in the same term: two leaders.")
    void voteIsDurableBeforeItIsSent() {
        MemoryStorage world = new MemoryStorage(PersistentState.EMPTY);
        Replica replica = Replica.open(config(1, 3), world, world, world);
        replica.receive(vote(2, 1, 1, 0, 0));
        assertThat(world.sent).as("the vote's answer was sent").hasSize(1);
        assertThat(((RequestVoteResponse) world.sent.get(0)).granted()).isTrue();
        assertThat(world.durableAtSend.get(0).hardState())
                .as("when the grant left, the vote for node 2 in term 1 had to be durable; events: %s", world.events)
                .isEqualTo(new HardState(1, 2));
    }

    @Test
    @Points(2)
    @DisplayName("entries are written and synced before the acknowledgement that reports them is sent")
    @Hint("The leader counts an acknowledged entry towards a majority: a follower that forgets it after a crash can "
            + "let a committed entry be lost.")
    void entriesAreDurableBeforeTheyAreAcknowledged() {
        MemoryStorage world = new MemoryStorage(PersistentState.EMPTY);
        Replica replica = Replica.open(config(1, 3), world, world, world);
        replica.receive(append(2, 1, 1, 0, 0, entries(1, 1, 1, 1), 0));
        AppendEntriesResponse answer = (AppendEntriesResponse) world.sent.get(0);
        assertThat(answer.success()).isTrue();
        assertThat(world.durableAtSend.get(0).entries())
                .as("when the acknowledgement of entries 1..%d left, they had to be durable; events: %s", answer.index(), world.events)
                .isEqualTo(entries(1, 1, 1, 1));
        assertThat(world.durableAtSend.get(0).hardState()).as("and so had the term the leader's message brought")
                .isEqualTo(new HardState(1, RaftNode.NONE));
    }

    @Test
    @Points(1)
    @DisplayName("a candidate's new term and its vote for itself are durable before it asks anyone for a vote")
    void candidateTermIsDurableBeforeItAsks() {
        MemoryStorage world = new MemoryStorage(PersistentState.EMPTY);
        Replica replica = Replica.open(config(1, 3), world, world, world);
        for (int tick = 0; tick < 50 && world.sent.isEmpty(); tick++) {
            replica.tick();
        }
        assertThat(world.sent).as("the node campaigned").isNotEmpty().allMatch(m -> m instanceof RequestVote);
        for (PersistentState durable : world.durableAtSend) {
            assertThat(durable.hardState()).as("term 1 and the vote for itself, durable before the requests; events: %s", world.events)
                    .isEqualTo(new HardState(1, 1));
        }
    }

    @Test
    @Points(1)
    @DisplayName("committed entries reach the state machine once each, in order, after they are durable")
    void committedEntriesAreApplied() {
        MemoryStorage world = new MemoryStorage(PersistentState.EMPTY);
        Replica replica = Replica.open(config(1, 3), world, world, world);
        replica.receive(append(2, 1, 1, 0, 0, entries(1, 1, 1, 1), 2));
        replica.receive(append(2, 1, 1, 3, 1, List.of(), 3));
        assertThat(world.applied).as("entries 1..3 are committed and applied in order").isEqualTo(entries(1, 1, 1, 1));
        assertThat(world.events.indexOf("apply 1")).as("entries are applied after they are synced: %s", world.events)
                .isGreaterThan(world.events.indexOf("sync"));
    }

    @Test
    @Points(2)
    @DisplayName("a restarted replica restores the state machine from the stored snapshot and takes up its term, vote and log")
    @Hint("Load the storage, restore the state machine from its snapshot (if any), then build the node from what was loaded.")
    void restartsFromStorage() {
        Snapshot snapshot = new Snapshot(3, 1, NodeFixtures.command("state through 3"));
        PersistentState stored = new PersistentState(new HardState(4, 2), snapshot, entries(4, 2, 4));
        MemoryStorage world = new MemoryStorage(stored);
        Replica replica = Replica.open(config(1, 3), world, world, world);
        assertThat(world.restored).as("the state machine starts from the snapshot").containsExactly(snapshot);
        RaftNode node = replica.node();
        assertThat(node.term()).isEqualTo(4);
        assertThat(node.votedFor()).as("the vote of term 4 survives the restart").isEqualTo(2);
        assertThat(node.lastIndex()).isEqualTo(5);
        assertThat(node.snapshotIndex()).isEqualTo(3);
        assertThat(node.appliedIndex()).as("the snapshot counts as applied").isEqualTo(3);
        assertThat(node.entries()).isEqualTo(entries(4, 2, 4));
        replica.receive(vote(3, 1, 4, 9, 4));
        assertThat(((RequestVoteResponse) world.sent.get(0)).granted()).as("having voted for 2 in term 4, it refuses 3").isFalse();
    }

    @Test
    @Points(3)
    @DisplayName("with real files, a power cut right after a vote or an acknowledgement is sent keeps the vote and the entries")
    @Hint("LogStorage.sync() must force the log; Replica must call it before sending. A power cut loses every write "
            + "that was not forced, which a kill -9 would not.")
    void powerCutAfterSendKeepsThePromise(@Scratch Path scratch) {
        PowerCut power = PowerCut.in(scratch.resolve("vote"));
        Path dir = power.root().resolve("node1");
        List<String> cuts = new ArrayList<>();
        Transport cutOnSend = message -> cuts.add(power.cutLosingAllUnsynced());
        Replica voter = Replica.open(config(1, 3), LogStorage.open(dir), cutOnSend, new MemoryStorage(PersistentState.EMPTY));
        voter.receive(vote(2, 1, 1, 0, 0));
        assertThat(cuts).as("the grant was sent (and the power cut as it left)").hasSize(1);
        try (LogStorage reopened = LogStorage.open(dir)) {
            assertThat(reopened.load().hardState()).as("after the cut (%s) the vote for node 2 in term 1 must be on disk", cuts)
                    .isEqualTo(new HardState(1, 2));
        }

        PowerCut power2 = PowerCut.in(scratch.resolve("ack"));
        Path dir2 = power2.root().resolve("node1");
        List<String> cuts2 = new ArrayList<>();
        Replica follower = Replica.open(config(1, 3), LogStorage.open(dir2), message -> cuts2.add(power2.cutLosingAllUnsynced()),
                new MemoryStorage(PersistentState.EMPTY));
        follower.receive(append(2, 1, 1, 0, 0, entries(1, 1, 1, 1), 0));
        try (LogStorage reopened = LogStorage.open(dir2)) {
            assertThat(reopened.load().entries()).as("after the cut (%s) the acknowledged entries must be on disk", cuts2)
                    .isEqualTo(entries(1, 1, 1, 1));
        }
    }
}
