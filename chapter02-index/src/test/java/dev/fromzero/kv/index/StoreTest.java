package dev.fromzero.kv.index;

import static dev.fromzero.kv.index.StoreFixtures.bytes;
import static dev.fromzero.kv.index.StoreFixtures.lastSegment;
import static dev.fromzero.kv.index.StoreFixtures.open;
import static dev.fromzero.kv.index.StoreFixtures.segments;
import static dev.fromzero.kv.index.StoreFixtures.text;
import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.UnixOperatingSystemMXBean;
import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.StoreLockedException;
import dev.fromzero.kv.log.LogRecord;
import dev.fromzero.kv.log.RecordCodec;
import dev.fromzero.testkit.Bounded;
import dev.fromzero.testkit.ChildJvm;
import dev.fromzero.testkit.FileFaults;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Slow;
import dev.fromzero.testkit.Step;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Step(chapter = 2, number = 2, title = "The store", guide = "docs/chapter02-index.md#step-2-the-store")
@Hint("A write appends a record to the log, then points the key at it in the keydir; a read looks the key up and "
        + "reads one record. Opening replays every record, oldest first, through the same keydir updates.")
class StoreTest {

    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);

    @Test
    @Points(2)
    @DisplayName("get returns the latest value put, an empty value is a value, and an absent key is null")
    void putThenGet(@Scratch Path dir) {
        try (KvStore store = open(dir)) {
            assertThat(store.get(bytes("a"))).as("a new store holds no key: get returns null").isNull();
            store.put(bytes("a"), bytes("1"));
            store.put(bytes("b"), bytes("2"));
            store.put(bytes("a"), bytes("3"));
            store.put(bytes("empty"), new byte[0]);
            store.put(new byte[0], bytes("the empty key"));
            assertThat(text(store.get(bytes("a")))).as("the latest put of a key wins").isEqualTo("3");
            assertThat(text(store.get(bytes("b")))).as("b, put once, while a was put again").isEqualTo("2");
            assertThat(store.get(bytes("empty"))).as("a key put with an empty value exists: get returns an empty array, "
                    + "not null").isEqualTo(new byte[0]);
            assertThat(text(store.get(new byte[0]))).as("the empty key is a key like any other").isEqualTo("the empty key");
            assertThat(store.get(bytes("c"))).as("a key never put is absent").isNull();
            assertThat(store.contains(bytes("a"))).as("contains of a key put").isTrue();
            assertThat(store.contains(bytes("empty"))).as("contains is true for a key with an empty value").isTrue();
            assertThat(store.contains(bytes("c"))).as("contains of a key never put").isFalse();
        }
    }

    @Test
    @Points(2)
    @DisplayName("delete removes a key and says whether it existed; deleting an absent key writes nothing")
    void deleteRemovesTheKey(@Scratch Path dir) {
        try (KvStore store = open(dir)) {
            store.put(bytes("a"), bytes("1"));
            store.put(bytes("b"), bytes("2"));
            assertThat(store.delete(bytes("a"))).as("deleting an existing key returns true").isTrue();
            assertThat(store.get(bytes("a"))).as("a deleted key is absent").isNull();
            assertThat(store.contains(bytes("a"))).as("contains of a deleted key").isFalse();
            assertThat(text(store.get(bytes("b")))).as("other keys stay").isEqualTo("2");
            long size = StoreFixtures.totalSegmentBytes(dir);
            assertThat(store.delete(bytes("a"))).as("deleting it again returns false").isFalse();
            assertThat(store.delete(bytes("never"))).as("deleting a key that never existed returns false").isFalse();
            assertThat(StoreFixtures.totalSegmentBytes(dir))
                    .as("deleting an absent key must write nothing: there is nothing to delete").isEqualTo(size);
            store.put(bytes("a"), bytes("again"));
            assertThat(text(store.get(bytes("a")))).as("a deleted key can be put again").isEqualTo("again");
        }
    }

    @Test
    @Points(3)
    @DisplayName("reopening the store restores the latest value of every key, across many segments")
    @Hint("Replay every segment in order and apply each record as a write would: the later record of a key wins.")
    void reopenRestoresTheLatestValues(@Scratch Path dir) {
        try (KvStore store = open(dir)) {
            for (int round = 0; round < 5; round++) {
                for (int k = 0; k < 20; k++) {
                    store.put(bytes("key-" + k), bytes("round-" + round + "-of-" + k));
                }
            }
        }
        assertThat(segments(dir).size()).as("100 puts of ~30 bytes in 256-byte segments make many segments")
                .isGreaterThan(5);
        try (KvStore store = open(dir)) {
            for (int k = 0; k < 20; k++) {
                assertThat(text(store.get(bytes("key-" + k))))
                        .as("after reopen, key-%d must have its value of the last round: the latest write of a key "
                                + "wins, even when older records of it are in other segments", k)
                        .isEqualTo("round-4-of-" + k);
            }
            store.put(bytes("key-0"), bytes("after reopen"));
        }
        try (KvStore store = open(dir)) {
            assertThat(text(store.get(bytes("key-0")))).as("writes after a reopen survive the next one").isEqualTo("after reopen");
        }
    }

    @Test
    @Points(2)
    @DisplayName("a deleted key stays deleted after reopen, even when its value is in an older segment")
    @Hint("A delete writes a tombstone record. Replay must apply it (remove the key), not skip it, or the old value "
            + "comes back from the dead on every reopen.")
    void deletesSurviveReopen(@Scratch Path dir) {
        try (KvStore store = open(dir)) {
            store.put(bytes("gone"), bytes("old value"));
            store.put(bytes("kept"), bytes("stays"));
            for (int i = 0; i < 20; i++) {
                store.put(bytes("filler-" + i), bytes("x".repeat(20)));
            }
            store.delete(bytes("gone"));
            store.put(bytes("back"), bytes("1"));
            store.delete(bytes("back"));
            store.put(bytes("back"), bytes("2"));
        }
        try (KvStore store = open(dir)) {
            assertThat(store.get(bytes("gone")))
                    .as("after reopen, a deleted key must stay deleted: the tombstone was not replayed").isNull();
            assertThat(store.contains(bytes("gone"))).as("after reopen, contains of a deleted key").isFalse();
            assertThat(text(store.get(bytes("back")))).as("a key put again after its delete has its new value").isEqualTo("2");
            assertThat(text(store.get(bytes("kept")))).as("after reopen, a key never deleted keeps its value")
                    .isEqualTo("stays");
        }
    }

    @Test
    @Points(2)
    @DisplayName("a torn write at the end of the log is cut off on open: the older value is back, and writing goes on")
    void aTornTailIsCutOnOpen(@Scratch Path dir) {
        try (KvStore store = open(dir, 1 << 20)) {
            store.put(bytes("a"), bytes("first"));
            store.put(bytes("b"), bytes("kept"));
            store.put(bytes("a"), bytes("second"));
        }
        Path last = lastSegment(dir);
        int torn = RecordCodec.encodedSize(LogRecord.put(bytes("a"), bytes("second")));
        FileFaults.truncate(last, FileFaults.size(last) - torn / 2);
        try (KvStore store = open(dir, 1 << 20)) {
            assertThat(text(store.get(bytes("a"))))
                    .as("the last put of a was torn in half by a crash: it never happened, and a has its older value")
                    .isEqualTo("first");
            assertThat(text(store.get(bytes("b")))).as("b, written before the torn record, is whole").isEqualTo("kept");
            store.put(bytes("c"), bytes("after the crash"));
        }
        try (KvStore store = open(dir, 1 << 20)) {
            assertThat(text(store.get(bytes("c")))).as("a write after the recovery is appended after the last complete "
                    + "record, and survives the next reopen").isEqualTo("after the crash");
            assertThat(text(store.get(bytes("a")))).as("after the second reopen, a still has its older value")
                    .isEqualTo("first");
        }
    }

    @Test
    @DisplayName("the store copies keys and values: changing an array after a call changes nothing in the store")
    void theStoreCopiesItsInput(@Scratch Path dir) {
        try (KvStore store = open(dir)) {
            byte[] key = bytes("key");
            byte[] value = bytes("value");
            store.put(key, value);
            key[0] = 'X';
            value[0] = 'X';
            assertThat(text(store.get(bytes("key")))).as("put must copy the key and the value it is given").isEqualTo("value");
            store.get(bytes("key"))[0] = 'Y';
            assertThat(text(store.get(bytes("key")))).as("get must return a copy").isEqualTo("value");
        }
    }

    @Test
    @Points(2)
    @DisplayName("keys of every size up to the 64 KiB limit are stored, read, deleted and replayed, more than a leaf of them at the limit")
    @Hint("The limits are inclusive: a key of exactly RecordCodec.MAX_KEY_SIZE bytes is a key like any other. Replay "
            + "puts every key into the keydir again, the longest ones included, so a leaf fills up and splits with "
            + "64 KiB keys in it.")
    void keysOfEverySizeUpToTheLimit(@Scratch Path dir) {
        int[] sizes = {0, 1, 127, 128, 255, 256, 16383, 16384, 32768, 65535, RecordCodec.MAX_KEY_SIZE};
        TreeMap<byte[], byte[]> model = StoreFixtures.model();
        try (KvStore store = open(dir, 1 << 20)) {
            for (int size : sizes) {
                byte[] key = patterned(size, 1);
                store.put(key, bytes("a key of " + size + " bytes"));
                model.put(key, bytes("a key of " + size + " bytes"));
            }
            for (int i = 0; i < 140; i++) {
                byte[] key = patterned(RecordCodec.MAX_KEY_SIZE, 1000 + i);
                store.put(key, bytes("longest key " + i));
                model.put(key, bytes("longest key " + i));
            }
            checkLongKeys(store, model, "after the puts");
            for (int i = 0; i < 140; i += 3) {
                byte[] key = patterned(RecordCodec.MAX_KEY_SIZE, 1000 + i);
                assertThat(store.delete(key)).as("delete of a %d-byte key that is there", key.length).isTrue();
                model.remove(key);
            }
            byte[] largestValue = new byte[RecordCodec.MAX_VALUE_SIZE];
            largestValue[largestValue.length - 1] = 42;
            byte[] longest = patterned(RecordCodec.MAX_KEY_SIZE, 7);
            store.put(longest, largestValue);
            model.put(longest, largestValue);
            checkLongKeys(store, model, "after deletes and a put of the largest key with the largest value");
        }
        try (KvStore store = open(dir, 1 << 20)) {
            checkLongKeys(store, model, "after reopen: replay put every key back into the keydir");
        }
    }

    /** A key of {@code size} bytes whose bytes depend on {@code seed}, so that long keys differ deep inside. */
    private static byte[] patterned(int size, int seed) {
        byte[] key = new byte[size];
        for (int i = 0; i < size; i++) {
            key[i] = (byte) (i * 31 + seed * (i > size - 3 ? 7 : 0));
        }
        return key;
    }

    private static void checkLongKeys(KvStore store, TreeMap<byte[], byte[]> model, String when) {
        for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
            assertThat(store.get(e.getKey()))
                    .as("%s: get of a %d-byte key must return its value", when, e.getKey().length).isEqualTo(e.getValue());
        }
        List<KeyValue> scanned = StoreFixtures.contents(store);
        assertThat(scanned.size()).as("%s: the number of keys a scan returns", when).isEqualTo(model.size());
        int i = 0;
        for (byte[] key : model.keySet()) {
            assertThat(Arrays.equals(scanned.get(i).key(), key))
                    .as("%s: key %d of the scan, in unsigned byte order, must be the %d-byte key expected there", when, i,
                            key.length)
                    .isTrue();
            i++;
        }
        byte[] longest = model.lastKey();
        assertThat(StoreFixtures.drain(store.scan(longest, null)))
                .as("%s: a scan from the largest key, a bound of %d bytes, returns that key", when, longest.length)
                .hasSize(1);
    }

    @Test
    @DisplayName("a second open of the same directory in this process fails with StoreLockedException until the first closes")
    void aSecondOpenIsRefused(@Scratch Path dir) {
        KvStore first = open(dir);
        try {
            first.put(bytes("a"), bytes("1"));
            assertThrown(StoreLockedException.class, () -> Bounded.call("the second open of a directory this process holds to fail (a lock "
                    + "that waits for the holder instead of failing hangs here)", () -> open(dir)),
                    "two stores appending to one directory would interleave their records: the second open must fail")
                    .hasMessageContaining("locked by another process")
                    .hasMessageContaining(dir.toString());
            assertThat(text(first.get(bytes("a")))).as("the refused open must not disturb the open store").isEqualTo("1");
        } finally {
            first.close();
        }
        try (KvStore again = open(dir)) {
            assertThat(text(again.get(bytes("a")))).as("close releases the lock: the directory opens again").isEqualTo("1");
        }
    }

    @Test
    @DisplayName("opens refused because the directory is locked leave no file open: a process that retries does not run out of descriptors")
    @Hint("A refused open has already opened the lock file before it learns that someone holds it. Whatever an open "
            + "opened before it fails is its own to close.")
    void refusedOpensLeaveNoFileOpen(@Scratch Path dir) {
        assumeTrue(ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean,
                "counting the open file descriptors needs a Unix JVM");
        UnixOperatingSystemMXBean os = (UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int attempts = 200;
        try (KvStore holder = open(dir)) {
            // the first refusal may load classes, and open their files
            Bounded.run("an open of a directory this process holds to fail", () -> refusedOpen(dir));
            long before = os.getOpenFileDescriptorCount();
            Bounded.run(attempts + " opens of a directory this process holds to fail", () -> {
                for (int i = 0; i < attempts; i++) {
                    refusedOpen(dir);
                }
            });
            long after = os.getOpenFileDescriptorCount();
            assertThat(after - before)
                    .as("%d refused opens of a locked directory left %d more files open (%d before, %d after): each "
                            + "refused open must close the lock file it opened", attempts, after - before, before, after)
                    .isLessThan(attempts / 10);
        }
    }

    private static void refusedOpen(Path dir) {
        assertThrown(StoreLockedException.class, () -> open(dir),
                "the directory is held by a store of this process: the open must fail");
    }

    @Test
    @Points(2)
    @DisplayName("another process cannot open a locked directory; it can once the holder closes it, or is killed")
    @Hint("Lock a file in the directory with FileChannel.tryLock: the operating system holds the lock for your "
            + "process, releases it when the process dies, and refuses it to other processes. Within one JVM, tryLock "
            + "throws OverlappingFileLockException instead of returning null.")
    @Slow("starts three child JVMs")
    void anotherProcessIsLockedOut(@Scratch Path dir) {
        try (KvStore store = open(dir)) {
            store.put(bytes("a"), bytes("1"));
            List<String> lines = runChild("open", dir, "a child JVM's open of the directory this process holds to "
                    + "fail at once (an open that waits for the lock, FileChannel.lock instead of tryLock, never returns)");
            assertThat(lines).as("a child JVM opening the directory while this process holds it must be refused at once, "
                    + "with a StoreLockedException saying so").hasSize(1);
            assertThat(lines.get(0)).as("what the child JVM printed: \"locked: \" and the StoreLockedException's message")
                    .startsWith("locked: ").contains("locked by another process");
        }
        assertThat(runChild("open", dir, "a child JVM's open of the directory after this process closed it"))
                .as("once this process closed the store, another process may open it")
                .containsExactly("opened");
        try (ChildJvm holder = ChildJvm.start(StoreProcess.class, "hold", dir.toString())) {
            holder.killAfterLines(1, CHILD_TIMEOUT);
        }
        try (KvStore store = open(dir)) {
            assertThat(text(store.get(bytes("a")))).as("a process killed with kill -9 leaves no lock behind").isEqualTo("1");
        }
    }

    /** Runs StoreProcess in {@code mode}; {@code what} says what the test waits for, should the child never end. */
    private static List<String> runChild(String mode, Path dir, String what) {
        try (ChildJvm child = ChildJvm.start(StoreProcess.class, mode, dir.toString())) {
            List<String> lines;
            try {
                lines = child.awaitExit(CHILD_TIMEOUT);
            } catch (AssertionError e) {
                throw new AssertionError("waited " + CHILD_TIMEOUT.toSeconds() + " s for " + what + ", and it never came: "
                        + e.getMessage(), e);
            }
            assertThat(child.exitCode()).as("the child JVM failed; its stderr:%n%s", child.stderr()).isZero();
            return lines;
        }
    }
}
