package dev.fromzero.kv.merge;

import static dev.fromzero.kv.merge.MergeFixtures.assertMatches;
import static dev.fromzero.kv.merge.MergeFixtures.bytes;
import static dev.fromzero.kv.merge.MergeFixtures.closing;
import static dev.fromzero.kv.merge.MergeFixtures.contents;
import static dev.fromzero.kv.merge.MergeFixtures.entries;
import static dev.fromzero.kv.merge.MergeFixtures.hints;
import static dev.fromzero.kv.merge.MergeFixtures.merge;
import static dev.fromzero.kv.merge.MergeFixtures.model;
import static dev.fromzero.kv.merge.MergeFixtures.open;
import static dev.fromzero.kv.merge.MergeFixtures.scenarioKeys;
import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.FaultPoint;
import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.WriteBatch;
import dev.fromzero.kv.merge.MergeFixtures.Both;
import dev.fromzero.kv.merge.MergeFixtures.LogCapture;
import dev.fromzero.testkit.Bounded;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@Step(chapter = 3, number = 7, title = "Backup", guide = "docs/chapter03-merge.md#step-7-backup")
@Hint("Seal the active segment under the writer lock: from then on every file to copy is immutable, so the copy "
        + "can run while writes go to the new segment. Keep merges from deleting files while you copy, copy hints "
        + "and the merge record too, and sync the copies and the target directory.")
class BackupTest {

    @Test
    @Points(1)
    @DisplayName("a backup of an idle store opens to the same state, and the store goes on working")
    void backupOfAnIdleStore(@Scratch Path dir, @Scratch Path scratch) {
        TreeMap<byte[], byte[]> model = model();
        Path target = scratch.resolve("backup");
        KvStore store = open(dir);
        try (Bounded.Closing closing = closing(store, "a backup, writes and a merge")) {
            Both w = new Both(store, model);
            MergeFixtures.scenario("first", w);
            Bounded.run("backup() of an idle store", () -> store.backup(target));
            TreeMap<byte[], byte[]> copied = new TreeMap<>(model);
            w.put("after", "the backup");
            w.delete(MergeFixtures.key(2));
            assertMatches(store, model, scenarioKeys(), "the store, written to after its backup");
            MergeFixtures.assertReopensTo(target, copied, scenarioKeys(),
                    "the backup, opened: the store's state when backup() was called, and none of the writes after");
            merge(store, "the merge after a backup and writes");
            assertMatches(store, model, scenarioKeys(), "the store, merged after its backup");
        }
        MergeFixtures.assertReopensTo(dir, model, scenarioKeys(), "the store after backup, writes, merge and reopen");
    }

    @Test
    @Points(3)
    @DisplayName("a backup taken while a writer writes holds every write that returned before it, in order, no gaps")
    @Hint("The copy must be the state at one moment: seal, then copy only what was sealed. Copying the active "
            + "segment while it grows gives a torn or partial batch, or a later write without an earlier one.")
    @Timeout(120)
    void backupDuringWrites(@Scratch Path dir, @Scratch Path scratch) throws Exception {
        AtomicInteger returned = new AtomicInteger();
        AtomicInteger begun = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Path target = scratch.resolve("backup");
        int before;
        int after;
        KvStore store = KvStore.open(dir, MergeFixtures.options(1024));
        try (Bounded.Closing closing = Bounded.closing("close() after a backup during writes", store)) {
            Future<?> writer = pool.submit(() -> {
                for (int n = 0; !stop.get() && n < 1_000_000; n++) {
                    begun.set(n + 1);
                    apply(n, store);
                    returned.set(n + 1);
                }
                return null;
            });
            Bounded.until(() -> "the writer to return 500 writes (it returned " + returned.get() + ": a write "
                    + "waiting for a lock that is never released?)", () -> returned.get() >= 500 || writer.isDone());
            Bounded.run("a merge while a writer writes", store::merge);
            Bounded.until(() -> "the writer to return 1000 writes, after a merge (it returned " + returned.get()
                    + ": does the merge keep a lock the writer needs?)", () -> returned.get() >= 1000 || writer.isDone());
            before = returned.get();
            Bounded.run("backup() while a writer writes", () -> store.backup(target));
            after = begun.get();
            stop.set(true);
            Bounded.get("the writer to stop after the backup", Duration.ofSeconds(60), writer);
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        List<KeyValue> found;
        try (KvStore copy = open(target)) {
            found = contents(copy);
        }
        TreeMap<byte[], byte[]> model = model();
        int match = entries(model).equals(found) ? 0 : -1;
        for (int n = 0; n < after; n++) {
            apply(n, model);
            if (entries(model).equals(found)) {
                match = n + 1;
            }
        }
        assertThat(match).as("the backup must hold the state after some prefix of the writes (operations 0..n-1, "
                + "none missing in between, none from after backup() returned, when %d had begun); it holds %s", after,
                found).isNotNegative();
        assertThat(match).as("operations 0..%d had returned before backup() was called, so the backup must hold all of "
                + "them; it holds only the first %d", before - 1, match).isGreaterThanOrEqualTo(before);
    }

    @ParameterizedTest(name = "backup called at FaultPoint.{0}")
    @EnumSource(FaultPoint.class)
    @Points(2)
    @DisplayName("a backup called while a merge runs, at any step of it, is complete and consistent, and the merge still finishes")
    @Hint("A merge renames and deletes the very files a backup copies. Either the backup waits for the merge, or the "
            + "merge waits for the backup, or the backup copies files the merge cannot take away; what it must not do "
            + "is copy a list of files that the merge changes under it.")
    void backupDuringAMerge(FaultPoint point, @Scratch Path dir, @Scratch Path scratch) {
        TreeMap<byte[], byte[]> model = model();
        Path target = scratch.resolve("backup");
        List<TreeMap<byte[], byte[]>> atCall = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread[] backup = new Thread[1];
        KvStore[] holder = new KvStore[1];
        boolean[] armed = {false};
        KvStore store = open(dir, reached -> {
            if (!armed[0] || reached != point || backup[0] != null) {
                return;
            }
            Bounded.run("writes made from another thread while the merge waits at FaultPoint." + point, () -> {
                Both w = new Both(holder[0], model);
                w.put(MergeFixtures.key(3), "written while the merge is at " + point);
                w.delete(MergeFixtures.key(6));
                w.put("during", "the merge, before the backup");
            });
            atCall.add(new TreeMap<>(model));
            backup[0] = new Thread(() -> {
                try {
                    holder[0].backup(target);
                } catch (Throwable t) {
                    failed.set(t);
                }
            }, "backup during a merge");
            backup[0].start();
            // The backup either copies now or waits (for the merge to end, say): both are right, so the merge goes
            // on as soon as the backup has finished or stopped to wait.
            Bounded.until(() -> "the backup called while the merge is at FaultPoint." + point + " to finish or to wait; "
                    + "it is " + backup[0].getState(), () -> isDoneOrWaiting(backup[0]));
        });
        try (Bounded.Closing closing = closing(store, "a merge during which a backup was called at FaultPoint." + point)) {
            holder[0] = store;
            MergeFixtures.scenario("second", new Both(store, model));
            armed[0] = true;
            Bounded.run("the merge during which a backup was called at FaultPoint." + point, store::merge);
            assertThat(backup[0]).as("the merge must reach FaultPoint.%s", point).isNotNull();
            Bounded.join("backup(), called while the merge was at FaultPoint." + point + ", to return", backup[0]);
            assertThat(failed.get()).as("backup() called while the merge was at FaultPoint.%s must succeed", point).isNull();
            assertMatches(store, model, keys(), "the store after a merge during which a backup was taken");
        }
        MergeFixtures.assertReopensTo(target, atCall.get(0), keys(), "the backup called while a merge was at FaultPoint."
                + point + ", opened: every write made before the call, nothing lost, nothing deleted back");
        KvStore copy = open(target);
        try (Bounded.Closing closing = closing(copy, "a merge of the backup called during a merge at FaultPoint."
                + point)) {
            merge(copy, "the merge of the backup called during a merge at FaultPoint." + point);
            assertMatches(copy, atCall.get(0), keys(), "the backup called during a merge at FaultPoint." + point
                    + ", opened and merged");
        }
        MergeFixtures.assertReopensTo(dir, model, keys(), "the store after a merge during which a backup was taken, "
                + "and reopen");
    }

    private static boolean isDoneOrWaiting(Thread thread) {
        Thread.State state = thread.getState();
        return state == Thread.State.TERMINATED || state == Thread.State.WAITING || state == Thread.State.BLOCKED
                || state == Thread.State.TIMED_WAITING;
    }

    private static List<byte[]> keys() {
        List<byte[]> keys = new ArrayList<>(scenarioKeys());
        keys.add(bytes("during"));
        return keys;
    }

    /** Operation n of the writer: puts, deletes and batches over 50 keys, every value naming its operation. */
    private static void apply(int n, KvStore store) {
        byte[] key = bytes("key-" + n % 50);
        if (n % 10 == 9) {
            store.write(new WriteBatch().put(key, bytes("batch-" + n)).delete(bytes("key-" + (n + 7) % 50)));
        } else if (n % 7 == 3) {
            store.delete(key);
        } else {
            store.put(key, bytes("value-" + n + "-" + "x".repeat(n % 20)));
        }
    }

    private static void apply(int n, Map<byte[], byte[]> model) {
        byte[] key = bytes("key-" + n % 50);
        if (n % 10 == 9) {
            model.put(key, bytes("batch-" + n));
            model.remove(bytes("key-" + (n + 7) % 50));
        } else if (n % 7 == 3) {
            model.remove(key);
        } else {
            model.put(key, bytes("value-" + n + "-" + "x".repeat(n % 20)));
        }
    }

    @Test
    @Points(2)
    @DisplayName("a backup after merges copies the hint files, and the copy opens from them without a warning")
    @Hint("A merged segment without its hint still opens (by a scan, with a warning): copy the hints, and the "
            + "record of which segments were merged, so that the copy starts as fast as the store.")
    void backupAfterMergesCopiesHints(@Scratch Path dir, @Scratch Path scratch) {
        TreeMap<byte[], byte[]> model = model();
        Path target = scratch.resolve("backup");
        List<String> hintNames;
        KvStore store = open(dir);
        try (Bounded.Closing closing = closing(store, "two merges, a put and a backup")) {
            Both w = new Both(store, model);
            MergeFixtures.scenario("second", w);
            merge(store, "the second merge, of scenario \"second\"");
            w.put("after", "the merges");
            hintNames = hints(dir).stream().map(h -> h.getFileName().toString()).toList();
            assertThat(hintNames).as("hint files after two merges").isNotEmpty();
            Bounded.run("backup() after two merges", () -> store.backup(target));
        }
        assertThat(hints(target).stream().map(h -> h.getFileName().toString()).toList())
                .as("the hint files in the backup: those of the store's merged segments").containsAll(hintNames);
        try (LogCapture log = LogCapture.attach()) {
            MergeFixtures.assertReopensTo(target, model, scenarioKeys(), "the backup of a merged store, opened");
            assertThat(log.warnings()).as("warnings while opening the backup of a merged store: none, every merged "
                    + "segment has its hint").isEmpty();
        }
    }

    @Test
    @Points(1)
    @DisplayName("a backup keeps the store's record of its last merge: a hint lost from the copy is noticed when it opens")
    @Hint("MERGED says which segments the last merge wrote, so which must have hints: copy it with the segments, "
            + "or a copy that later loses a hint opens without a word.")
    void backupKeepsTheRecordOfTheLastMerge(@Scratch Path dir, @Scratch Path scratch) throws IOException {
        TreeMap<byte[], byte[]> model = model();
        Path target = scratch.resolve("backup");
        KvStore store = open(dir);
        try (Bounded.Closing closing = closing(store, "a merge and a backup")) {
            MergeFixtures.scenario("first", new Both(store, model));
            merge(store, "the merge before the backup");
            Bounded.run("backup() after a merge", () -> store.backup(target));
        }
        List<Path> copied = hints(target);
        assertThat(copied).as("hint files in the backup of a merged store").isNotEmpty();
        Path lost = copied.get(0);
        Files.delete(lost);
        try (LogCapture log = LogCapture.attach()) {
            MergeFixtures.assertReopensTo(target, model, scenarioKeys(), "the backup of a merged store, opened after "
                    + "losing the hint " + lost.getFileName());
            assertThat(log.warnings()).as("warnings while opening the backup after its hint %s was deleted: the copy "
                    + "of the store's MERGED record says that segment should have one", lost.getFileName())
                    .anyMatch(w -> w.contains(lost.getFileName().toString()));
        }
    }

    @Test
    @Points(1)
    @DisplayName("a store whose merge failed during its install refuses a backup until it is reopened")
    @Hint("A failed install leaves the store's memory out of step with its files: backup() must check, as every "
            + "other call does, that the store is open and not failed, before it seals or copies anything.")
    void backupOfAFailedStoreIsRefused(@Scratch Path dir, @Scratch Path scratch) {
        TreeMap<byte[], byte[]> model = model();
        Path target = scratch.resolve("backup");
        MergeFixtures.CrashAt hook = new MergeFixtures.CrashAt(FaultPoint.INSTALLING, 1);
        KvStore store = MergeFixtures.open(dir, hook);
        try (Bounded.Closing closing = closing(store, "a merge that fails in its install, and a backup")) {
            MergeFixtures.scenario("first", new Both(store, model));
            hook.arm();
            Throwable crash = org.assertj.core.api.Assertions.catchThrowable(
                    () -> Bounded.run("the merge to crash at FaultPoint.INSTALLING", store::merge));
            assertThat(crash).as("merge() crashed by its Faults hook at FaultPoint.INSTALLING").isNotNull();
            assertThrown(IllegalStateException.class,
                    () -> Bounded.run("backup() of a store whose install failed", () -> store.backup(target)),
                    "backup() of a store whose merge failed during its install: the store is failed until reopened");
            assertThat(target).as("the target of a refused backup: nothing may be copied").doesNotExist();
        }
        MergeFixtures.assertReopensTo(dir, model, scenarioKeys(), "the store after a failed install, a refused "
                + "backup, and reopen");
    }

    @Test
    @Points(1)
    @DisplayName("backup refuses a target that is not empty or is inside the store, with a clear message, and the store goes on")
    void badTargetsAreRefused(@Scratch Path dir, @Scratch Path scratch) throws IOException {
        Path full = scratch.resolve("full");
        Files.createDirectories(full);
        Files.writeString(full.resolve("precious.txt"), "do not overwrite");
        Path inside = dir.resolve("backup");
        TreeMap<byte[], byte[]> model = model();
        KvStore store = open(dir);
        try (Bounded.Closing closing = closing(store, "refused backups and one into an empty directory")) {
            Both w = new Both(store, model);
            MergeFixtures.scenario("first", w);
            assertThrown(IllegalArgumentException.class,
                    () -> Bounded.run("backup() into a directory that holds a file", () -> store.backup(full)),
                    "backup into a directory that holds a file")
                    .hasMessageContaining(full.getFileName().toString());
            assertThat(Files.readString(full.resolve("precious.txt"))).as("the file in the refused target")
                    .isEqualTo("do not overwrite");
            assertThrown(IllegalArgumentException.class,
                    () -> Bounded.run("backup() into a directory inside the store", () -> store.backup(inside)),
                    "backup into a directory inside the store's own directory")
                    .hasMessageContaining(inside.getFileName().toString());
            assertThrown(IllegalArgumentException.class,
                    () -> Bounded.run("backup() into the store's own directory", () -> store.backup(dir)),
                    "backup into the store's own directory");
            assertThrown(IllegalArgumentException.class,
                    () -> Bounded.run("backup(null)", () -> store.backup(null)),
                    "backup(null)");
            w.put("after", "refused backups");
            assertMatches(store, model, scenarioKeys(), "after refused backups: the store goes on working");
            Path empty = scratch.resolve("empty");
            Files.createDirectories(empty);
            Bounded.run("backup() into an existing empty directory", () -> store.backup(empty));
            MergeFixtures.assertReopensTo(empty, model, scenarioKeys(), "a backup into an existing empty directory");
        }
        MergeFixtures.assertReopensTo(dir, model, scenarioKeys(), "the store after refused backups, and reopen");
    }
}
