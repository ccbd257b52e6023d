package dev.fromzero.kv.index;

import static dev.fromzero.kv.index.StoreFixtures.bytes;
import static dev.fromzero.kv.index.StoreFixtures.contents;
import static dev.fromzero.kv.index.StoreFixtures.open;
import static dev.fromzero.kv.index.StoreFixtures.segmentId;
import static dev.fromzero.kv.index.StoreFixtures.segments;
import static dev.fromzero.kv.index.StoreFixtures.totalSegmentBytes;
import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.StoreStats;
import dev.fromzero.kv.WriteBatch;
import dev.fromzero.kv.log.LogRecord;
import dev.fromzero.kv.log.RecordCodec;
import dev.fromzero.testkit.FileFaults;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Seeded
@Step(chapter = 2, number = 6, title = "Stats and bad input", guide = "docs/chapter02-index.md#step-6-stats-and-bad-input")
@Hint("A segment's dead bytes are its size minus the bytes of the records the keydir points into it. Count every "
        + "append as written, and move a record's bytes from live to dead when the keydir stops pointing at it.")
class StatsAndErrorsTest {

    private static int putSize(String key, String value) {
        return RecordCodec.encodedSize(LogRecord.put(key, value));
    }

    @Test
    @Points(2)
    @DisplayName("stats count the live keys and the bytes of their current records")
    void statsCountLiveKeysAndBytes(@Scratch Path dir) {
        try (KvStore store = open(dir)) {
            StoreStats empty = store.stats();
            assertThat(empty.liveKeys()).as("a new store has no keys").isZero();
            assertThat(empty.liveBytes()).as("a new store has no live bytes").isZero();
            assertThat(empty.deadBytes()).as("a new store has no dead bytes").isZero();
            store.put(bytes("a"), bytes("1"));
            store.put(bytes("bb"), bytes("22"));
            store.put(bytes("a"), bytes("333"));
            StoreStats stats = store.stats();
            assertThat(stats.liveKeys()).as("two keys, one of them put twice").isEqualTo(2);
            assertThat(stats.liveBytes())
                    .as("live bytes are the encoded sizes of the records the keydir points to: put(a, 333) and put(bb, 22)")
                    .isEqualTo(putSize("a", "333") + putSize("bb", "22"));
        }
    }

    @Test
    @Points(3)
    @DisplayName("overwritten and deleted records, tombstones and batch commits are dead bytes of their own segment")
    @Hint("Dead bytes belong to the segment the dead record is in, not to the segment being written: merge will "
            + "rewrite the old segment to reclaim them.")
    void deadBytesPerSegment(@Scratch Path dir) {
        int small = putSize("k", "1");
        try (KvStore store = open(dir, 3L * small)) {
            store.put(bytes("k"), bytes("1"));
            store.put(bytes("j"), bytes("1"));
            store.put(bytes("i"), bytes("1"));
            assertThat(store.stats().deadBytesBySegment()).as("segment 1 is full of live records").containsExactly(Map.entry(1L, 0L));
            store.put(bytes("k"), bytes("2"));
            StoreStats stats = store.stats();
            assertThat(stats.deadBytesBySegment())
                    .as("overwriting k (in segment 1) from segment 2 makes the old record dead in segment 1, and the new "
                            + "one is live in segment 2")
                    .containsExactly(Map.entry(1L, (long) small), Map.entry(2L, 0L));
            store.delete(bytes("j"));
            int tombstone = RecordCodec.encodedSize(LogRecord.tombstone("j"));
            assertThat(store.stats().deadBytesBySegment())
                    .as("deleting j makes its record in segment 1 dead, and the tombstone in segment 2 is dead from the start")
                    .containsExactly(Map.entry(1L, 2L * small), Map.entry(2L, (long) tombstone));
            List<LogRecord> batch = List.of(LogRecord.put("x", "1"), LogRecord.put("x", "2"));
            store.write(new WriteBatch().put(bytes("x"), bytes("1")).put(bytes("x"), bytes("2")));
            long batchSegment = segmentId(segments(dir).get(segments(dir).size() - 1));
            assertThat(store.stats().deadBytesBySegment().get(batchSegment))
                    .as("a batch putting x twice: the first member and the commit record are dead, the second member live")
                    .isEqualTo((long) RecordCodec.encodedBatchSize(batch) - small
                            + (batchSegment == 2 ? tombstone : 0));
            assertThat(store.stats().liveKeys()).as("live keys: i, k and x (j was deleted)").isEqualTo(3);
            assertThat(store.stats().liveBytes()).as("live bytes: the current records of i, k and x, %d bytes each", small)
                    .isEqualTo(3L * small);
        }
    }

    @Test
    @Points(2)
    @DisplayName("after random writes, every segment's size is its dead bytes plus its live bytes, and stats survive reopen")
    void segmentBytesAreLivePlusDead(Seed seed, @Scratch Path dir) {
        Random random = seed.random();
        StoreStats before;
        try (KvStore store = open(dir, 512)) {
            for (int i = 0; i < 400; i++) {
                byte[] key = bytes("key-" + random.nextInt(30));
                switch (random.nextInt(4)) {
                    case 0 -> store.delete(key);
                    case 1 -> store.write(new WriteBatch().put(key, bytes("b" + i)).delete(bytes("key-" + random.nextInt(30))));
                    default -> store.put(key, bytes("value-" + "x".repeat(random.nextInt(20))));
                }
            }
            before = store.stats();
            assertThat(before.liveKeys()).as("stats().liveKeys() against the keys a full scan returns")
                    .isEqualTo(contents(store).size());
            long live = 0;
            for (KeyValue kv : contents(store)) {
                live += RecordCodec.encodedSize(LogRecord.put(kv.key(), kv.value()));
            }
            assertThat(before.liveBytes()).as("live bytes are the encoded sizes of the current records").isEqualTo(live);
            assertThat(before.deadBytesBySegment().keySet()).as("every segment has an entry, by number")
                    .containsExactlyElementsOf(segments(dir).stream().map(StoreFixtures::segmentId).toList());
            assertThat(before.deadBytes() + before.liveBytes())
                    .as("every byte of every segment is either live or dead").isEqualTo(totalSegmentBytes(dir));
            for (Path segment : segments(dir)) {
                assertThat(before.deadBytesBySegment().get(segmentId(segment)))
                        .as("dead bytes of %s are at most its size", segment.getFileName())
                        .isBetween(0L, FileFaults.size(segment));
            }
        }
        try (KvStore store = open(dir, 512)) {
            assertThat(store.stats()).as("stats rebuilt by replay equal the stats before close").isEqualTo(before);
        }
    }

    @Test
    @Points(2)
    @DisplayName("a null or oversized key or value is an IllegalArgumentException naming the problem, and writes nothing")
    @Hint("Check every argument before you append anything: a half-done write is worse than a refused one.")
    void badInputIsRefused(@Scratch Path dir) {
        byte[] bigKey = new byte[RecordCodec.MAX_KEY_SIZE + 1];
        byte[] bigValue = new byte[RecordCodec.MAX_VALUE_SIZE + 1];
        try (KvStore store = open(dir)) {
            store.put(bytes("a"), bytes("1"));
            long size = totalSegmentBytes(dir);
            StoreStats stats = store.stats();
            refused("put(null, v)", () -> store.put(null, bytes("v")), "null");
            refused("put(k, null)", () -> store.put(bytes("k"), null), "null");
            refused("put of a key over the limit", () -> store.put(bigKey, bytes("v")), String.valueOf(RecordCodec.MAX_KEY_SIZE));
            refused("put of a value over the limit", () -> store.put(bytes("a"), bigValue), String.valueOf(RecordCodec.MAX_VALUE_SIZE));
            refused("get(null)", () -> store.get(null), "null");
            refused("get of a key over the limit", () -> store.get(bigKey), String.valueOf(RecordCodec.MAX_KEY_SIZE));
            refused("contains(null)", () -> store.contains(null), "null");
            refused("delete(null)", () -> store.delete(null), "null");
            refused("write(null)", () -> store.write(null), "null");
            refused("a batch put with a null key", () -> new WriteBatch().put(null, bytes("v")), "null");
            refused("a batch delete of a key over the limit", () -> new WriteBatch().delete(bigKey), String.valueOf(RecordCodec.MAX_KEY_SIZE));
            refused("scanPrefix(null)", () -> store.scanPrefix(null), "null");
            refused("scan from a bound over the key limit", () -> store.scan(bigKey, null), String.valueOf(RecordCodec.MAX_KEY_SIZE));
            assertThat(totalSegmentBytes(dir)).as("refused calls must write nothing").isEqualTo(size);
            assertThat(store.stats()).as("refused calls change nothing").isEqualTo(stats);
            assertThat(StoreFixtures.text(store.get(bytes("a")))).as("a refused put leaves the old value").isEqualTo("1");
        }
        try (KvStore store = open(dir)) {
            assertThat(contents(store)).as("after reopen, only the one good write is there")
                    .containsExactly(new KeyValue(bytes("a"), bytes("1")));
        }
    }

    private static void refused(String call, ThrowingCallable callable, String named) {
        assertThrown(IllegalArgumentException.class, callable,
                "%s must be refused with an IllegalArgumentException saying what is wrong", call).hasMessageContaining(named);
    }

    @Test
    @Points(2)
    @DisplayName("every call on a closed store fails with an IllegalStateException naming the directory; close twice is fine")
    void aClosedStoreRefusesEveryCall(@Scratch Path dir) {
        KvStore store = open(dir);
        store.put(bytes("a"), bytes("1"));
        Iterator<KeyValue> scan = store.scan(null, null);
        store.close();
        store.close();
        Map<String, ThrowingCallable> calls = new TreeMap<>();
        calls.put("put", () -> store.put(bytes("a"), bytes("2")));
        calls.put("get", () -> store.get(bytes("a")));
        calls.put("contains", () -> store.contains(bytes("a")));
        calls.put("delete", () -> store.delete(bytes("a")));
        calls.put("write", () -> store.write(new WriteBatch().put(bytes("b"), bytes("1"))));
        calls.put("scan", () -> store.scan(null, null).hasNext());
        calls.put("descendingScan", () -> store.descendingScan(null, null).hasNext());
        calls.put("scanPrefix", () -> store.scanPrefix(bytes("a")).hasNext());
        calls.put("a scan made before close", scan::hasNext);
        calls.put("sync", store::sync);
        calls.put("stats", store::stats);
        calls.forEach((name, call) -> assertThrown(IllegalStateException.class, call,
                "%s on a closed store must fail clearly, not use closed files", name)
                .hasMessageContaining(dir.toString()));
        try (KvStore again = open(dir)) {
            assertThat(StoreFixtures.text(again.get(bytes("a")))).as("nothing was written after close").isEqualTo("1");
        }
    }

    @Test
    @DisplayName("a closed store refuses even the calls that would touch no file: an absent key, an empty batch, an empty range")
    @Hint("A call on a closed store may find nothing to read and nothing to write, and still it must fail. Where "
            + "does each call learn that the store is closed: before it looks, or only when it reaches a file?")
    void aClosedStoreRefusesCallsThatTouchNoFile(@Scratch Path dir) {
        KvStore store = open(dir);
        store.put(bytes("a"), bytes("1"));
        store.close();
        Map<String, ThrowingCallable> calls = new TreeMap<>();
        calls.put("get of a key never written", () -> store.get(bytes("zz")));
        calls.put("contains of a key never written", () -> store.contains(bytes("zz")));
        calls.put("delete of a key never written", () -> store.delete(bytes("zz")));
        calls.put("write of an empty batch", () -> store.write(new WriteBatch()));
        calls.put("a scan of a range with no keys", () -> store.scan(bytes("x"), bytes("y")).hasNext());
        calls.put("a descending prefix scan that matches no key", () -> store.descendingScanPrefix(bytes("q")).hasNext());
        calls.forEach((name, call) -> assertThrown(IllegalStateException.class, call,
                "%s on a closed store must fail like every other call: that it has nothing to read or write "
                        + "does not make the store open", name)
                .hasMessageContaining(dir.toString()));
    }
}
