package dev.fromzero.kv.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.Durability;
import dev.fromzero.kv.FaultPoint;
import dev.fromzero.kv.Faults;
import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.MergePolicy;
import dev.fromzero.kv.StoreOptions;
import dev.fromzero.kv.WriteBatch;
import dev.fromzero.kv.log.LogRecord;
import dev.fromzero.kv.log.RecordCodec;
import dev.fromzero.testkit.Bounded;
import dev.fromzero.testkit.FileFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;

/**
 * What the chapter-3 suites share: stores opened for tests, a sorted map as the model, the checks that compare
 * the two, the files of a store directory, the scenarios the crash tests build (the same in this JVM and in a
 * child JVM), and a capture of the store's log messages.
 */
final class MergeFixtures {

    /** Small segments, so that a few writes already spread over several files and a merge writes several. */
    static final long SMALL_SEGMENTS = 512;

    /**
     * What a directory may hold beyond the live records after a merge with no concurrent writes: nothing, in a
     * Bitcask that drops every dead record; a little room for an implementation that keeps a few bytes of its own.
     */
    static final long SLACK_BYTES = 256;

    private MergeFixtures() {
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Never syncs on writes (merges still sync what they write), merges only when asked, no faults. */
    static StoreOptions options(long maxSegmentBytes) {
        return StoreOptions.defaults()
                .withDurability(Durability.never())
                .withMaxSegmentBytes(maxSegmentBytes)
                .withMergePolicy(MergePolicy.manual());
    }

    static StoreOptions options() {
        return options(SMALL_SEGMENTS);
    }

    static KvStore open(Path dir) {
        return KvStore.open(dir, options());
    }

    static KvStore open(Path dir, Faults faults) {
        return KvStore.open(dir, options().withFaults(faults));
    }

    /**
     * {@code store.merge()}, bounded: a merge that never ends, or waits for a lock nobody releases, fails within
     * seconds. {@code which} names the merge for the message: "the merge of 600 random writes".
     */
    static void merge(KvStore store, String which) {
        Bounded.run(which + " to return (a merge that never finishes, or waits for a lock nobody releases?)",
                store::merge);
    }

    /**
     * {@code store}, closed with a bound when a try-with-resources block ends: close() waits for a running merge, so
     * after merges a close that never returns fails within seconds. {@code after} says what the store did.
     */
    static Bounded.Closing closing(KvStore store, String after) {
        return Bounded.closing("close() after " + after + " (close waits for a running merge: one that never ends, "
                + "or a lock that is never released?)", store);
    }

    /** A map ordered as the store orders keys: unsigned bytes. */
    static TreeMap<byte[], byte[]> model() {
        return new TreeMap<>(Arrays::compareUnsigned);
    }

    static List<KeyValue> drain(Iterator<KeyValue> iterator) {
        List<KeyValue> all = new ArrayList<>();
        iterator.forEachRemaining(all::add);
        return all;
    }

    static List<KeyValue> entries(Map<byte[], byte[]> model) {
        List<KeyValue> all = new ArrayList<>();
        model.forEach((k, v) -> all.add(new KeyValue(k, v)));
        return all;
    }

    static List<KeyValue> contents(KvStore store) {
        return drain(store.scan(null, null));
    }

    /**
     * Checks every way of reading the store against the model: get and contains of every key the model has and
     * of {@code absent} keys, both scan directions, and the number of live keys. {@code where} says when, for
     * the failure message.
     */
    static void assertMatches(KvStore store, TreeMap<byte[], byte[]> model, List<byte[]> absent, String where) {
        assertThat(contents(store)).as("the whole store (scan) %s", where).isEqualTo(entries(model));
        assertThat(drain(store.descendingScan(null, null))).as("the whole store, descending, %s", where)
                .isEqualTo(entries(model.descendingMap()));
        for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
            assertThat(store.get(e.getKey())).as("get(%s) %s", show(e.getKey()), where).isEqualTo(e.getValue());
            assertThat(store.contains(e.getKey())).as("contains(%s) %s", show(e.getKey()), where).isTrue();
        }
        for (byte[] key : absent) {
            if (!model.containsKey(key)) {
                assertThat(store.get(key)).as("get(%s) of a deleted or never written key %s: it must stay absent",
                        show(key), where).isNull();
                assertThat(store.contains(key)).as("contains(%s) of a deleted key %s", show(key), where).isFalse();
            }
        }
        assertThat(store.stats().liveKeys()).as("stats().liveKeys() %s", where).isEqualTo(model.size());
    }

    static void assertMatches(KvStore store, TreeMap<byte[], byte[]> model, String where) {
        assertMatches(store, model, List.of(), where);
    }

    /** Opens {@code dir}, checks it against the model, and closes it. */
    static void assertReopensTo(Path dir, TreeMap<byte[], byte[]> model, List<byte[]> absent, String where) {
        try (KvStore store = open(dir)) {
            assertMatches(store, model, absent, where);
        }
    }

    static void assertReopensTo(Path dir, TreeMap<byte[], byte[]> model, String where) {
        assertReopensTo(dir, model, List.of(), where);
    }

    /** The bytes the model's records take on disk: what a store holding exactly the live data needs. */
    static long liveBytes(Map<byte[], byte[]> model) {
        long total = 0;
        for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
            total += RecordCodec.encodedSize(LogRecord.put(e.getKey(), e.getValue()));
        }
        return total;
    }

    /** Files of {@code dir} (not below it) whose names match {@code regex}, sorted by name. */
    static List<Path> files(Path dir, String regex) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches(regex)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> segments(Path dir) {
        return files(dir, "\\d{9}\\.log");
    }

    static List<Path> hints(Path dir) {
        return files(dir, "\\d{9}\\.hint");
    }

    static long totalSegmentBytes(Path dir) {
        return segments(dir).stream().mapToLong(FileFaults::size).sum();
    }

    /** The data file beside a hint file. */
    static Path dataFileOf(Path hint) {
        return hint.resolveSibling(hint.getFileName().toString().replace(".hint", ".log"));
    }

    /** The 9-digit number in a segment's or hint's name. */
    static String number(Path file) {
        return file.getFileName().toString().substring(0, 9);
    }

    /** The files' names and sizes, for a message; a file a running merge deleted meanwhile shows as gone. */
    static String names(List<Path> files) {
        return files.stream().map(f -> f.getFileName() + (Files.exists(f) ? " (" + sizeOrGone(f) + ")" : " (gone)"))
                .toList().toString();
    }

    private static String sizeOrGone(Path file) {
        try {
            return FileFaults.size(file) + " bytes";
        } catch (UncheckedIOException e) {
            return "gone";
        }
    }

    /**
     * After a merge that ran with no concurrent writes: nothing is left of the merge's work directory, and the
     * segments hold the live records and hardly anything else.
     */
    static void assertCompact(Path dir, TreeMap<byte[], byte[]> model, String where) {
        assertThat(Files.exists(dir.resolve("merge")))
                .as("%s, a finished merge must leave no merge/ directory behind", where).isFalse();
        long live = liveBytes(model);
        assertThat(totalSegmentBytes(dir))
                .as("%s, the segments %s must hold about the %d bytes of live records (at most %d more): dead "
                        + "records, tombstones or a second copy of merged data are still on disk", where,
                        names(segments(dir)), live, SLACK_BYTES)
                .isLessThanOrEqualTo(live + SLACK_BYTES);
    }

    static String show(byte[] key) {
        String s = new String(key, StandardCharsets.UTF_8);
        if (key.length == 0) {
            return "\"\"";
        }
        return s.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? '"' + s + '"'
                : "0x" + java.util.HexFormat.of().formatHex(key);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Scenarios: fixed histories that the crash tests run on a store, here or in a child JVM, and on a model.

    /** Writes to a store (when not null) and to a model at once. */
    record Both(KvStore store, TreeMap<byte[], byte[]> model) {

        void put(String key, String value) {
            put(bytes(key), bytes(value));
        }

        void put(byte[] key, byte[] value) {
            if (store != null) {
                store.put(key, value);
            }
            model.put(key, value);
        }

        void delete(String key) {
            if (store != null) {
                store.delete(bytes(key));
            }
            model.remove(bytes(key));
        }

        void write(WriteBatch batch) {
            if (store != null) {
                store.write(batch);
            }
            for (WriteBatch.Operation op : batch.operations()) {
                if (op.isDelete()) {
                    model.remove(op.key());
                } else {
                    model.put(op.key(), op.value());
                }
            }
        }

        void merge() {
            if (store != null) {
                Bounded.run("a merge of the store (one that never finishes, or waits for a lock nobody releases?)",
                        store::merge);
            }
        }
    }

    static final int SCENARIO_KEYS = 30;

    static String key(int k) {
        return "key-%02d".formatted(k);
    }

    /** Every key a scenario writes, including the deleted ones, to check that deleted keys stay deleted. */
    static List<byte[]> scenarioKeys() {
        List<byte[]> keys = new ArrayList<>();
        for (int k = 0; k < SCENARIO_KEYS; k++) {
            keys.add(bytes(key(k)));
        }
        keys.add(new byte[0]);
        keys.add(new byte[] {(byte) 0xff, 0});
        return keys;
    }

    /**
     * The store the crash tests merge: puts, overwrites, deletes (of keys whose values sit in older segments),
     * a batch, a key deleted and put again, an empty value, the empty key and a binary key, over a dozen small
     * segments. After it, the store is ready for the merge the test crashes.
     *
     * <ul>
     *   <li>{@code first}: the writes above, never merged.
     *   <li>{@code second}: the writes above, a merge, then deletes and puts: the merge the test crashes is the
     *       second one, which must keep the deletes made after the first (rosedb #258).
     * </ul>
     */
    static void scenario(String name, Both w) {
        for (int k = 0; k < SCENARIO_KEYS; k++) {
            w.put(key(k), "first-" + k + "-" + "x".repeat(k % 7));
        }
        for (int k = 0; k < SCENARIO_KEYS; k += 2) {
            w.put(key(k), "second-" + k);
        }
        for (int k = 0; k < SCENARIO_KEYS; k += 5) {
            w.delete(key(k));
        }
        w.write(new WriteBatch().put(bytes(key(1)), bytes("batch-1")).delete(bytes(key(3)))
                .put(bytes(key(5)), bytes("batch-5 back from the dead")).put(bytes(key(7)), new byte[0]));
        w.put(new byte[0], bytes("the empty key"));
        w.put(new byte[] {(byte) 0xff, 0}, bytes("a binary key"));
        w.delete(key(9));
        w.put(key(9), "put again after its delete");
        for (int k = 0; k < SCENARIO_KEYS; k += 3) {
            w.put(key(k), "third-" + k + "-" + "y".repeat(k % 11));
        }
        w.delete(key(11));
        switch (name) {
            case "first" -> { }
            case "second" -> {
                w.merge();
                for (int k = 0; k < SCENARIO_KEYS; k += 4) {
                    w.delete(key(k));
                }
                w.put(key(2), "after the first merge");
                w.write(new WriteBatch().delete(bytes(key(13))).put(bytes(key(14)), bytes("batch after merge")));
            }
            default -> throw new IllegalArgumentException("unknown scenario " + name);
        }
    }

    /** The model state after scenario {@code name}. */
    static TreeMap<byte[], byte[]> scenarioModel(String name) {
        TreeMap<byte[], byte[]> model = model();
        scenario(name, new Both(null, model));
        return model;
    }

    /** How often a full merge after scenario {@code name} reaches each point, counted on a store in {@code dir}. */
    static Map<FaultPoint, Integer> hitsOfMerge(String name, Path dir) {
        Map<FaultPoint, Integer> hits = Collections.synchronizedMap(new EnumMap<>(FaultPoint.class));
        boolean[] counting = {false};
        KvStore store = open(dir, point -> {
            if (counting[0]) {
                hits.merge(point, 1, Integer::sum);
            }
        });
        try (Bounded.Closing closing = closing(store, "scenario " + name + " and a merge counting its fault points")) {
            scenario(name, new Both(store, model()));
            counting[0] = true;
            merge(store, "the merge that counts the fault points after scenario " + name);
        }
        for (FaultPoint point : FaultPoint.values()) {
            assertThat(hits.getOrDefault(point, 0))
                    .as("a merge of %d segments must pass FaultPoint.%s and tell the Faults hook so (hits of each "
                            + "point: %s)", segments(dir).size(), point, hits)
                    .isPositive();
        }
        return hits;
    }

    // ---------------------------------------------------------------------------------------------------------

    /** A crash of the store, thrown by a Faults hook: merge() must let it through. */
    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(FaultPoint point, int hit) {
            super("simulated crash at FaultPoint." + point + ", hit " + hit, null, false, false);
        }
    }

    /**
     * A hook that, once armed, throws {@link SimulatedCrash} at hit {@code hit} of {@code point} (counted from
     * arming). Unarmed, it lets every point pass, so a scenario can merge before the merge the test crashes.
     */
    static final class CrashAt implements Faults {
        private final FaultPoint point;
        private final int hit;
        private volatile boolean armed;
        private int seen;

        CrashAt(FaultPoint point, int hit) {
            this.point = point;
            this.hit = hit;
        }

        void arm() {
            armed = true;
        }

        @Override
        public void reached(FaultPoint reached) {
            if (armed && reached == point && ++seen == hit) {
                armed = false;
                throw new SimulatedCrash(point, hit);
            }
        }
    }

    /**
     * The records the store logs to {@code java.util.logging.Logger.getLogger("dev.fromzero.kv")} (and its
     * children) while attached. Keeps the logger itself, so that it is not garbage-collected with the handler.
     */
    static final class LogCapture extends Handler implements AutoCloseable {
        private static final Logger LOGGER = Logger.getLogger("dev.fromzero.kv");
        private final List<java.util.logging.LogRecord> records = Collections.synchronizedList(new ArrayList<>());
        private final SimpleFormatter formatter = new SimpleFormatter();

        static LogCapture attach() {
            LogCapture capture = new LogCapture();
            capture.setLevel(Level.ALL);
            LOGGER.addHandler(capture);
            return capture;
        }

        /** The messages of WARNING (or worse) records, formatted. */
        List<String> warnings() {
            synchronized (records) {
                return records.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                        .map(formatter::formatMessage).toList();
            }
        }

        @Override
        public void publish(java.util.logging.LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            LOGGER.removeHandler(this);
        }
    }
}
