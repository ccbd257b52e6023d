package dev.fromzero.kv.merge;

import static dev.fromzero.kv.merge.MergeFixtures.assertCompact;
import static dev.fromzero.kv.merge.MergeFixtures.assertMatches;
import static dev.fromzero.kv.merge.MergeFixtures.assertReopensTo;
import static dev.fromzero.kv.merge.MergeFixtures.bytes;
import static dev.fromzero.kv.merge.MergeFixtures.closing;
import static dev.fromzero.kv.merge.MergeFixtures.dataFileOf;
import static dev.fromzero.kv.merge.MergeFixtures.hints;
import static dev.fromzero.kv.merge.MergeFixtures.liveBytes;
import static dev.fromzero.kv.merge.MergeFixtures.merge;
import static dev.fromzero.kv.merge.MergeFixtures.model;
import static dev.fromzero.kv.merge.MergeFixtures.names;
import static dev.fromzero.kv.merge.MergeFixtures.open;
import static dev.fromzero.kv.merge.MergeFixtures.segments;
import static dev.fromzero.kv.merge.MergeFixtures.totalSegmentBytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.FaultPoint;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.WriteBatch;
import dev.fromzero.kv.index.HintFile;
import dev.fromzero.kv.merge.MergeFixtures.Both;
import dev.fromzero.testkit.Bounded;
import dev.fromzero.testkit.FileFaults;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Seeded
@Step(chapter = 3, number = 2, title = "Merge", guide = "docs/chapter03-merge.md#step-2-merge")
@Hint("A put record is live if and only if the keydir still points at its exact position; copy only those, and "
        + "drop every tombstone: once every older segment is merged away, there is nothing left for it to delete. "
        + "Merged files must sort after the old segments and before every new write, so that a replay in file order "
        + "still ends with the latest value of each key.")
class MergeTest {

    private static List<byte[]> keys(int count) {
        List<byte[]> keys = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            keys.add(bytes("key-%03d".formatted(k)));
        }
        return keys;
    }

    /** Random puts, overwrites and deletes of {@code keys} keys, on the store and the model. */
    private static void randomWrites(Random random, Both w, int writes, int keys) {
        for (int i = 0; i < writes; i++) {
            String key = "key-%03d".formatted(random.nextInt(keys));
            if (random.nextInt(5) == 0) {
                w.delete(key);
            } else {
                w.put(key, "value-" + i + "-" + "v".repeat(random.nextInt(30)));
            }
        }
    }

    @Test
    @Points(3)
    @DisplayName("merge keeps exactly the live data: every read equals the model, before and after reopen")
    void mergeKeepsTheLiveData(Seed seed, @Scratch Path dir) {
        TreeMap<byte[], byte[]> model = model();
        KvStore store = open(dir);
        try (Bounded.Closing closing = closing(store, "600 random writes, a merge and 200 more writes")) {
            Both w = new Both(store, model);
            randomWrites(seed.random(), w, 600, 60);
            merge(store, "the merge of 600 random writes");
            assertMatches(store, model, keys(60), "right after merge()");
            randomWrites(new Random(seed.value() + 1), w, 200, 60);
            assertMatches(store, model, keys(60), "after writes that followed the merge");
        }
        assertReopensTo(dir, model, keys(60), "after merge, more writes, and reopen");
    }

    @Test
    @Points(3)
    @DisplayName("after merging a store of mostly dead records, the segments hold about the live bytes and no dead ones")
    @Hint("Count what is on disk: after the merge only the merged copies of live records (and an empty active "
            + "segment) may be left. Old segments must be deleted, and stats must be rebuilt for the new files.")
    void mergeReclaimsDeadBytes(@Scratch Path dir) {
        TreeMap<byte[], byte[]> model = model();
        KvStore store = open(dir);
        try (Bounded.Closing closing = closing(store, "merging 30 overwrites of 20 keys")) {
            Both w = new Both(store, model);
            for (int round = 0; round < 30; round++) {
                for (int k = 0; k < 20; k++) {
                    w.put("key-%03d".formatted(k), "round-" + round + "-" + "x".repeat(20));
                }
            }
            long before = totalSegmentBytes(dir);
            assertThat(before).as("30 overwrites of 20 keys take many times their live bytes").isGreaterThan(10 * liveBytes(model));
            merge(store, "the merge of 30 overwrites of 20 keys");
            assertCompact(dir, model, "after merging 30 overwrites of 20 keys");
            assertThat(store.stats().deadBytes())
                    .as("stats().deadBytes() right after a merge with no writes meanwhile: every dead byte is gone "
                            + "(dead bytes by segment: %s)", store.stats().deadBytesBySegment())
                    .isZero();
            assertThat(store.stats().liveBytes()).as("stats().liveBytes() after the merge: the live records' bytes")
                    .isEqualTo(liveBytes(model));
            assertMatches(store, model, "after the merge");
        }
        assertReopensTo(dir, model, List.of(), "after the merge and reopen");
        try (KvStore reopened = open(dir)) {
            assertThat(reopened.stats().deadBytes()).as("stats().deadBytes() after reopening a merged store").isZero();
        }
    }

    @Test
    @Points(2)
    @DisplayName("no tombstone survives a merge: deleted keys stay gone, and their bytes are gone too")
    @Hint("Tombstones exist only to hide older records of their key; merge copies none of those, so it must not "
            + "copy the tombstones either.")
    void tombstonesDoNotSurvive(@Scratch Path dir) {
        TreeMap<byte[], byte[]> model = model();
        List<byte[]> keys = keys(40);
        KvStore store = open(dir);
        try (Bounded.Closing closing = closing(store, "deleting 30 of 40 keys and merging")) {
            Both w = new Both(store, model);
            for (int k = 0; k < 40; k++) {
                w.put("key-%03d".formatted(k), "value-" + k + "-" + "x".repeat(40));
            }
            for (int k = 0; k < 40; k++) {
                if (k % 4 != 0) {
                    w.delete("key-%03d".formatted(k));
                }
            }
            merge(store, "the merge after deleting 30 of 40 keys");
            assertMatches(store, model, keys, "after deleting 30 of 40 keys and merging");
            assertCompact(dir, model, "after deleting 30 of 40 keys and merging");
        }
        assertReopensTo(dir, model, keys, "after deleting 30 of 40 keys, merging and reopening");
    }

    @Test
    @Points(3)
    @DisplayName("put, merge, delete, merge, reopen: the deleted keys stay deleted (rosedb #258)")
    @Hint("rosedb #258: the second merge dropped the tombstones but the first merge's files, which still held the "
            + "old values, were kept or replayed after them. Every segment older than a merge's tombstones must be "
            + "part of that merge, and merged files must replay before newer writes.")
    void deletesBetweenMergesStayDeleted(@Scratch Path dir) {
        TreeMap<byte[], byte[]> model = model();
        List<byte[]> keys = keys(30);
        KvStore store = open(dir);
        try (Bounded.Closing closing = closing(store, "put, merge, delete, merge")) {
            Both w = new Both(store, model);
            for (int k = 0; k < 30; k++) {
                w.put("key-%03d".formatted(k), "value-" + k + "-" + "x".repeat(30));
            }
            merge(store, "the first merge, of 30 puts");
            for (int k = 0; k < 30; k += 2) {
                w.delete("key-%03d".formatted(k));
            }
            assertMatches(store, model, keys, "after put, merge, delete");
            merge(store, "the second merge, after 15 deletes");
            assertMatches(store, model, keys, "after put, merge, delete, merge");
        }
        assertReopensTo(dir, model, keys, "after put, merge, delete, merge, reopen");
        try (KvStore reopened = open(dir)) {
            Both w = new Both(reopened, model);
            w.delete("key-001");
            w.put("key-000", "back, put again");
        }
        assertReopensTo(dir, model, keys, "after put, merge, delete, merge, reopen, delete, reopen (no merge)");
        KvStore third = open(dir);
        try (Bounded.Closing closing = closing(third, "a third merge")) {
            merge(third, "the third merge, after a reopen, a delete and a put");
            assertMatches(third, model, keys, "after a third merge");
        }
        assertReopensTo(dir, model, keys, "after a third merge and reopen");
    }

    @Test
    @Points(2)
    @DisplayName("two and three merges in a row, then reopen, work (rosedb #242)")
    @Hint("rosedb #242: a second merge tripped over the files or the marker the first one left. Each merge must "
            + "finish cleanly (no work directory left, its record of what it merged up to date) so that the next one, "
            + "and the next open, start from a clean directory.")
    void mergesInARow(@Scratch Path dir) {
        TreeMap<byte[], byte[]> model = model();
        List<byte[]> keys = keys(30);
        KvStore store = open(dir);
        try (Bounded.Closing closing = closing(store, "two merges in a row")) {
            Both w = new Both(store, model);
            for (int k = 0; k < 30; k++) {
                w.put("key-%03d".formatted(k), "value-" + k + "-" + "x".repeat(30));
                w.put("key-%03d".formatted(k / 2), "overwritten-" + k);
            }
            merge(store, "the first of two merges in a row");
            merge(store, "the second of two merges in a row");
            assertMatches(store, model, keys, "after two merges in a row");
        }
        assertReopensTo(dir, model, keys, "after two merges in a row and reopen");
        KvStore reopened = open(dir);
        try (Bounded.Closing closing = closing(reopened, "five merges and a put")) {
            merge(reopened, "the first of three merges in a row after reopen");
            merge(reopened, "the second of three merges in a row after reopen");
            merge(reopened, "the third of three merges in a row after reopen");
            assertMatches(reopened, model, keys, "after reopening and three more merges in a row");
            assertCompact(dir, model, "after three merges in a row");
            new Both(reopened, model).put("key-001", "after five merges");
        }
        assertReopensTo(dir, model, keys, "after five merges, a put, and reopen");
    }

    @Test
    @Points(1)
    @DisplayName("merging an empty store, and a store whose keys are all deleted, leaves an empty store that works")
    void mergeEmptyAndAllDeleted(@Scratch Path empty, @Scratch Path deleted) {
        KvStore fresh = open(empty);
        try (Bounded.Closing closing = closing(fresh, "merging an empty store twice and a put")) {
            merge(fresh, "the merge of a new, empty store");
            assertMatches(fresh, model(), "after merging a new, empty store");
            merge(fresh, "the second merge of an empty store");
            fresh.put(bytes("a"), bytes("1"));
        }
        TreeMap<byte[], byte[]> one = model();
        one.put(bytes("a"), bytes("1"));
        assertReopensTo(empty, one, "after merging an empty store twice, a put, and reopen");

        List<byte[]> keys = keys(20);
        KvStore store = open(deleted);
        try (Bounded.Closing closing = closing(store, "merging a store whose keys were all deleted")) {
            for (byte[] key : keys) {
                store.put(key, bytes("doomed-" + "x".repeat(40)));
            }
            for (byte[] key : keys) {
                store.delete(key);
            }
            merge(store, "the merge of a store whose 20 keys were all deleted");
            assertMatches(store, model(), keys, "after merging a store whose 20 keys were all deleted");
            assertCompact(deleted, model(), "after merging a store whose keys were all deleted");
        }
        assertReopensTo(deleted, model(), keys, "after merging a store of deletes only, and reopen");
    }

    @Test
    @Points(1)
    @DisplayName("with tiny segments a merge writes many output files, each with its hint, and loses nothing")
    void tinySegments(Seed seed, @Scratch Path dir) {
        TreeMap<byte[], byte[]> model = model();
        KvStore store = KvStore.open(dir, MergeFixtures.options(64));
        try (Bounded.Closing closing = closing(store, "merging with 64-byte segments")) {
            Both w = new Both(store, model);
            randomWrites(seed.random(), w, 300, 50);
            merge(store, "the merge of 300 random writes into 64-byte segments");
            assertMatches(store, model, keys(50), "after merging with 64-byte segments");
            assertThat(hints(dir).size()).as("hint files after merging %d keys into 64-byte segments: one per merged "
                    + "segment, so many", model.size()).isGreaterThanOrEqualTo(model.size() / 3);
        }
        KvStore reopened = KvStore.open(dir, MergeFixtures.options(64));
        try (Bounded.Closing closing = closing(reopened, "a second merge with 64-byte segments")) {
            assertMatches(reopened, model, keys(50), "after merging with 64-byte segments and reopen");
            merge(reopened, "the second merge with 64-byte segments, after reopen");
            assertMatches(reopened, model, keys(50), "after a second merge with 64-byte segments");
        }
    }

    @Test
    @Points(1)
    @DisplayName("batches survive a merge whole: every member's value, and the deletes of a batch too")
    void batchesSurvive(@Scratch Path dir) {
        TreeMap<byte[], byte[]> model = model();
        List<byte[]> keys = keys(40);
        KvStore store = open(dir);
        try (Bounded.Closing closing = closing(store, "ten batches and a merge")) {
            Both w = new Both(store, model);
            for (int b = 0; b < 10; b++) {
                WriteBatch batch = new WriteBatch();
                for (int m = 0; m < 4; m++) {
                    batch.put(keys.get(b * 4 + m), bytes("batch-" + b + "-member-" + m));
                }
                batch.delete(keys.get((b * 4 + 7) % 40));
                w.write(batch);
            }
            merge(store, "the merge of ten batches");
            assertMatches(store, model, keys, "after ten batches and a merge");
        }
        assertReopensTo(dir, model, keys, "after ten batches, a merge, and reopen");
    }

    @Test
    @Points(1)
    @DisplayName("batches larger than a segment (the log keeps a batch in one segment) survive a merge")
    @Hint("The log writes a batch into one segment even when it is larger than maxSegmentBytes. Merged records are "
            + "written one by one, so such a batch's members may need more output segments than the input had: "
            + "do not assume the output never needs more segment numbers than the input.")
    void batchesLargerThanASegmentSurvive(@Scratch Path dir) {
        TreeMap<byte[], byte[]> model = model();
        KvStore store = open(dir);
        try (Bounded.Closing closing = closing(store, "two batches larger than a segment and a merge")) {
            Both w = new Both(store, model);
            for (int b = 0; b < 2; b++) {
                WriteBatch large = new WriteBatch();
                for (int m = 0; m < 3; m++) {
                    large.put(bytes("large-" + b + "-" + m), bytes("x".repeat(300)));
                }
                w.write(large);
            }
            merge(store, "the merge of two batches larger than a segment");
            assertMatches(store, model, "after two batches of 3 x 300-byte values in 512-byte segments, and a merge");
        }
        assertReopensTo(dir, model, "after two batches larger than a segment, a merge, and reopen");
    }

    @Test
    @Points(2)
    @DisplayName("merge writes a hint beside each merged segment, and the hints together list every live key once")
    @Hint("A hint entry is the key, and the offset and length of its record in the merged data file.")
    void mergeWritesHints(Seed seed, @Scratch Path dir) {
        TreeMap<byte[], byte[]> model = model();
        KvStore store = open(dir);
        try (Bounded.Closing closing = closing(store, "400 random writes and a merge")) {
            randomWrites(seed.random(), new Both(store, model), 400, 50);
            merge(store, "the merge of 400 random writes");
        }
        List<Path> hints = hints(dir);
        assertThat(hints).as("hint files after a merge, among %s", names(segments(dir))).isNotEmpty();
        TreeMap<byte[], Integer> listed = new TreeMap<>(java.util.Arrays::compareUnsigned);
        for (Path hint : hints) {
            Path data = dataFileOf(hint);
            assertThat(data).as("the data file beside hint %s", hint.getFileName()).exists();
            for (HintFile.Entry entry : HintFile.read(hint, FileFaults.size(data))) {
                listed.merge(entry.key(), 1, Integer::sum);
            }
        }
        assertThat(listed.keySet()).as("the keys the hint files list: exactly the live keys")
                .containsExactlyElementsOf(model.keySet());
        assertThat(listed.values()).as("how often the hints list each live key: once").containsOnly(1);
    }

    @Test
    @Points(2)
    @DisplayName("close() during a merge stops its copying at the next record, and the store reopens with all its data")
    @Hint("Check aborted before (or right after) each record you copy, not once per segment or per merge: close() "
            + "waits for a running merge, so a merge that copies on to the end holds close() for as long as the whole "
            + "copy takes. Stop by throwing Merge.Aborted; the merge/ it leaves has no marker, so nothing changes.")
    void closeStopsTheCopyAtTheNextRecord(Seed seed, @Scratch Path dir) {
        TreeMap<byte[], byte[]> model = model();
        Random random = seed.random();
        int keys = 150 + random.nextInt(100);
        AtomicInteger copied = new AtomicInteger();
        AtomicInteger copiedAfterClose = new AtomicInteger();
        AtomicReference<Throwable> closeFailed = new AtomicReference<>();
        AtomicReference<RuntimeException> mergeStopped = new AtomicReference<>();
        Thread[] closer = new Thread[1];
        KvStore[] holder = new KvStore[1];
        boolean[] armed = {false};
        KvStore store = open(dir, reached -> {
            if (!armed[0] || reached != FaultPoint.WRITING_MERGED_DATA) {
                return;
            }
            if (copied.incrementAndGet() > 1) {
                if (closer[0] != null) {
                    copiedAfterClose.incrementAndGet();
                }
                return;
            }
            closer[0] = new Thread(() -> {
                try {
                    holder[0].close();
                } catch (Throwable t) {
                    closeFailed.set(t);
                }
            }, "close during a merge");
            closer[0].start();
            // close() (given) first tells the merge to stop, then waits for it: once its thread waits, the merge's
            // next check of aborted must see it. Nothing else in close() waits while the merge copies.
            Bounded.until(() -> "close(), called while the merge copies its first record, to begin and wait for the "
                    + "merge; its thread is " + closer[0].getState(), () -> isWaiting(closer[0]));
        });
        holder[0] = store;
        Both w = new Both(store, model);
        for (int k = 0; k < keys; k++) {
            w.put("key-%03d".formatted(k), "value-" + k + "-" + "v".repeat(random.nextInt(30)));
        }
        int segments = segments(dir).size();
        assertThat(segments).as("%d keys written once in %d-byte segments fill many segments", keys,
                MergeFixtures.SMALL_SEGMENTS).isGreaterThan(10);
        armed[0] = true;
        try {
            // merge() may end with an exception (Merge.Aborted): the store closed under it. What counts is how far
            // it copied.
            Bounded.run("merge() while close() is called at its first copied record (a merge that waits for close(), "
                    + "which waits for the merge?)", () -> {
                        try {
                            store.merge();
                        } catch (RuntimeException stopped) {
                            mergeStopped.set(stopped);
                        }
                    });
        } finally {
            if (closer[0] != null) {
                Bounded.join("close(), called during a merge, to return once the merge stopped", closer[0]);
            } else {
                closing(store, "a merge that never reached FaultPoint.WRITING_MERGED_DATA").close();
            }
        }
        assertThat(closer[0]).as("the merge of %d live keys must copy a record and pass FaultPoint.WRITING_MERGED_DATA "
                + "(merge() threw %s)", keys, mergeStopped.get()).isNotNull();
        assertThat(closeFailed.get()).as("close() called during a merge must succeed").isNull();
        assertThat(copiedAfterClose.get())
                .as("records the merge copied (FaultPoint.WRITING_MERGED_DATA passed) after close() began and waited "
                        + "for it, of the %d live records left in %d segments: a merge stops at its next record once "
                        + "aborted says the store is closing (is aborted checked before each record?)", keys - 1, segments)
                .isLessThan(3);
        assertReopensTo(dir, model, "after close() stopped a merge at its first copied record, and reopen");
        KvStore reopened = open(dir);
        try (Bounded.Closing closing = closing(reopened, "a merge after a reopen")) {
            merge(reopened, "the merge after close() stopped one and a reopen");
            assertMatches(reopened, model, "after close() stopped a merge, a reopen and a whole merge");
        }
    }

    /** Whether {@code thread} waits (or has already ended, with a failure the test reports). */
    private static boolean isWaiting(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.WAITING || state == Thread.State.BLOCKED || state == Thread.State.TIMED_WAITING
                || state == Thread.State.TERMINATED;
    }
}
