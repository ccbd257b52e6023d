package dev.fromzero.kv.index;

import static dev.fromzero.kv.index.StoreFixtures.bytes;
import static dev.fromzero.kv.index.StoreFixtures.contents;
import static dev.fromzero.kv.index.StoreFixtures.drain;
import static dev.fromzero.kv.index.StoreFixtures.entries;
import static dev.fromzero.kv.index.StoreFixtures.lastSegment;
import static dev.fromzero.kv.index.StoreFixtures.model;
import static dev.fromzero.kv.index.StoreFixtures.open;
import static dev.fromzero.kv.index.StoreFixtures.text;
import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Seeded
@Step(chapter = 2, number = 3, title = "Batches and scans", guide = "docs/chapter02-index.md#step-3-batches-and-scans")
@Hint("A batch is one chapter-1 appendBatch, then every member indexed in order under one write lock. A scan walks "
        + "the keydir with ceiling/higher (or lower, backwards) a chunk at a time, and stops at the first key out of range.")
class BatchesAndScansTest {

    @Test
    @Points(2)
    @DisplayName("a batch applies all its puts and deletes, in order: of two operations on one key the later wins")
    void aBatchAppliesInOrder(@Scratch Path dir) {
        try (KvStore store = open(dir)) {
            store.put(bytes("doomed"), bytes("x"));
            store.put(bytes("kept"), bytes("k"));
            store.write(new WriteBatch()
                    .put(bytes("a"), bytes("1"))
                    .delete(bytes("doomed"))
                    .put(bytes("b"), bytes("first"))
                    .put(bytes("b"), bytes("second"))
                    .put(bytes("c"), bytes("short-lived"))
                    .delete(bytes("c"))
                    .delete(bytes("never-existed")));
            assertThat(text(store.get(bytes("a")))).as("a put in a batch writes the key").isEqualTo("1");
            assertThat(store.get(bytes("doomed"))).as("a delete in a batch removes the key").isNull();
            assertThat(text(store.get(bytes("b")))).as("of two puts of one key in a batch, the later wins").isEqualTo("second");
            assertThat(store.get(bytes("c"))).as("a put then a delete of one key in a batch leaves it deleted").isNull();
            assertThat(text(store.get(bytes("kept")))).as("a key the batch does not name keeps its value").isEqualTo("k");
            store.write(new WriteBatch());
            assertThat(contents(store)).as("an empty batch changes nothing").hasSize(3);
        }
        try (KvStore store = open(dir)) {
            assertThat(contents(store)).as("after reopen the batch replays exactly as it applied")
                    .containsExactly(kv("a", "1"), kv("b", "second"), kv("kept", "k"));
        }
    }

    @Test
    @Points(2)
    @DisplayName("a batch torn by a crash, even just before its commit record, is not applied at all")
    @Hint("Write the batch with the log's appendBatch: its members count only once their commit record is on disk, "
            + "and chapter 1's replay already leaves a torn batch out.")
    void aTornBatchIsNotApplied(@Scratch Path dir) {
        List<LogRecord> members = List.of(LogRecord.put("x", "new"), LogRecord.tombstone("y"), LogRecord.put("z", "new"));
        try (KvStore store = open(dir, 1 << 20)) {
            store.put(bytes("x"), bytes("old"));
            store.put(bytes("y"), bytes("old"));
            store.write(new WriteBatch().put(bytes("x"), bytes("new")).delete(bytes("y")).put(bytes("z"), bytes("new")));
        }
        Path last = lastSegment(dir);
        long commit = RecordCodec.encodedBatchSize(members) - members.stream().mapToInt(RecordCodec::encodedSize).sum();
        FileFaults.truncate(last, FileFaults.size(last) - commit);
        try (KvStore store = open(dir, 1 << 20)) {
            assertThat(contents(store))
                    .as("the batch's commit record was cut off: none of its operations may apply, or a crash could leave "
                            + "half a transfer behind")
                    .containsExactly(kv("x", "old"), kv("y", "old"));
        }
    }

    @Test
    @Points(3)
    @DisplayName("scan and descendingScan return the keys of [from, to) in unsigned byte order, null bounds meaning none")
    @Hint("from is inclusive and to exclusive, in both directions: a descending scan starts at the greatest key "
            + "below to, not at to itself.")
    void scansReturnTheRangeInOrder(@Scratch Path dir) {
        try (KvStore store = open(dir)) {
            for (String key : List.of("b", "a", "ab", "c", "d")) {
                store.put(bytes(key), bytes("v-" + key));
            }
            store.put(new byte[] {(byte) 0x80}, bytes("high"));
            store.put(new byte[] {0x7f}, bytes("low"));
            assertThat(keys(store.scan(null, null))).as("the whole store, ascending, 0x7f before 0x80 (unsigned)")
                    .containsExactly("a", "ab", "b", "c", "d", "7f", "80");
            assertThat(keys(store.descendingScan(null, null))).as("the whole store, descending")
                    .containsExactly("80", "7f", "d", "c", "b", "ab", "a");
            assertThat(keys(store.scan(bytes("ab"), bytes("d")))).as("from is inclusive, to exclusive")
                    .containsExactly("ab", "b", "c");
            assertThat(keys(store.descendingScan(bytes("ab"), bytes("d")))).as("the same range, descending: it starts "
                    + "below to, and ends with from").containsExactly("c", "b", "ab");
            assertThat(keys(store.scan(bytes("aa"), bytes("bb")))).as("bounds need not be keys").containsExactly("ab", "b");
            assertThat(keys(store.descendingScan(bytes("aa"), bytes("bb")))).as("bounds need not be keys, descending")
                    .containsExactly("b", "ab");
            assertThat(keys(store.scan(bytes("c"), null))).as("no upper bound").containsExactly("c", "d", "7f", "80");
            assertThat(keys(store.descendingScan(null, bytes("b")))).as("no lower bound").containsExactly("ab", "a");
            assertThat(keys(store.scan(bytes("d"), bytes("b")))).as("an empty range (from after to) has no keys").isEmpty();
            assertThat(keys(store.descendingScan(bytes("b"), bytes("b")))).as("[b, b) is empty").isEmpty();
            Iterator<KeyValue> it = store.scan(bytes("c"), bytes("d"));
            assertThat(it.next()).as("next() of scan(c, d): c").isEqualTo(kv("c", "v-c"));
            assertThat(it.hasNext()).as("hasNext() of scan(c, d) after c").isFalse();
            assertThrown(NoSuchElementException.class, it::next, "next past the end");
        }
    }

    @Test
    @Points(2)
    @DisplayName("prefix scans return exactly the keys that start with the prefix, in both directions")
    @Hint("The keys with prefix p are the range [p, end), where end is p with trailing 0xff bytes dropped and its "
            + "last byte increased by one; a prefix of only 0xff bytes has no end.")
    void prefixScansStopAtThePrefix(@Scratch Path dir) {
        try (KvStore store = open(dir)) {
            for (String key : List.of("user", "user/1", "user/2", "user/20", "user0", "usera", "use", "v")) {
                store.put(bytes(key), bytes("v"));
            }
            byte[] ff = {(byte) 0xff};
            store.put(new byte[] {1, (byte) 0xff}, bytes("v"));
            store.put(new byte[] {1, (byte) 0xff, 0}, bytes("v"));
            store.put(new byte[] {2}, bytes("v"));
            store.put(ff, bytes("v"));
            store.put(new byte[] {(byte) 0xff, (byte) 0xff}, bytes("v"));
            assertThat(keys(store.scanPrefix(bytes("user/")))).as("the keys with prefix user/, not user0 after them")
                    .containsExactly("user/1", "user/2", "user/20");
            assertThat(keys(store.descendingScanPrefix(bytes("user/")))).as("the keys with prefix user/, descending")
                    .containsExactly("user/20", "user/2", "user/1");
            assertThat(keys(store.scanPrefix(bytes("user")))).as("a key equal to the prefix has the prefix")
                    .containsExactly("user", "user/1", "user/2", "user/20", "user0", "usera");
            assertThat(keys(store.scanPrefix(new byte[] {1, (byte) 0xff})))
                    .as("a prefix ending in 0xff: its range ends before 0x02, not at 0x0200")
                    .containsExactly("01ff", "01ff00");
            assertThat(keys(store.descendingScanPrefix(new byte[] {1, (byte) 0xff})))
                    .as("a prefix ending in 0xff, descending").containsExactly("01ff00", "01ff");
            assertThat(keys(store.scanPrefix(ff))).as("a prefix of only 0xff bytes runs to the end of the store")
                    .containsExactly("ff", "ffff");
            assertThat(keys(store.descendingScanPrefix(ff))).as("a prefix of only 0xff bytes, descending")
                    .containsExactly("ffff", "ff");
            assertThat(keys(store.scanPrefix(bytes("x")))).as("no key has prefix x").isEmpty();
            assertThat(keys(store.scanPrefix(new byte[0]))).as("every key starts with the empty prefix").hasSize(13);
        }
    }

    @Test
    @Points(2)
    @DisplayName("on a store of a thousand random keys, every scan returns what a sorted map's subMap does")
    @Hint("Scans longer than one chunk must resume right after the last key they returned, in their own direction.")
    void scansMatchASortedMap(Seed seed, @Scratch Path dir) {
        Random random = seed.random();
        TreeMap<byte[], byte[]> model = model();
        try (KvStore store = open(dir, 1 << 16)) {
            for (int i = 0; i < 1000; i++) {
                byte[] key = randomKey(random);
                byte[] value = bytes("value-" + i);
                if (random.nextInt(5) == 0) {
                    store.delete(key);
                    model.remove(key);
                } else {
                    store.put(key, value);
                    model.put(key, value);
                }
            }
            for (int probe = 0; probe < 100; probe++) {
                byte[] from = random.nextInt(8) == 0 ? null : randomKey(random);
                byte[] to = random.nextInt(8) == 0 ? null : randomKey(random);
                NavigableMap<byte[], byte[]> range = subMap(model, from, to);
                assertThat(drain(store.scan(from, to))).as("scan(%s, %s)", show(from), show(to))
                        .isEqualTo(entries(range));
                assertThat(drain(store.descendingScan(from, to))).as("descendingScan(%s, %s)", show(from), show(to))
                        .isEqualTo(entries(range.descendingMap()));
                byte[] prefix = new byte[random.nextInt(2)];
                random.nextBytes(prefix);
                List<KeyValue> withPrefix = new ArrayList<>();
                for (KeyValue kv : entries(model)) {
                    if (startsWith(kv.key(), prefix)) {
                        withPrefix.add(kv);
                    }
                }
                assertThat(drain(store.scanPrefix(prefix))).as("scanPrefix(%s)", show(prefix)).isEqualTo(withPrefix);
                assertThat(drain(store.descendingScanPrefix(prefix))).as("descendingScanPrefix(%s)", show(prefix))
                        .isEqualTo(reversed(withPrefix));
            }
        }
    }

    private static NavigableMap<byte[], byte[]> subMap(TreeMap<byte[], byte[]> model, byte[] from, byte[] to) {
        if (from != null && to != null && java.util.Arrays.compareUnsigned(from, to) >= 0) {
            return new TreeMap<>(model.comparator());
        }
        NavigableMap<byte[], byte[]> range = model;
        if (from != null) {
            range = range.tailMap(from, true);
        }
        if (to != null) {
            range = range.headMap(to, false);
        }
        return range;
    }

    private static byte[] randomKey(Random random) {
        byte[] key = new byte[1 + random.nextInt(3)];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (random.nextInt(8) * 36 + (random.nextInt(4) == 0 ? 1 : 0));
        }
        return key;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length
                && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static List<KeyValue> reversed(List<KeyValue> list) {
        List<KeyValue> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    /** The keys a scan returns, as text when printable, else as hex. */
    private static List<String> keys(Iterator<KeyValue> scan) {
        List<String> keys = new ArrayList<>();
        scan.forEachRemaining(kv -> keys.add(show(kv.key())));
        return keys;
    }

    private static String show(byte[] key) {
        if (key == null) {
            return "null";
        }
        String text = text(key);
        return !text.isEmpty() && text.chars().allMatch(c -> c >= 'a' && c <= 'z' || c == '/' || c >= '0' && c <= '9')
                ? text : HexFormat.of().formatHex(key);
    }

    private static KeyValue kv(String key, String value) {
        return new KeyValue(bytes(key), bytes(value));
    }
}
