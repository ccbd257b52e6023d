package dev.fromzero.kv.index;

import static dev.fromzero.kv.index.ScheduledStore.batch;
import static dev.fromzero.kv.index.ScheduledStore.contains;
import static dev.fromzero.kv.index.ScheduledStore.delete;
import static dev.fromzero.kv.index.ScheduledStore.get;
import static dev.fromzero.kv.index.ScheduledStore.put;
import static dev.fromzero.kv.index.ScheduledStore.scan;
import static dev.fromzero.kv.index.ScheduledStore.thread;

import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Interleavings;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Races caught on every run: two or three threads call the store, and every interleaving of them
 * with up to two preemptions is tried, each on a fresh store ({@link Interleavings}). The threads
 * switch only where the store takes or releases one of its locks, and inside the keydir's map of
 * leaves, so a run is the same every time, and a failure prints the schedule that caused it. What
 * the threads saw must be explained by some order of their calls, one at a time; and after a
 * reopen, the store must hold what it held before.
 */
@Step(chapter = 2, number = 5, title = "Threads", guide = "docs/chapter02-index.md#step-5-threads")
@Hint("Read the failing schedule step by step: each line is one thread running from where it stood to its next lock "
        + "or keydir call. Whatever a write checks, appends and indexes must happen inside write(...); whatever a "
        + "read looks up in the keydir must happen under the read lock.")
class InterleavingTest {

    /** The reference store needs under 100 schedules for each case; the cap keeps a store with many more switch points fast. */
    private static final Interleavings SCHEDULES = Interleavings.upToPreemptions(2).maxSchedules(2_000);

    @Test
    @Points(2)
    @DisplayName("two threads deleting the same key: exactly one of them is told it deleted it")
    @Hint("Deciding whether the key exists and appending the tombstone are one step: check the keydir inside "
            + "write(...), not before it, or both threads see the key and both delete it.")
    @Timeout(60)
    void twoDeletesOfOneKey(@Scratch Path dir) {
        explore(dir, Map.of("k", "v"), List.of(thread("deleter 1", delete("k")), thread("deleter 2", delete("k"))));
    }

    @Test
    @Points(2)
    @DisplayName("two threads writing the same key: reads and a reopen agree on which write came last")
    @Hint("The log's order decides which value a reopen keeps, so the keydir must be updated in the same order: "
            + "index the record inside write(...), before the writer lock is released.")
    @Timeout(60)
    void twoWritersOfOneKey(@Scratch Path dir) {
        explore(dir, Map.of("k", "old"), List.of(thread("writer a", put("k", "a")), thread("writer b", put("k", "b"))));
        explore(dir, Map.of("k", "old"), List.of(thread("writer", put("k", "new")), thread("deleter", delete("k"))));
    }

    @Test
    @Points(2)
    @DisplayName("reads while a full keydir leaf splits find every key that was there all along")
    @Hint("A leaf split moves half of a leaf's keys to a new leaf in several steps; a read that does not hold the "
            + "read lock can run between them and miss a key. get, contains and chunk hold the read lock while they "
            + "use the keydir.")
    @Timeout(60)
    void readsDuringALeafSplit(@Scratch Path dir) {
        Map<String, String> full = new TreeMap<>();
        for (int i = 0; i < Leaf.CAPACITY; i++) {
            full.put("k%03d".formatted(i), "v" + i);
        }
        String next = "k%03d".formatted(Leaf.CAPACITY);
        String high = "k%03d".formatted(Leaf.CAPACITY - 2);
        explore(dir, full, List.of(thread("writer", put(next, "new")), thread("reader", get(high), contains(high))));
        String low = "k%03d".formatted(Leaf.CAPACITY - 4);
        explore(dir, full, List.of(thread("writer", put(next, "new")), thread("scanner", scan(low, next))));
    }

    @Test
    @DisplayName("a reader sees a batch whole or not at all")
    @Hint("Index every member of a batch under one hold of the write lock, inside the one write(...) that appends it.")
    @Timeout(60)
    void batchesAreSeenWhole(@Scratch Path dir) {
        explore(dir, Map.of("a", "0", "b", "0"), List.of(thread("batch", batch("a", "1", "b", "1")),
                thread("reader", get("a"), get("b"))));
    }

    private static void explore(Path dir, Map<String, String> initial, List<ScheduledStore.Caller> threads) {
        SCHEDULES.explore(() -> ScheduledStore.of(dir, initial, threads));
    }
}
