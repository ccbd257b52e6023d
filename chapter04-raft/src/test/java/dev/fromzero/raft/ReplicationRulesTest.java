package dev.fromzero.raft;

import static dev.fromzero.raft.NodeFixtures.ack;
import static dev.fromzero.raft.NodeFixtures.append;
import static dev.fromzero.raft.NodeFixtures.command;
import static dev.fromzero.raft.NodeFixtures.elect;
import static dev.fromzero.raft.NodeFixtures.entries;
import static dev.fromzero.raft.NodeFixtures.entry;
import static dev.fromzero.raft.NodeFixtures.fresh;
import static dev.fromzero.raft.NodeFixtures.sent;
import static dev.fromzero.raft.NodeFixtures.sentTo;
import static dev.fromzero.raft.NodeFixtures.terms;
import static dev.fromzero.raft.NodeFixtures.withLog;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.raft.Message.AppendEntries;
import dev.fromzero.raft.Message.AppendEntriesResponse;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Step;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 2, by hand: the consistency check and truncation on the follower's side, the commit rule
 * (Figure 8) and the fast backup on the leader's.
 */
@Step(chapter = 4, number = 2, title = "Log replication and the commit rule",
        guide = "docs/chapter04-raft.md#step-2-log-replication-and-the-commit-rule")
@Hint("A follower takes entries only after an entry it holds with the same index and term, cuts its log only where "
        + "it conflicts, and commits only what the message vouched for. A leader commits only entries of its own term "
        + "by counting replicas.")
class ReplicationRulesTest {

    @Test
    @Points(1)
    @DisplayName("a new leader appends a no-op entry of its term and sends it to every follower after its last entry")
    @Hint("Start each follower's next index after your last entry; the no-op lets the leader commit, in its own term, "
            + "whatever earlier terms left uncommitted.")
    void newLeaderAppendsANoop() {
        RaftNode leader = withLog(1, 3, 2, 1, 2);
        Ready won = elect(leader);
        assertThat(leader.term()).isEqualTo(3);
        assertThat(won.entries()).as("the no-op is persisted").hasSize(1);
        Entry noop = won.entries().get(0);
        assertThat(noop.isNoop()).as("the leader's first entry has no command").isTrue();
        assertThat(noop.index()).as("it follows the last entry").isEqualTo(3);
        assertThat(noop.term()).as("it is of the leader's term").isEqualTo(3);
        for (int peer : List.of(2, 3)) {
            AppendEntries append = sentTo(won, AppendEntries.class, peer);
            assertThat(append.prevLogIndex()).as("the leader presumes node %d holds its log through index 2", peer).isEqualTo(2);
            assertThat(append.prevLogTerm()).isEqualTo(2);
            assertThat(append.entries()).containsExactly(noop);
        }
    }

    @Test
    @Points(1)
    @DisplayName("a node that does not lead refuses a proposal and names the leader if it knows one")
    void proposalsGoToTheLeader() {
        RaftNode node = fresh(1, 3);
        assertThat(node.propose(command("x"))).as("no leader known yet").isEqualTo(new Proposal.NotLeader(RaftNode.NONE));
        node.step(append(2, 1, 1, 0, 0, List.of(), 0));
        assertThat(node.propose(command("x"))).as("node 2 leads term 1").isEqualTo(new Proposal.NotLeader(2));
        assertThat(node.lastIndex()).as("a refused proposal is not appended").isZero();
    }

    @Test
    @Points(2)
    @DisplayName("the leader appends a proposal in its term, persists it, and sends it to the followers")
    void leaderReplicatesProposals() {
        RaftNode leader = fresh(1, 3);
        elect(leader);
        leader.step(ack(2, 1, 1, 1));
        leader.step(ack(3, 1, 1, 1));
        Proposal proposal = leader.propose(command("x"));
        assertThat(proposal).as("the leader takes the command").isInstanceOf(Proposal.Accepted.class);
        Proposal.Accepted accepted = (Proposal.Accepted) proposal;
        assertThat(accepted.index()).as("after the no-op at 1").isEqualTo(2);
        assertThat(accepted.term()).isEqualTo(1);
        assertThat(accepted.ready().entries()).as("the new entry is persisted").containsExactly(new Entry(2, 1, command("x")));
        List<Message> sentSoFar = new ArrayList<>(accepted.ready().messages());
        for (int tick = 0; tick < 2; tick++) {
            sentSoFar.addAll(leader.tick().messages());
        }
        for (int peer : List.of(2, 3)) {
            assertThat(sentSoFar).as("within a heartbeat interval, node %d is sent the entry after index 1", peer)
                    .anySatisfy(m -> {
                        assertThat(m).isInstanceOf(AppendEntries.class);
                        AppendEntries append = (AppendEntries) m;
                        assertThat(append.to()).isEqualTo(peer);
                        assertThat(append.prevLogIndex()).isEqualTo(1);
                        assertThat(append.entries()).contains(new Entry(2, 1, command("x")));
                        assertThat(append.leaderCommit()).as("only the no-op is committed: followers must not apply entry 2 yet")
                                .isEqualTo(1);
                    });
        }
    }

    @Test
    @Points(2)
    @DisplayName("a follower appends entries that follow an entry it holds with the same index and term, and says how far it matches")
    void followerAppendsAfterAMatchingEntry() {
        RaftNode follower = withLog(1, 3, 1, 1, 1);
        Ready ready = follower.step(append(2, 1, 1, 2, 1, entries(3, 1, 1), 0));
        AppendEntriesResponse answer = sentTo(ready, AppendEntriesResponse.class, 2);
        assertThat(answer.success()).as("the follower holds entry 2 of term 1").isTrue();
        assertThat(answer.index()).as("it now matches the leader through index 4").isEqualTo(4);
        assertThat(ready.entries()).as("the new entries are persisted before the answer goes").isEqualTo(entries(3, 1, 1));
        assertThat(follower.entries()).isEqualTo(entries(1, 1, 1, 1, 1));
    }

    @Test
    @Points(2)
    @DisplayName("a follower refuses entries unless it holds the entry before them with the same term (the consistency check)")
    @Hint("prevLogIndex 0 always matches; beyond your last index nothing does; otherwise compare the term of your entry at "
            + "prevLogIndex with prevLogTerm.")
    void followerRefusesWithoutAMatchingEntry() {
        RaftNode tooShort = withLog(1, 3, 2, 1, 1);
        Ready ready = tooShort.step(append(2, 1, 2, 3, 2, entries(4, 2), 0));
        assertThat(sentTo(ready, AppendEntriesResponse.class, 2).success()).as("the follower has no entry 3").isFalse();
        assertThat(tooShort.lastIndex()).as("nothing is appended after a gap").isEqualTo(2);

        RaftNode differs = withLog(1, 3, 2, 1, 1);
        ready = differs.step(append(2, 1, 2, 2, 2, entries(3, 2), 0));
        assertThat(sentTo(ready, AppendEntriesResponse.class, 2).success()).as("entry 2 is of term 1, not 2").isFalse();
        assertThat(differs.entries()).as("nothing changes on a refusal").isEqualTo(entries(1, 1, 1));
        assertThat(ready.entries()).isEmpty();

        RaftNode empty = fresh(1, 3);
        ready = empty.step(append(2, 1, 1, 0, 0, entries(1, 1), 0));
        assertThat(sentTo(ready, AppendEntriesResponse.class, 2).success()).as("index 0, before the first entry, always matches").isTrue();
        assertThat(empty.lastIndex()).isEqualTo(1);
    }

    @Test
    @Points(2)
    @DisplayName("where a follower's entries conflict with the leader's (same index, other term), they and all after them are replaced")
    @Hint("Walk the new entries: skip those you hold with the same term; at the first conflict, cut your log there and append the rest.")
    void conflictingSuffixIsReplaced() {
        RaftNode follower = withLog(1, 3, 2, 1, 1, 2, 2, 2);
        Ready ready = follower.step(append(2, 1, 3, 2, 1, entries(3, 3, 3), 0));
        assertThat(terms(follower.entries())).as("entries 3..5 of the dead term 2 are replaced by the leader's 3 and 4")
                .containsExactly(1, 1, 3, 3);
        assertThat(ready.entries()).as("the replacing entries are persisted from index 3, which cuts the stored suffix")
                .isEqualTo(entries(3, 3, 3));
        assertThat(sentTo(ready, AppendEntriesResponse.class, 2).index()).isEqualTo(4);
    }

    @Test
    @Points(2)
    @DisplayName("a delayed AppendEntries whose entries the follower already holds cuts nothing off")
    @Hint("Cut only at a conflict. An old, shorter AppendEntries arriving late must not remove entries the follower has "
            + "acknowledged: the leader may have counted them towards a commit.")
    void staleAppendCutsNothing() {
        RaftNode follower = withLog(1, 3, 1, 1, 1, 1, 1);
        Ready ready = follower.step(append(2, 1, 1, 1, 1, entries(2, 1), 0));
        assertThat(follower.lastIndex()).as("entries 3 and 4 match the leader's log and must stay").isEqualTo(4);
        assertThat(ready.entries()).as("nothing new to persist").isEmpty();
        AppendEntriesResponse answer = sentTo(ready, AppendEntriesResponse.class, 2);
        assertThat(answer.success()).isTrue();
        assertThat(answer.index()).as("the message vouched for entries through index 2 only").isEqualTo(2);
    }

    @Test
    @Points(2)
    @DisplayName("a follower commits up to the leader's commit index, but never past the last entry the message vouched for, and never backwards")
    @Hint("commitIndex = min(leaderCommit, index of the last new entry): entries after it may be leftovers of a dead term "
            + "that this leader has not checked yet.")
    void followerCommitRule() {
        // Entries 4 and 5 of term 2 are leftovers of a leader that failed; term 3's leader has other entries there.
        RaftNode follower = withLog(1, 3, 3, 1, 1, 1, 2, 2);
        Ready ready = follower.step(append(2, 1, 3, 3, 1, List.of(), 5));
        assertThat(follower.commitIndex()).as("the heartbeat vouched only for entries through 3").isEqualTo(3);
        assertThat(ready.committed()).as("entries 1..3 are applied, in order").isEqualTo(entries(1, 1, 1, 1));

        ready = follower.step(append(2, 1, 3, 1, 1, List.of(), 2));
        assertThat(follower.commitIndex()).as("an older message with a lower commit index takes nothing back").isEqualTo(3);
        assertThat(ready.committed()).as("nothing is applied twice").isEmpty();

        ready = follower.step(append(2, 1, 3, 3, 1, entries(4, 3), 5));
        assertThat(follower.commitIndex()).as("entry 4 of term 3 replaced the leftover; the leader committed through 5 but "
                + "vouched only through 4").isEqualTo(4);
        assertThat(ready.committed()).containsExactly(entry(4, 3));
    }

    @Test
    @Points(2)
    @DisplayName("the leader commits an entry of its term once a majority, itself included, holds it")
    void leaderCommitsOnAMajority() {
        RaftNode leader = NodeFixtures.fresh(1, 5);
        elect(leader);
        leader.propose(command("x"));
        Ready one = leader.step(ack(2, 1, 1, 2));
        assertThat(leader.commitIndex()).as("2 of 5 nodes hold entry 2").isZero();
        assertThat(one.committed()).isEmpty();
        Ready two = leader.step(ack(3, 1, 1, 2));
        assertThat(leader.commitIndex()).as("3 of 5 nodes (leader, 2, 3) hold entries 1 and 2").isEqualTo(2);
        assertThat(two.committed()).as("the no-op and the command are applied in order")
                .extracting(Entry::index).containsExactly(1L, 2L);
        List<Message> heartbeat = new ArrayList<>();
        for (int tick = 0; tick < 2; tick++) {
            heartbeat.addAll(leader.tick().messages());
        }
        assertThat(heartbeat).as("a heartbeat interval later, every follower has been sent an AppendEntries").hasSizeGreaterThanOrEqualTo(4);
        assertThat(heartbeat.stream().filter(AppendEntries.class::isInstance).map(AppendEntries.class::cast).toList()).as("followers learn the commit index from the leader's AppendEntries")
                .allSatisfy(append -> assertThat(append.leaderCommit()).isEqualTo(2));
    }

    @Test
    @Points(3)
    @DisplayName("Figure 8: an entry of an earlier term is never committed by counting replicas, only behind an entry of the leader's term")
    @Hint("Count replicas only for entries whose term is the leader's current term. An older entry on a majority can "
            + "still be overwritten by a later leader (Figure 8 of the paper); it commits when a later entry of the "
            + "current term does.")
    void figure8() {
        // The leader of term 3 holds entry 2 of term 2, which no leader committed.
        RaftNode leader = withLog(1, 3, 2, 1, 2);
        elect(leader);
        Ready ready = leader.step(ack(2, 1, 3, 2));
        assertThat(leader.commitIndex()).as("leader and node 2 hold entry 2 of term 2: a majority, but of an old term")
                .isZero();
        assertThat(ready.committed()).isEmpty();
        ready = leader.step(ack(2, 1, 3, 3));
        assertThat(leader.commitIndex()).as("the no-op of term 3 on a majority commits it, and everything before it").isEqualTo(3);
        assertThat(ready.committed()).extracting(Entry::index).containsExactly(1L, 2L, 3L);
    }

    @Test
    @Points(2)
    @DisplayName("a refusal tells the leader how short the follower's log is, or the conflicting term and where it starts")
    @Hint("Too short: conflictTerm 0 and conflictIndex your last index + 1. Otherwise: the term of your entry at "
            + "prevLogIndex and the first index of that term in your log.")
    void refusalsCarryAHint() {
        RaftNode shortLog = withLog(1, 3, 3, 1, 1);
        AppendEntriesResponse tooShort = sentTo(shortLog.step(append(2, 1, 3, 6, 3, entries(7, 3), 0)), AppendEntriesResponse.class, 2);
        assertThat(tooShort.success()).isFalse();
        assertThat(tooShort.index()).as("the refused prevLogIndex").isEqualTo(6);
        assertThat(tooShort.conflictTerm()).as("no entry at 6: conflict term 0").isZero();
        assertThat(tooShort.conflictIndex()).as("the log ends at 2, so 3 is the first index the leader may send").isEqualTo(3);

        RaftNode conflicting = withLog(1, 3, 3, 1, 2, 2, 2, 2);
        AppendEntriesResponse other = sentTo(conflicting.step(append(2, 1, 3, 4, 3, entries(5, 3), 0)), AppendEntriesResponse.class, 2);
        assertThat(other.success()).isFalse();
        assertThat(other.conflictTerm()).as("entry 4 is of term 2").isEqualTo(2);
        assertThat(other.conflictIndex()).as("term 2 starts at index 2").isEqualTo(2);
    }

    @Test
    @Points(3)
    @DisplayName("a refused leader backs up over a whole conflicting term per round trip, not one entry")
    @Hint("No entry of the conflict term in your log: next = conflictIndex. Otherwise next = your last entry of that term + 1. "
            + "conflictTerm 0: next = conflictIndex. Then send again at once.")
    void leaderBacksUpATermAtATime() {
        // The leader does not hold term 2: it jumps to where term 2 starts on the follower.
        RaftNode leader = withLog(1, 3, 4, 1, 1, 4, 4, 4);
        elect(leader);
        Ready ready = leader.step(new AppendEntriesResponse(2, 1, 5, false, 5, 2, 3));
        AppendEntries retry = sentTo(ready, AppendEntries.class, 2);
        assertThat(retry.prevLogIndex()).as("the follower's entries 3..5 are all of term 2, which the leader lacks").isLessThanOrEqualTo(2);
        assertThat(retry.entries()).as("the retry carries the leader's entries after prevLogIndex").isNotEmpty();
        assertThat(retry.entries().get(0).index()).isEqualTo(retry.prevLogIndex() + 1);

        // The leader holds term 2 through index 4: everything after it must go.
        RaftNode holder = withLog(1, 3, 4, 1, 1, 2, 2, 4, 4, 4);
        elect(holder);
        ready = holder.step(new AppendEntriesResponse(2, 1, 5, false, 7, 2, 3));
        retry = sentTo(ready, AppendEntries.class, 2);
        assertThat(retry.prevLogIndex()).as("the follower has term 2 from index 3 up to 7; the leader's term 2 ends at 4")
                .isBetween(2L, 4L);

        // The follower's log is too short.
        RaftNode far = withLog(1, 3, 4, 1, 1, 4, 4, 4);
        elect(far);
        ready = far.step(new AppendEntriesResponse(3, 1, 5, false, 5, 0, 2));
        retry = sentTo(ready, AppendEntries.class, 3);
        assertThat(retry.prevLogIndex()).as("node 3's log ends at 1").isLessThanOrEqualTo(1);
    }

    @Test
    @Points(1)
    @DisplayName("committed entries are handed out to apply exactly once, in index order")
    void committedEntriesAreAppliedOnce() {
        RaftNode follower = fresh(1, 3);
        List<Entry> applied = new ArrayList<>();
        applied.addAll(follower.step(append(2, 1, 1, 0, 0, entries(1, 1, 1, 1), 2)).committed());
        applied.addAll(follower.step(append(2, 1, 1, 0, 0, entries(1, 1, 1, 1), 2)).committed());
        applied.addAll(follower.step(append(2, 1, 1, 3, 1, List.of(), 3)).committed());
        applied.addAll(follower.tick().committed());
        applied.addAll(follower.step(append(2, 1, 1, 3, 1, entries(4, 1), 4)).committed());
        assertThat(applied).as("each committed entry once, in order, duplicates and heartbeats notwithstanding")
                .isEqualTo(entries(1, 1, 1, 1, 1));
        assertThat(follower.appliedIndex()).isEqualTo(4);
    }
}
