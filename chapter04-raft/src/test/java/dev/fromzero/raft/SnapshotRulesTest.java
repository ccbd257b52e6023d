package dev.fromzero.raft;

import static dev.fromzero.raft.NodeFixtures.ack;
import static dev.fromzero.raft.NodeFixtures.append;
import static dev.fromzero.raft.NodeFixtures.command;
import static dev.fromzero.raft.NodeFixtures.elect;
import static dev.fromzero.raft.NodeFixtures.entries;
import static dev.fromzero.raft.NodeFixtures.fresh;
import static dev.fromzero.raft.NodeFixtures.sentTo;
import static dev.fromzero.raft.NodeFixtures.terms;
import static dev.fromzero.raft.NodeFixtures.withLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fromzero.raft.Message.AppendEntries;
import dev.fromzero.raft.Message.AppendEntriesResponse;
import dev.fromzero.raft.Message.InstallSnapshot;
import dev.fromzero.raft.Message.InstallSnapshotResponse;
import dev.fromzero.raft.storage.LogStorage;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import dev.fromzero.testkit.powercut.PowerCut;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 4: compaction by the application, InstallSnapshot between leader and follower, and the
 * snapshot in LogStorage (an atomic file, and a log that shrinks).
 */
@Seeded
@Step(chapter = 4, number = 4, title = "Snapshots", guide = "docs/chapter04-raft.md#step-4-snapshots")
@Hint("A snapshot through index i replaces entries 1..i and keeps i's term for the consistency check. A follower keeps "
        + "its entries after i only if it holds entry i with the snapshot's term.")
class SnapshotRulesTest {

    /** A follower of node 2 in term 1 that has applied entries 1..{@code count}, all of term 1. */
    private static RaftNode appliedFollower(int count) {
        RaftNode node = fresh(1, 3);
        long[] terms = new long[count];
        Arrays.fill(terms, 1);
        node.step(append(2, 1, 1, 0, 0, entries(1, terms), count));
        assertThat(node.appliedIndex()).isEqualTo(count);
        return node;
    }

    @Test
    @Points(2)
    @DisplayName("compacting through an applied entry replaces the entries up to it with a snapshot that keeps its index and term")
    void compactReplacesEntriesWithASnapshot() {
        RaftNode node = appliedFollower(5);
        Ready ready = node.compact(3, command("state through 3"));
        assertThat(ready.snapshot()).as("the snapshot must be stored").isEqualTo(new Snapshot(3, 1, command("state through 3")));
        assertThat(ready.install()).as("the application made it: there is nothing to install").isNull();
        assertThat(node.snapshotIndex()).isEqualTo(3);
        assertThat(node.entries()).as("entries 4 and 5 stay").isEqualTo(entries(4, 1, 1));
        assertThat(node.lastIndex()).isEqualTo(5);
        Ready next = node.step(append(2, 1, 1, 3, 1, entries(4, 1, 1), 5));
        assertThat(sentTo(next, AppendEntriesResponse.class, 2).success())
                .as("the consistency check still works at the snapshot's last index, 3 of term 1").isTrue();
    }

    @Test
    @Points(1)
    @DisplayName("compacting entries not yet applied is refused, and compacting what a snapshot already covers changes nothing")
    void compactOnlyAppliedEntries() {
        RaftNode node = appliedFollower(3);
        node.step(append(2, 1, 1, 3, 1, entries(4, 1), 3));
        assertThatThrownBy(() -> node.compact(4, command("x"))).as("entry 4 is not applied")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4");
        node.compact(3, command("s3"));
        Ready again = node.compact(2, command("s2"));
        assertThat(again.snapshot()).as("a snapshot through 2 is older than the one through 3").isNull();
        assertThat(node.snapshotIndex()).isEqualTo(3);
    }

    @Test
    @Points(2)
    @DisplayName("a leader sends its snapshot to a follower that needs entries it has compacted away")
    @Hint("When a follower's next index is at or before your snapshot's last index, you cannot send the entry before it: send the snapshot.")
    void leaderSendsItsSnapshot() {
        RaftNode leader = fresh(1, 3);
        elect(leader);
        for (int i = 0; i < 4; i++) {
            leader.propose(command("x" + i));
        }
        leader.step(ack(2, 1, 1, 5));
        leader.compact(4, command("state through 4"));
        // Node 3 has heard nothing so far. Its next heartbeat must lead it to the snapshot: at once, or after it
        // refuses an AppendEntries that its empty log cannot match.
        List<Message> toThree = new ArrayList<>();
        for (int tick = 0; tick < 2; tick++) {
            leader.tick().messages().stream().filter(m -> m.to() == 3).forEach(toThree::add);
        }
        assertThat(toThree).as("a heartbeat interval later, node 3 has been sent something").isNotEmpty();
        Ready ready = new Ready(null, null, List.of(), toThree, null, List.of());
        if (toThree.stream().noneMatch(InstallSnapshot.class::isInstance)) {
            AppendEntries probe = sentTo(ready, AppendEntries.class, 3);
            assertThat(probe.prevLogIndex()).as("entries 1..4 are gone: the leader can only probe after them").isGreaterThanOrEqualTo(4);
            ready = leader.step(new AppendEntriesResponse(3, 1, 1, false, probe.prevLogIndex(), 0, 1));
        }
        InstallSnapshot install = sentTo(ready, InstallSnapshot.class, 3);
        assertThat(install.snapshot()).as("node 3's log is empty: it needs entries 1..4, which only the snapshot has")
                .isEqualTo(new Snapshot(4, 1, command("state through 4")));
        assertThat(install.term()).isEqualTo(1);
        ready = leader.step(new InstallSnapshotResponse(3, 1, 1, 4));
        AppendEntries rest = sentTo(ready, AppendEntries.class, 3);
        assertThat(rest.prevLogIndex()).as("after the snapshot, the entries after it follow").isEqualTo(4);
        assertThat(rest.prevLogTerm()).isEqualTo(1);
        assertThat(rest.entries()).extracting(Entry::index).containsExactly(5L);
    }

    @Test
    @Points(2)
    @DisplayName("a follower installs a snapshot past its log: it replaces the whole log, commits and applies through it, and is stored")
    void followerInstallsASnapshot() {
        RaftNode follower = withLog(1, 3, 2, 1, 1, 2);
        Snapshot snapshot = new Snapshot(5, 3, command("state through 5"));
        Ready ready = follower.step(new InstallSnapshot(2, 1, 3, snapshot));
        assertThat(ready.snapshot()).as("the snapshot must be stored").isEqualTo(snapshot);
        assertThat(ready.install()).as("and installed into the state machine").isEqualTo(snapshot);
        assertThat(follower.entries()).as("entry 3 of term 2 conflicts with the leader's log: nothing of the old log stays").isEmpty();
        assertThat(follower.lastIndex()).isEqualTo(5);
        assertThat(follower.lastTerm()).isEqualTo(3);
        assertThat(follower.commitIndex()).as("a snapshot holds committed entries only").isEqualTo(5);
        assertThat(follower.appliedIndex()).isEqualTo(5);
        assertThat(sentTo(ready, InstallSnapshotResponse.class, 2).lastIndex()).as("the follower matches through 5").isEqualTo(5);
        Ready next = follower.step(append(2, 1, 3, 5, 3, entries(6, 3), 6));
        assertThat(next.committed()).as("entries after the snapshot are applied after it").isEqualTo(entries(6, 3));
    }

    @Test
    @Points(2)
    @DisplayName("a follower that holds the snapshot's last entry keeps the entries after it; a snapshot older than its commit index changes nothing")
    @Hint("Keep the suffix when your entry at the snapshot's last index has the snapshot's last term; and never install "
            + "a snapshot of entries you have already committed: it would take the state machine back in time.")
    void matchingAndStaleSnapshots() {
        RaftNode ahead = withLog(1, 3, 1, 1, 1, 1, 1, 1);
        Ready ready = ahead.step(new InstallSnapshot(2, 1, 1, new Snapshot(3, 1, command("s3"))));
        assertThat(terms(ahead.entries())).as("entries 4 and 5 follow the matching entry 3 and stay").containsExactly(1, 1);
        assertThat(ahead.lastIndex()).isEqualTo(5);
        assertThat(ready.install()).isNotNull();

        RaftNode committed = appliedFollower(5);
        ready = committed.step(new InstallSnapshot(2, 1, 1, new Snapshot(3, 1, command("s3"))));
        assertThat(ready.install()).as("entries through 5 are applied already: the snapshot through 3 is stale").isNull();
        assertThat(ready.snapshot()).isNull();
        assertThat(committed.entries()).hasSize(5);
        assertThat(sentTo(ready, InstallSnapshotResponse.class, 2).lastIndex())
                .as("the answer still tells the leader the follower matches through its commit index").isGreaterThanOrEqualTo(3);
    }

    @Test
    @Points(2)
    @DisplayName("LogStorage keeps the snapshot and the entries after it across a reopen, and its files shrink")
    @Hint("Write the snapshot file under a temporary name, force it, rename it, sync the directory; then rewrite the log "
            + "without the entries the snapshot covers.")
    void storageCompacts(@Scratch Path scratch) {
        Path dir = scratch.resolve("raft");
        long[] terms = new long[200];
        Arrays.fill(terms, 1);
        List<Entry> big = new ArrayList<>();
        for (Entry e : entries(1, terms)) {
            big.add(new Entry(e.index(), e.term(), new byte[1000]));
        }
        long full;
        try (LogStorage storage = LogStorage.open(dir)) {
            storage.saveHardState(new HardState(1, 2));
            storage.append(big);
            storage.sync();
            full = RaftStorageTest.sizes(dir).values().stream().mapToLong(Long::longValue).sum();
            storage.saveSnapshot(new Snapshot(195, 1, command("state through 195")));
            storage.append(entries(201, 2));
            storage.sync();
        }
        long compacted = RaftStorageTest.sizes(dir).values().stream().mapToLong(Long::longValue).sum();
        assertThat(compacted).as("200 KB of entries, 195 of them in the snapshot: the files must shrink (from %d bytes)", full)
                .isLessThan(full / 10);
        try (LogStorage storage = LogStorage.open(dir)) {
            PersistentState loaded = storage.load();
            assertThat(loaded.snapshot()).isEqualTo(new Snapshot(195, 1, command("state through 195")));
            assertThat(loaded.entries()).extracting(Entry::index).as("the entries after the snapshot")
                    .containsExactly(196L, 197L, 198L, 199L, 200L, 201L);
            assertThat(loaded.hardState()).as("compaction keeps the hard state").isEqualTo(new HardState(1, 2));
        }
    }

    @Test
    @Points(2)
    @DisplayName("a snapshot that does not match the stored log's entry at its index drops the whole stored log")
    void storageDropsAConflictingLog(@Scratch Path scratch) {
        Path dir = scratch.resolve("raft");
        try (LogStorage storage = LogStorage.open(dir)) {
            storage.append(entries(1, 1, 1, 1, 1, 1));
            storage.saveSnapshot(new Snapshot(3, 2, command("leader's state through 3")));
            assertThat(storage.load().entries()).as("entry 3 is of term 1, the snapshot's of term 2").isEmpty();
            storage.append(entries(4, 2));
            storage.sync();
        }
        try (LogStorage storage = LogStorage.open(dir)) {
            PersistentState loaded = storage.load();
            assertThat(loaded.entries()).as("after a reopen, entries 4 and 5 of term 1 must not come back").isEqualTo(entries(4, 2));
            assertThat(loaded.snapshot().lastIndex()).isEqualTo(3);
        }
    }

    @Test
    @Points(1)
    @DisplayName("a snapshot is durable once saveSnapshot returns: a power cut that loses everything unsynced keeps it and the entries after it")
    @Hint("Compaction writes the entries it keeps to a new log file: force that file before you delete the old ones, "
            + "or a power cut leaves neither.")
    void aSavedSnapshotSurvivesACutLosingEverythingUnsynced(@Scratch Path scratch) {
        PowerCut power = PowerCut.in(scratch);
        Path dir = power.root().resolve("raft");
        Snapshot snapshot = new Snapshot(3, 1, command("state through 3"));
        LogStorage storage = LogStorage.open(dir);
        storage.load();
        storage.append(entries(1, 1, 1, 1, 2, 2));
        storage.sync();
        storage.saveSnapshot(snapshot);
        power.cutLosingAllUnsynced();
        try (LogStorage reopened = LogStorage.open(dir)) {
            PersistentState loaded = reopened.load();
            assertThat(loaded.snapshot()).as("the snapshot saved before the cut must be there after it").isEqualTo(snapshot);
            assertThat(loaded.entries()).as("entries 4 and 5, after the snapshot, were synced before it was saved and must "
                    + "survive the cut: compaction may move them to a new file, but only deletes the old ones once the new one "
                    + "is forced (%s)", power.lastCut()).isEqualTo(entries(4, 2, 2));
        }
    }

    @Test
    @Points(3)
    @DisplayName("after any power cut, a stored snapshot survives whole, and the log agrees with it")
    @Hint("saveSnapshot must be durable when it returns: the node may drop the entries it covers at once. Rename over the "
            + "old file only after the new one is forced, and delete old log files only after the rewritten log is synced.")
    void snapshotsSurvivePowerCuts(@Scratch Path scratch, Seed seed) {
        Random random = seed.random();
        for (int round = 0; round < 12; round++) {
            PowerCut power = PowerCut.in(scratch.resolve("round-" + round));
            Path dir = power.root().resolve("raft");
            List<PersistentState> sinceSync = new ArrayList<>(List.of(PersistentState.EMPTY));
            for (int life = 0; life < 3; life++) {
                LogStorage storage = LogStorage.open(dir);
                PersistentState loaded = storage.load();
                assertThat(sinceSync).as("round %d, life %d: after the cut (%s) the storage must hold one of the states "
                        + "since the last sync, but holds %s", round, life, power.lastCut(), loaded).contains(loaded);
                Snapshot snapshot = loaded.snapshot();
                List<Entry> log = new ArrayList<>(loaded.entries());
                sinceSync = new ArrayList<>(List.of(loaded));
                long first = snapshot == null ? 1 : snapshot.lastIndex() + 1;
                for (int op = 0, ops = 1 + random.nextInt(12); op < ops; op++) {
                    long last = first + log.size() - 1;
                    if (random.nextInt(4) == 0 && last >= first) {
                        long index = Math.max(first, last - random.nextInt(3));
                        boolean matching = index >= first && random.nextBoolean();
                        long term = matching ? log.get((int) (index - first)).term() : 10 + random.nextInt(5);
                        snapshot = new Snapshot(index, term, command("state " + round + "." + life + "." + op));
                        storage.saveSnapshot(snapshot);
                        if (matching) {
                            log.subList(0, (int) (index - first + 1)).clear();
                        } else {
                            log.clear();
                        }
                        first = index + 1;
                        sinceSync.clear();
                    } else {
                        long from = first + random.nextInt(log.size() + 1);
                        List<Entry> appended = entries(from, 1 + random.nextInt(3), 1 + random.nextInt(3));
                        log.subList((int) (from - first), log.size()).clear();
                        log.addAll(appended);
                        storage.append(appended);
                        if (random.nextBoolean()) {
                            storage.sync();
                            sinceSync.clear();
                        }
                    }
                    sinceSync.add(new PersistentState(HardState.INITIAL, snapshot, log));
                }
                power.cut(random);
            }
        }
    }
}
