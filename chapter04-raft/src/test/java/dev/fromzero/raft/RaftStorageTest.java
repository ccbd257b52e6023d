package dev.fromzero.raft;

import static dev.fromzero.raft.NodeFixtures.entries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fromzero.kv.CorruptionException;
import dev.fromzero.raft.storage.LogStorage;
import dev.fromzero.testkit.FileFaults;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import dev.fromzero.testkit.powercut.PowerCut;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 3: LogStorage keeps the hard state and the log in real files, on the chapter-1 log, and
 * reads them back after a restart, a torn write or a power cut.
 */
@Seeded
@Step(chapter = 4, number = 3, title = "Persistence", guide = "docs/chapter04-raft.md#step-3-persistence")
@Hint("Write each hard state and each entry as a record of the chapter-1 log; on open, replay them in order: the last "
        + "hard state wins, and an entry at an index already seen replaces it and everything after it.")
class RaftStorageTest {

    @Test
    @Points(2)
    @DisplayName("the hard state and the entries read back after a reopen are those written last")
    void roundTrip(@Scratch Path scratch) {
        Path dir = scratch.resolve("raft");
        List<Entry> written = new ArrayList<>(entries(1, 1, 1, 2));
        written.add(Entry.noop(4, 3));
        written.add(new Entry(5, 3, new byte[] {0, (byte) 0xff, 10, 13}));
        try (LogStorage storage = LogStorage.open(dir)) {
            assertThat(storage.load()).as("a new storage holds nothing").isEqualTo(PersistentState.EMPTY);
            storage.saveHardState(new HardState(2, 1));
            storage.append(written.subList(0, 3));
            storage.saveHardState(new HardState(3, 2));
            storage.append(written.subList(3, 5));
            storage.sync();
        }
        try (LogStorage storage = LogStorage.open(dir)) {
            PersistentState loaded = storage.load();
            assertThat(loaded.hardState()).as("the last hard state written wins").isEqualTo(new HardState(3, 2));
            assertThat(loaded.entries()).as("every entry, with its term and exact command bytes, the no-op's empty one included")
                    .isEqualTo(written);
            assertThat(loaded.snapshot()).isNull();
        }
    }

    @Test
    @Points(2)
    @DisplayName("appending at an index already stored replaces that entry and every later one, also after a reopen")
    @Hint("Nothing special needs writing for a truncation: on replay, an entry at an index already seen cuts the log there.")
    void appendingEarlierReplacesTheSuffix(@Scratch Path scratch) {
        Path dir = scratch.resolve("raft");
        try (LogStorage storage = LogStorage.open(dir)) {
            storage.append(entries(1, 1, 1, 1, 1, 1));
            storage.append(entries(3, 2, 2));
            assertThat(NodeFixtures.terms(storage.load().entries())).as("entries 3..5 of term 1 are replaced by 3..4 of term 2")
                    .containsExactly(1, 1, 2, 2);
            storage.sync();
        }
        try (LogStorage storage = LogStorage.open(dir)) {
            assertThat(NodeFixtures.terms(storage.load().entries())).as("after a reopen, entry 5 of term 1 must not come back")
                    .containsExactly(1, 1, 2, 2);
            storage.append(entries(5, 3));
            storage.append(entries(2, 4));
            storage.sync();
        }
        try (LogStorage storage = LogStorage.open(dir)) {
            assertThat(NodeFixtures.terms(storage.load().entries())).containsExactly(1, 4);
        }
    }

    @Test
    @Points(1)
    @DisplayName("appending after a gap is refused with an error naming the indexes")
    void gapsAreRefused(@Scratch Path scratch) {
        try (LogStorage storage = LogStorage.open(scratch.resolve("raft"))) {
            storage.append(entries(1, 1, 1));
            assertThatThrownBy(() -> storage.append(entries(4, 1))).as("entry 3 is missing")
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4");
            assertThat(storage.load().entries()).isEqualTo(entries(1, 1, 1));
        }
    }

    @Test
    @Points(3)
    @DisplayName("a torn last entry is cut off on reopen, the entries before it kept, and the storage takes new appends")
    @Hint("The chapter-1 log already cuts a torn tail when it opens: build on it rather than around it.")
    void tornLastEntryIsRecovered(@Scratch Path scratch) {
        Path dir = scratch.resolve("raft");
        Map<Path, Long> before;
        try (LogStorage storage = LogStorage.open(dir)) {
            storage.saveHardState(new HardState(1, 1));
            storage.append(entries(1, 1, 1, 1));
            storage.sync();
            before = sizes(dir);
            storage.append(List.of(new Entry(4, 1, new byte[700])));
            storage.sync();
        }
        Map<Path, Long> after = sizes(dir);
        Path grown = after.keySet().stream().filter(f -> !after.get(f).equals(before.get(f))).findFirst().orElseThrow();
        long written = after.get(grown) - before.getOrDefault(grown, 0L);
        for (long keep : new long[] {1, written / 2, written - 1}) {
            Path copy = scratch.resolve("torn-" + keep);
            FileFaults.copyDirectory(dir, copy);
            FileFaults.truncate(copy.resolve(dir.relativize(grown)), before.getOrDefault(grown, 0L) + keep);
            try (LogStorage storage = LogStorage.open(copy)) {
                PersistentState loaded = storage.load();
                assertThat(loaded.entries()).as("entry 4 torn after %d of its %d bytes: entries 1..3 remain", keep, written)
                        .isEqualTo(entries(1, 1, 1, 1));
                assertThat(loaded.hardState()).isEqualTo(new HardState(1, 1));
                storage.append(entries(4, 2));
                storage.sync();
            }
            try (LogStorage storage = LogStorage.open(copy)) {
                assertThat(storage.load().entries()).as("an entry appended after the recovery is read back")
                        .isEqualTo(entries(1, 1, 1, 1, 2));
            }
        }
    }

    @Test
    @Points(1)
    @DisplayName("a damaged entry before the tail is reported as corruption, never read back as data")
    void corruptionIsReported(@Scratch Path scratch) {
        Path dir = scratch.resolve("raft");
        Map<Path, Long> beforeSecond;
        Map<Path, Long> afterSecond;
        try (LogStorage storage = LogStorage.open(dir)) {
            storage.append(entries(1, 1));
            beforeSecond = sizes(dir);
            storage.append(List.of(new Entry(2, 1, new byte[100])));
            afterSecond = sizes(dir);
            storage.append(entries(3, 1, 1));
            storage.sync();
        }
        Path file = afterSecond.keySet().stream().filter(f -> !afterSecond.get(f).equals(beforeSecond.get(f))).findFirst().orElseThrow();
        FileFaults.flipBit(file, (beforeSecond.getOrDefault(file, 0L) + afterSecond.get(file)) / 2, 3);
        assertThatThrownBy(() -> LogStorage.open(dir).close()).as("entry 2 is damaged and entries 3 and 4 follow it")
                .isInstanceOf(CorruptionException.class);
    }

    @Test
    @Points(3)
    @DisplayName("after any power cut the storage holds what it held at some moment since the last sync: nothing synced is lost, nothing is torn")
    @Hint("sync() must force the log to disk. Each append of several entries is one batch of the chapter-1 log, so a "
            + "cut keeps all of it or none.")
    void powerCutsKeepWhatWasSynced(@Scratch Path scratch, Seed seed) {
        Random random = seed.random();
        for (int round = 0; round < 16; round++) {
            PowerCut power = PowerCut.in(scratch.resolve("round-" + round));
            Path dir = power.root().resolve("raft");
            List<PersistentState> sinceSync = new ArrayList<>(List.of(PersistentState.EMPTY));
            for (int life = 0; life < 3; life++) {
                LogStorage storage = LogStorage.open(dir);
                PersistentState loaded = storage.load();
                assertThat(sinceSync).as("round %d, life %d: after the cut (%s) the storage must hold one of the states "
                        + "since the last sync, but holds %s", round, life, power.lastCut(), loaded).contains(loaded);
                HardState hardState = loaded.hardState();
                List<Entry> log = new ArrayList<>(loaded.entries());
                sinceSync = new ArrayList<>(List.of(loaded));
                for (int op = 0, ops = 1 + random.nextInt(25); op < ops; op++) {
                    switch (random.nextInt(4)) {
                        case 0 -> {
                            hardState = new HardState(hardState.term() + random.nextInt(2), 1 + random.nextInt(3));
                            storage.saveHardState(hardState);
                        }
                        case 1, 2 -> {
                            long from = 1 + random.nextInt(log.size() + 1);
                            long[] terms = new long[1 + random.nextInt(4)];
                            Arrays.fill(terms, 1 + random.nextInt(9));
                            List<Entry> appended = entries(from, terms);
                            log.subList((int) from - 1, log.size()).clear();
                            log.addAll(appended);
                            storage.append(appended);
                        }
                        default -> {
                            storage.sync();
                            sinceSync.clear();
                        }
                    }
                    sinceSync.add(new PersistentState(hardState, null, log));
                }
                if (round % 4 == 0) {
                    power.cutLosingAllUnsynced();
                } else {
                    power.cut(random);
                }
            }
        }
    }

    /** The size of every file under {@code dir}. */
    static Map<Path, Long> sizes(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            Map<Path, Long> sizes = new TreeMap<>();
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                sizes.put(file, Files.size(file));
            }
            return sizes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
