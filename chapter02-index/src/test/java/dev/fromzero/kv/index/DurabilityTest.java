package dev.fromzero.kv.index;

import static dev.fromzero.kv.index.StoreFixtures.bytes;
import static dev.fromzero.kv.index.StoreFixtures.contents;
import static dev.fromzero.kv.index.StoreFixtures.entries;
import static dev.fromzero.kv.index.StoreFixtures.model;
import static dev.fromzero.kv.index.StoreFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.Durability;
import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.StoreOptions;
import dev.fromzero.testkit.Bounded;
import dev.fromzero.testkit.ChildJvm;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Slow;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Seeded
@Step(chapter = 2, number = 4, title = "Durability", guide = "docs/chapter02-index.md#step-4-durability")
@Hint("Sync after the write has released the locks that readers need. With group commit, a background thread syncs "
        + "at most once per interval, and each writer waits until a sync that started after its append has finished.")
class DurabilityTest {

    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);
    private static final int KILLS = 6;

    @Test
    @Points(3)
    @DisplayName("with sync always, a writer killed with kill -9 loses no acknowledged write")
    @Slow("kills a writer process with kill -9, several times")
    void alwaysKeepsEveryAcknowledgedWrite(Seed seed, @Scratch Path dir) {
        killRepeatedly(seed, dir, "always", true);
    }

    @Test
    @Points(3)
    @DisplayName("with group commit, a writer killed with kill -9 loses no acknowledged write")
    @Hint("A writer must not return before the sync that covers its write: acknowledging first and syncing later "
            + "is the never option in disguise.")
    @Slow("kills a writer process with kill -9, several times")
    void groupCommitKeepsEveryAcknowledgedWrite(Seed seed, @Scratch Path dir) {
        killRepeatedly(seed, dir, "group", true);
    }

    @Test
    @Points(2)
    @DisplayName("with sync never, a writer killed with kill -9 leaves a prefix of its writes, and nothing corrupt")
    @Slow("kills a writer process with kill -9, several times")
    void neverLeavesAPrefix(Seed seed, @Scratch Path dir) {
        killRepeatedly(seed, dir, "never", false);
    }

    @Test
    @Points(2)
    @DisplayName("with group commit, consecutive writes of one writer are at least an interval apart: each waits for its sync")
    @Hint("Syncs are at least one interval apart, and each write waits for a sync that began after it was appended. "
            + "So n writes in a row take at least (n - 1) intervals; a writer that returns at once was not waiting.")
    @Timeout(30)
    void groupCommitWritersWaitForTheirSync(@Scratch Path dir) {
        Duration interval = Duration.ofMillis(150);
        try (KvStore store = KvStore.open(dir, StoreOptions.defaults().withDurability(Durability.groupCommit(interval)))) {
            long start = System.nanoTime();
            Bounded.run("4 puts in a row with a 150 ms group commit interval to return (each waits for its sync: a "
                    + "sync that never comes, or a wake-up that is never sent, leaves it waiting forever)", () -> {
                for (int i = 0; i < 4; i++) {
                    store.put(bytes("k" + i), bytes("v" + i));
                }
            });
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(elapsed)
                    .as("4 writes in a row with a 150 ms group commit interval: each needs its own sync, and syncs are at "
                            + "least 150 ms apart, so they take at least 450 ms (a lower bound, whatever the machine)")
                    .isGreaterThanOrEqualTo(3 * interval.toMillis());
            assertThat(text(store.get(bytes("k3")))).as("the last of the 4 writes").isEqualTo("v3");
        }
    }

    @Test
    @Points(2)
    @DisplayName("with group commit, many writers at once all return, and every write is there after reopen")
    @Timeout(60)
    void groupCommitServesManyWriters(@Scratch Path dir) throws Exception {
        StoreOptions options = StoreOptions.defaults().withDurability(Durability.groupCommit(Duration.ofMillis(10)));
        TreeMap<byte[], byte[]> model = model();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        KvStore store = KvStore.open(dir, options);
        try (Bounded.Closing closing = Bounded.closing("close() with group commit after 8 writers (a sync thread that "
                + "is never woken to stop?)", store)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        store.put(bytes("t" + thread + "-" + i), bytes("v" + i));
                    }
                }));
                for (int i = 0; i < 25; i++) {
                    model.put(bytes("t" + thread + "-" + i), bytes("v" + i));
                }
            }
            for (int t = 0; t < writers.size(); t++) {
                Bounded.get("writer " + t + " of 8 to return from its 25 puts with group commit (each put waits for a "
                        + "sync that covers it: a wake-up that never comes leaves it waiting forever)",
                        Duration.ofSeconds(50), writers.get(t));
            }
        } finally {
            pool.shutdownNow();
        }
        try (KvStore reopened = KvStore.open(dir, options)) {
            assertThat(contents(reopened)).as("every write of every writer, after reopen").isEqualTo(entries(model));
        }
    }

    @Test
    @DisplayName("with group commit, a writer interrupted while it waits for its sync keeps its interrupt status")
    @Hint("Waiting for a sync is no reason to lose an interrupt. If the wait catches InterruptedException, whoever "
            + "interrupted the thread must still see it when the write returns or fails: what does the thread's "
            + "interrupt status say then?")
    void anInterruptedWriterKeepsItsInterrupt(@Scratch Path dir) {
        StoreOptions options = StoreOptions.defaults().withDurability(Durability.groupCommit(Duration.ofMinutes(1)));
        KvStore store = KvStore.open(dir, options);
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        AtomicReference<RuntimeException> thrown = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                store.put(bytes("b"), bytes("2"));
            } catch (RuntimeException e) {
                thrown.set(e);
            }
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        }, "a writer waiting for group commit");
        writer.setDaemon(true);
        try (Bounded.Closing closing = Bounded.closing("close() while a writer waits for its group commit sync (close "
                + "syncs every write: does it wake the writers?)", store)) {
            // a lone writer may wait up to an interval: this bound, above a minute, only guards against a hang
            Bounded.run("the first write with a group commit interval of one minute", Duration.ofSeconds(90),
                    () -> store.put(bytes("a"), bytes("1")));
            writer.start();
            Bounded.run("the second write to wait for its sync, which may come only a minute after the first", () -> {
                while (writer.getState() != Thread.State.WAITING && writer.getState() != Thread.State.TIMED_WAITING) {
                    assertThat(writer.isAlive())
                            .as("the second write returned at once, a minute before group commit may sync again")
                            .isTrue();
                    LockSupport.parkNanos(1_000_000);
                }
            });
            writer.interrupt();
        }
        Bounded.join("the interrupted writer to return once close() has synced its write", writer);
        assertThat(interruptedAfter.get())
                .as("a writer interrupted while it waited for group commit must find its interrupt status set when "
                        + "put returns or fails (it %s): a wait that swallows the interrupt hides it from the caller",
                        thrown.get() == null ? "returned" : "threw " + thrown.get())
                .isTrue();
    }

    /**
     * Runs the {@link StoreProcess} writer with {@code durability} on {@code dir} and kills it, {@link #KILLS}
     * times, each time after a random number of acknowledgements. After each kill, the store on disk must be the
     * state after some prefix of the {@link History}: reaching at least every acknowledged operation when
     * {@code acknowledgedSurvive}. The next writer continues the history from there.
     */
    private static void killRepeatedly(Seed seed, Path dir, String durability, boolean acknowledgedSurvive) {
        Random random = seed.random();
        int durable = 0;
        for (int kill = 1; kill <= KILLS; kill++) {
            int acks = 1 + random.nextInt(40);
            List<String> lines;
            try (ChildJvm child = ChildJvm.start(StoreProcess.class, "write", dir.toString(), durability,
                    String.valueOf(durable))) {
                lines = child.killAfterLines(acks, CHILD_TIMEOUT);
            }
            for (int i = 0; i < lines.size(); i++) {
                assertThat(lines.get(i)).as("the writer acknowledges operations in order").isEqualTo("ack " + (durable + i));
            }
            int acknowledged = durable + lines.size();
            List<KeyValue> found;
            try (KvStore store = StoreFixtures.open(dir, 4096)) {
                found = contents(store);
            }
            int prefix = matchingPrefix(found, acknowledged + 1000);
            assertThat(prefix)
                    .as("after kill %d (%s): the store must hold exactly the state after some prefix of the writes, in "
                            + "order, with none missing in between; it holds %s", kill, durability, found)
                    .isNotNegative();
            if (acknowledgedSurvive) {
                assertThat(prefix)
                        .as("after kill %d (%s): operations 0..%d were acknowledged, so all of them must be there; the "
                                + "store holds only the first %d", kill, durability, acknowledged - 1, prefix)
                        .isGreaterThanOrEqualTo(acknowledged);
            }
            durable = prefix;
        }
    }

    /**
     * The largest n up to {@code limit} such that the store's contents are the state after the history's
     * operations 0..n-1, or -1 if no prefix matches.
     */
    private static int matchingPrefix(List<KeyValue> found, int limit) {
        TreeMap<byte[], byte[]> model = model();
        int match = entries(model).equals(found) ? 0 : -1;
        for (int n = 0; n < limit; n++) {
            History.apply(n, model);
            if (entries(model).equals(found)) {
                match = n + 1;
            }
        }
        return match;
    }
}
