package dev.fromzero.kv.index;

import static dev.fromzero.kv.index.StoreFixtures.bytes;
import static dev.fromzero.kv.index.StoreFixtures.contents;
import static dev.fromzero.kv.index.StoreFixtures.entries;
import static dev.fromzero.kv.index.StoreFixtures.model;
import static dev.fromzero.kv.index.StoreFixtures.open;
import static dev.fromzero.kv.index.StoreFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.WriteBatch;
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
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
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

/**
 * One writer changes keys {@code k00..k19}, with values {@code k07:n} where n grows with every write (and
 * {@code k07:n+} for the first key of a batch that sets {@code k07} and {@code k08} to n), while
 * readers check what they see. Randomness decides the writer's operations; the threads' interleaving is up to the
 * machine, so these tests look for bugs rather than prove their absence, and check only what must hold in every
 * interleaving.
 */
@Seeded
@Step(chapter = 2, number = 5, title = "Threads", guide = "docs/chapter02-index.md#step-5-threads")
@Hint("Readers share a read lock; a write holds the writer lock for its append and the write lock for its append "
        + "and keydir update (a batch's whole update under one hold). A value read is always one that was written.")
class ConcurrencyTest {

    private static final int KEYS = 20;
    private static final int WRITES = 3_000;

    private static byte[] key(int k) {
        return bytes("k%02d".formatted(k));
    }

    /** The write number in a value {@code kNN:n}, checking that the value is one written for this key. */
    private static long numberIn(byte[] value, byte[] key) {
        String text = text(value);
        String prefix = text(key) + ":";
        assertThat(text).as("a value read for %s must be one written for it, %s<n>", text(key), prefix).startsWith(prefix);
        return Long.parseLong(text.substring(prefix.length()).replace("+", ""));
    }

    @Test
    @Points(3)
    @DisplayName("readers running with a writer see only values written for the key, never going back, batches whole")
    @Hint("If a reader sees the first key of a batch with the batch's value and then the second key with an older "
            + "one, the batch was applied in two steps: take the write lock once for all its members.")
    @Timeout(60)
    void readersSeeOnlyWrittenValues(Seed seed, @Scratch Path dir) throws Exception {
        AtomicLongArray started = new AtomicLongArray(KEYS);
        AtomicBoolean done = new AtomicBoolean();
        TreeMap<byte[], byte[]> model = model();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (KvStore store = open(dir, 64 * 1024)) {
            Future<?> writer = pool.submit(() -> {
                try {
                    write(store, seed.random(), started, model);
                } finally {
                    done.set(true);
                }
                return null;
            });
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                Random random = new Random(seed.value() + r);
                readers.add(pool.submit(reader(store, random, started, done)));
            }
            Bounded.get("the writer to finish its writes while 3 readers read (a lock that is never released?)",
                    Duration.ofSeconds(50), writer);
            for (Future<?> reader : readers) {
                Bounded.get("a reader to stop once the writer is done (a read waiting for a lock that is never released?)",
                        Duration.ofSeconds(50), reader);
            }
            assertThat(contents(store)).as("after the writer is done, the store holds exactly what it wrote")
                    .isEqualTo(entries(model));
        } finally {
            pool.shutdownNow();
        }
        try (KvStore store = open(dir, 64 * 1024)) {
            assertThat(contents(store)).as("and so does it after reopen").isEqualTo(entries(model));
        }
    }

    /** The writer: puts, deletes, and batches that set two keys {@code k} and {@code k+1} to the same number. */
    private static void write(KvStore store, Random random, AtomicLongArray started, TreeMap<byte[], byte[]> model) {
        for (long n = 1; n <= WRITES; n++) {
            int k = random.nextInt(KEYS - 1);
            int choice = random.nextInt(10);
            if (choice < 5) {
                started.set(k, n);
                byte[] value = bytes(text(key(k)) + ":" + n);
                store.put(key(k), value);
                model.put(key(k), value);
            } else if (choice < 6) {
                store.delete(key(k));
                model.remove(key(k));
            } else {
                started.set(k, n);
                started.set(k + 1, n);
                WriteBatch batch = new WriteBatch()
                        .put(key(k), bytes(text(key(k)) + ":" + n + "+"))
                        .put(key(k + 1), bytes(text(key(k + 1)) + ":" + n));
                store.write(batch);
                model.put(key(k), bytes(text(key(k)) + ":" + n + "+"));
                model.put(key(k + 1), bytes(text(key(k + 1)) + ":" + n));
            }
        }
    }

    private static Callable<Void> reader(KvStore store, Random random, AtomicLongArray started, AtomicBoolean done) {
        return () -> {
            long[] lastSeen = new long[KEYS];
            while (!done.get()) {
                int k = random.nextInt(KEYS - 1);
                byte[] first = store.get(key(k));
                byte[] second = store.get(key(k + 1));
                if (first != null) {
                    long n = numberIn(first, key(k));
                    assertThat(n).as("%s was read with write %d, which the writer had not begun", text(key(k)), n)
                            .isLessThanOrEqualTo(started.get(k));
                    assertThat(n).as("%s was read with write %d after this reader saw %d: reads went back in time",
                            text(key(k)), n, lastSeen[k]).isGreaterThanOrEqualTo(lastSeen[k]);
                    lastSeen[k] = n;
                    if (text(first).endsWith("+") && second != null) {
                        long m = numberIn(second, key(k + 1));
                        assertThat(m)
                                .as("%s was read with write %d, then %s with write %d: the batch that wrote both with %d "
                                        + "was seen in part", text(key(k)), n, text(key(k + 1)), m, n)
                                .isGreaterThanOrEqualTo(n);
                    }
                }
            }
            return null;
        };
    }

    @Test
    @Points(2)
    @DisplayName("scans running with a writer stay in order, return only written values, and never miss a key nobody touched")
    @Hint("A scan must not hold a lock between calls to next, and must resume after the last key it returned; keys "
            + "that exist throughout the scan and are not written must all be returned.")
    @Timeout(60)
    void scansDuringWritesStayTrue(Seed seed, @Scratch Path dir) throws Exception {
        AtomicLongArray started = new AtomicLongArray(KEYS);
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (KvStore store = open(dir, 64 * 1024)) {
            List<byte[]> stable = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                byte[] key = bytes("k%02d/stable-%03d".formatted(i % KEYS, i));
                store.put(key, bytes(text(key) + ":0"));
                stable.add(key);
            }
            stable.sort(Arrays::compareUnsigned);
            Future<?> writer = pool.submit(() -> {
                try {
                    write(store, seed.random(), started, model());
                } finally {
                    done.set(true);
                }
                return null;
            });
            List<Future<?>> scanners = new ArrayList<>();
            for (boolean descending : new boolean[] {false, true}) {
                scanners.add(pool.submit(() -> {
                    while (!done.get()) {
                        checkScan(descending ? store.descendingScan(null, null) : store.scan(null, null),
                                descending, started, stable);
                    }
                    return null;
                }));
            }
            Bounded.get("the writer to finish its writes while scans run (a lock that is never released?)",
                    Duration.ofSeconds(50), writer);
            for (Future<?> scanner : scanners) {
                Bounded.get("a scanner to stop once the writer is done (a scan waiting for a lock that is never released?)",
                        Duration.ofSeconds(50), scanner);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void checkScan(Iterator<KeyValue> scan, boolean descending, AtomicLongArray started,
            List<byte[]> stable) {
        byte[] previous = null;
        List<byte[]> stableSeen = new ArrayList<>();
        while (scan.hasNext()) {
            KeyValue kv = scan.next();
            if (previous != null) {
                int order = Arrays.compareUnsigned(previous, kv.key());
                assertThat(descending ? order > 0 : order < 0)
                        .as("a %s scan returned %s after %s: keys must come in strict order, each once",
                                descending ? "descending" : "ascending", kv.keyString(), text(previous))
                        .isTrue();
            }
            previous = kv.key();
            if (kv.keyString().contains("/stable-")) {
                numberIn(kv.value(), kv.key());
                stableSeen.add(kv.key());
            } else {
                int k = Integer.parseInt(kv.keyString().substring(1));
                assertThat(numberIn(kv.value(), kv.key())).as("a scan returned %s, a write not begun yet", kv)
                        .isLessThanOrEqualTo(started.get(k));
            }
        }
        if (descending) {
            java.util.Collections.reverse(stableSeen);
        }
        assertThat(stableSeen).as("keys that existed before the scan and were never written during it must all be "
                + "returned, whatever else the writer did").containsExactlyElementsOf(stable);
    }

    @Test
    @Points(2)
    @DisplayName("writers in many threads are serialized: every write lands whole, and the log reopens cleanly")
    @Hint("The chapter-1 log is not thread-safe: two appends at once can land on the same offset. Serialize every "
            + "write (and sync) with one lock.")
    @Timeout(60)
    void writersAreSerialized(@Scratch Path dir) throws Exception {
        TreeMap<byte[], byte[]> model = model();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (KvStore store = open(dir, 8 * 1024)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        byte[] key = bytes("t" + thread + "-" + (i % 50));
                        if (i % 3 == 2) {
                            store.write(new WriteBatch().put(key, bytes("batch-" + i)).put(bytes("t" + thread + "-last"),
                                    bytes(String.valueOf(i))));
                        } else {
                            store.put(key, bytes("put-" + i));
                        }
                    }
                }));
                for (int i = 0; i < 500; i++) {
                    byte[] key = bytes("t" + thread + "-" + (i % 50));
                    if (i % 3 == 2) {
                        model.put(key, bytes("batch-" + i));
                        model.put(bytes("t" + thread + "-last"), bytes(String.valueOf(i)));
                    } else {
                        model.put(key, bytes("put-" + i));
                    }
                }
            }
            for (Future<?> writer : writers) {
                Bounded.get("a writer to finish its writes while others write (a lock that is never released?)",
                        Duration.ofSeconds(50), writer);
            }
            assertThat(contents(store)).as("the store after four writers").isEqualTo(entries(model));
        } finally {
            pool.shutdownNow();
        }
        try (KvStore store = open(dir, 8 * 1024)) {
            assertThat(contents(store)).as("after reopen: the log holds every write whole, in an order consistent "
                    + "with each writer's").isEqualTo(entries(model));
        }
    }
}
