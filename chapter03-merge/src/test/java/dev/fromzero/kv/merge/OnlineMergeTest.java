package dev.fromzero.kv.merge;

import static dev.fromzero.kv.merge.MergeFixtures.assertMatches;
import static dev.fromzero.kv.merge.MergeFixtures.bytes;
import static dev.fromzero.kv.merge.MergeFixtures.model;
import static dev.fromzero.kv.merge.MergeFixtures.scenarioKeys;
import static dev.fromzero.kv.merge.MergeFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.FaultPoint;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.WriteBatch;
import dev.fromzero.kv.merge.MergeFixtures.Both;
import dev.fromzero.testkit.Bounded;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Seeded
@Step(chapter = 3, number = 5, title = "Merging while serving", guide = "docs/chapter03-merge.md#step-5-merging-while-serving")
@Hint("Hold the writer lock only to seal the active segment, and the index lock only for the moments a merge "
        + "changes the keydir or the list of segments. When repointing keys at their merged copies, repoint only "
        + "those that still point where the merge read them: a key written meanwhile has a newer record.")
class OnlineMergeTest {

    @ParameterizedTest(name = "writes at every FaultPoint.{0}")
    @EnumSource(FaultPoint.class)
    @Points(4)
    @DisplayName("puts, deletes and batches made while a merge runs survive it, and a reopen, and the next merge")
    @Hint("A key overwritten or deleted during the merge must not be repointed at the merged copy of its old "
            + "value; a delete made during the merge sits in a segment newer than the merge's output, so replay "
            + "applies it after the old value.")
    void writesDuringMergeSurvive(FaultPoint point, @Scratch Path dir) {
        TreeMap<byte[], byte[]> model = model();
        int[] hits = {0};
        KvStore[] holder = new KvStore[1];
        Both[] writer = new Both[1];
        boolean[] armed = {false};
        try (KvStore store = MergeFixtures.open(dir, reached -> {
            if (armed[0] && reached == point && hits[0] < 4) {
                writeDuring(writer[0], point, hits[0]++);
            }
        })) {
            holder[0] = store;
            writer[0] = new Both(store, model);
            MergeFixtures.scenario("first", writer[0]);
            armed[0] = true;
            Bounded.run("a merge with writes at FaultPoint." + point + " (a write waiting for a lock the merge holds?)",
                    store::merge);
            armed[0] = false;
            assertThat(hits[0]).as("the merge must reach FaultPoint.%s", point).isPositive();
            assertMatches(store, model, keys(), "right after a merge with writes at FaultPoint." + point);
        }
        MergeFixtures.assertReopensTo(dir, model, keys(), "after a merge with writes at FaultPoint." + point
                + ", and reopen");
        try (KvStore store = MergeFixtures.open(dir)) {
            MergeFixtures.merge(store, "a second merge after a merge with writes at FaultPoint." + point + ", and reopen");
            assertMatches(store, model, keys(), "after a merge with writes at FaultPoint." + point
                    + ", reopen, and another merge");
            MergeFixtures.assertCompact(dir, model, "after a second merge, with no writes meanwhile");
        }
        MergeFixtures.assertReopensTo(dir, model, keys(), "after a merge with writes at FaultPoint." + point
                + ", reopen, another merge, and reopen");
    }

    /** Writes at hit {@code n} of a point: overwrite and delete keys the merge is copying, add keys, and a batch. */
    private static void writeDuring(Both w, FaultPoint point, int n) {
        String tag = point + "-" + n;
        w.put(MergeFixtures.key(2 + n), "overwritten during the merge at " + tag);
        w.delete(MergeFixtures.key(4 + n));
        w.put(MergeFixtures.key(10 + n), "overwritten at " + tag);
        w.delete(MergeFixtures.key(10 + n));
        w.put("new-during-merge-" + n, "new at " + tag + "-" + "z".repeat(40));
        w.write(new WriteBatch().put(bytes(MergeFixtures.key(16 + n)), bytes("batch at " + tag))
                .delete(bytes(MergeFixtures.key(21 + n))).put(new byte[0], bytes("empty key at " + tag)));
    }

    private static List<byte[]> keys() {
        List<byte[]> keys = new ArrayList<>(scenarioKeys());
        for (int n = 0; n < 4; n++) {
            keys.add(bytes("new-during-merge-" + n));
        }
        return keys;
    }

    @Test
    @Points(2)
    @DisplayName("while a merge runs, at every step of it, every key reads its value and scans see the whole store")
    @Hint("Between installing a merged file and deleting the old ones, the keydir may point into either, but every "
            + "position it holds must be in a file that is open and not yet deleted.")
    void readsDuringMerge(@Scratch Path dir) {
        TreeMap<byte[], byte[]> model = model();
        Map<FaultPoint, Integer> checked = new EnumMap<>(FaultPoint.class);
        KvStore[] holder = new KvStore[1];
        boolean[] armed = {false};
        try (KvStore store = MergeFixtures.open(dir, reached -> {
            if (armed[0]) {
                int hit = checked.merge(reached, 1, Integer::sum);
                assertMatches(holder[0], model, scenarioKeys(), "during the merge, at FaultPoint." + reached
                        + " hit " + hit);
            }
        })) {
            holder[0] = store;
            MergeFixtures.scenario("first", new Both(store, model));
            armed[0] = true;
            Bounded.run("a merge with reads at every point (a read waiting for a lock the merge holds?)", store::merge);
            armed[0] = false;
            assertThat(checked.keySet()).as("the points at which reads were checked during the merge")
                    .containsExactlyInAnyOrder(FaultPoint.values());
            assertMatches(store, model, scenarioKeys(), "after the merge");
        }
    }

    private static final int KEYS = 20;

    private static byte[] key(int k) {
        return bytes("k%02d".formatted(k));
    }

    @Test
    @Points(3)
    @DisplayName("a writer and readers run while the store merges again and again: reads never go back, nothing is lost")
    @Hint("A reader that sees an older value than one whose write had already returned read a stale position: a key "
            + "repointed at its merged copy after a newer write, or a file deleted while still in use.")
    @Timeout(120)
    void concurrentWritersReadersAndMerges(Seed seed, @Scratch Path dir) throws Exception {
        AtomicLongArray started = new AtomicLongArray(KEYS);
        AtomicLongArray completed = new AtomicLongArray(KEYS);
        AtomicBoolean merging = new AtomicBoolean(true);
        AtomicBoolean writing = new AtomicBoolean(true);
        TreeMap<byte[], byte[]> model = model();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        KvStore store = KvStore.open(dir, MergeFixtures.options(2048));
        try (Bounded.Closing closing = Bounded.closing("close() after a writer, readers and merges", store)) {
            Future<?> writer = pool.submit(() -> {
                try {
                    write(store, seed.random(), started, completed, model, merging);
                } finally {
                    writing.set(false);
                }
                return null;
            });
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(reader(store, new Random(seed.value() + r), started, completed, writing)));
            }
            try {
                for (int m = 0; m < 12 && writing.get(); m++) {
                    Bounded.run("merge " + (m + 1) + " of 12 while a writer and 2 readers run (a merge waiting for a "
                            + "lock the writer holds, or a loop that never ends?)", Duration.ofSeconds(60), store::merge);
                }
            } finally {
                merging.set(false);
            }
            Bounded.get("the writer to finish while the store merges (a write waiting for a lock a merge never "
                    + "releases?)", Duration.ofSeconds(100), writer);
            for (Future<?> reader : readers) {
                Bounded.get("a reader to stop once the writer is done (a read waiting for a lock that is never released?)",
                        Duration.ofSeconds(100), reader);
            }
            assertMatches(store, model, "after the writer, the readers and 12 merges are done");
        } finally {
            pool.shutdownNow();
        }
        MergeFixtures.assertReopensTo(dir, model, "after the writer, the readers and 12 merges, and reopen");
    }

    /**
     * The writer: puts {@code kNN:n}, deletes, and batches, with n growing; before a write of key k it sets
     * {@code started[k] = n}, after it returns {@code completed[k] = n}. It writes at least 2,000 times, and on
     * until the merges are done.
     */
    private static void write(KvStore store, Random random, AtomicLongArray started, AtomicLongArray completed,
            TreeMap<byte[], byte[]> model, AtomicBoolean merging) {
        for (long n = 1; n <= 2_000 || merging.get() && n < 200_000; n++) {
            int k = random.nextInt(KEYS - 1);
            int choice = random.nextInt(10);
            if (choice < 6) {
                started.set(k, n);
                byte[] value = bytes(text(key(k)) + ":" + n);
                store.put(key(k), value);
                model.put(key(k), value);
                completed.set(k, n);
            } else if (choice < 8) {
                started.set(k, n);
                store.delete(key(k));
                model.remove(key(k));
                completed.set(k, n);
            } else {
                started.set(k, n);
                started.set(k + 1, n);
                store.write(new WriteBatch().put(key(k), bytes(text(key(k)) + ":" + n))
                        .put(key(k + 1), bytes(text(key(k + 1)) + ":" + n)));
                model.put(key(k), bytes(text(key(k)) + ":" + n));
                model.put(key(k + 1), bytes(text(key(k + 1)) + ":" + n));
                completed.set(k, n);
                completed.set(k + 1, n);
            }
        }
    }

    /**
     * A reader: a value it reads for key k must be one written for k, by a write that had begun, and not older than
     * the last write of k (put or delete) that had returned before the read began.
     */
    private static Callable<Void> reader(KvStore store, Random random, AtomicLongArray started,
            AtomicLongArray completed, AtomicBoolean writing) {
        return () -> {
            while (writing.get()) {
                int k = random.nextInt(KEYS);
                long before = completed.get(k);
                byte[] value = store.get(key(k));
                if (value != null) {
                    String text = text(value);
                    String prefix = text(key(k)) + ":";
                    assertThat(text).as("a value read for %s must be one written for it", text(key(k))).startsWith(prefix);
                    long n = Long.parseLong(text.substring(prefix.length()));
                    assertThat(n).as("%s was read with write %d, which the writer had not begun", text(key(k)), n)
                            .isLessThanOrEqualTo(started.get(k));
                    assertThat(n).as("%s was read with write %d, but write %d of it (a put or a delete) had returned "
                            + "before the read began: a merge brought an old value back", text(key(k)), n, before)
                            .isGreaterThanOrEqualTo(before);
                }
            }
            return null;
        };
    }
}
