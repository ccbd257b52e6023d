package dev.fromzero.bench;

import dev.fromzero.kv.Durability;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.MergePolicy;
import dev.fromzero.kv.StoreOptions;
import dev.fromzero.kv.StoreStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Chapter 3: how long {@link KvStore#open} takes for a merged store of a million keys, once from
 * its hint files and once with them moved away, so that open must scan every data file. Not a JMH
 * benchmark: one open is one measurement, and each takes long enough to time with a clock.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.fromzero.bench.OpenTime
 * </pre>
 *
 * <p>The store is the {@link Dataset}'s million keys (16-byte keys, 100-byte values) with
 * {@code Durability.never()} and 64 MiB segments, then every fourth key written again with another
 * value, so that a fifth of the log is dead when {@link KvStore#merge()} runs. After the merge the
 * directory holds the merged segments, one hint file each, and an empty active segment. Merges are
 * manual: no open merges on its own.
 *
 * <p>Both cases open <em>the same files</em>: for a scan round the hint files are moved into a
 * directory beside the store, and moved back after it. The rounds alternate, in mirrored order
 * (hints, scan, scan, hints, ...), after one unmeasured round of each that warms up the JIT. Before
 * each open the heap is collected, so that no round pays for the garbage of the one before. Each
 * open is checked: it must find every key and the same live bytes, or the run stops, so a
 * shortcut that loses keys cannot post a fast time.
 *
 * <p>The measurement runs in a child JVM with a fixed, pre-touched heap ({@value #CHILD_HEAP}), as the
 * JMH benchmarks do: an open allocates a keydir and a million keys, and a heap that the collector
 * shrinks after one open and grows again during the next made the times jump by seconds.
 *
 * <p>The files stay in the operating system's page cache in both cases (they were just written,
 * and read again every round). Dropping the cache needs root and differs between systems, so this
 * does not do it: the figures compare the CPU work of the two paths, decoding and checksumming
 * every record against reading a hint per key, and in both, putting every key into the keydir.
 * From a cold cache the scan would also read about four times as many bytes from the disk, and the
 * gap would widen.
 *
 * <p>A scan round opens a store whose {@code MERGED} record lists segments that have lost their
 * hints: the store logs a warning for each and scans it, which is the path being measured. The
 * warnings are silenced here.
 */
public final class OpenTime {

    private static final String CHILD_HEAP = "2g";
    private static final int ROUNDS = 5;
    private static final int OVERWRITE_EVERY = 4;
    private static final StoreOptions OPTIONS =
            new StoreOptions(Durability.never(), StoreOptions.DEFAULT_MAX_SEGMENT_BYTES)
                    .withMergePolicy(MergePolicy.manual());
    /** Held so that the level set on it stays set: the logging framework keeps loggers weakly. */
    private static final Logger STORE_LOGGER = Logger.getLogger("dev.fromzero.kv");

    private OpenTime() {
    }

    /** Without arguments: runs the measurement in a child JVM. {@code --child}: runs it here. */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length == 1 && args[0].equals("--child")) {
            measure();
            return;
        }
        List<String> command = Jvm.command(List.of("-Xms" + CHILD_HEAP, "-Xmx" + CHILD_HEAP, "-XX:+AlwaysPreTouch"),
                OpenTime.class, "--child");
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("the measuring JVM exited with " + exit);
        }
    }

    private static void measure() throws IOException {
        STORE_LOGGER.setLevel(Level.SEVERE);
        Path root = Files.createTempDirectory("fromzero-opentime-");
        try {
            Path store = root.resolve("store");
            Path aside = Files.createDirectory(root.resolve("hints-aside"));
            StoreStats expected = buildMergedStore(store);
            System.out.printf("store: %,d keys; %,d bytes in data files, %,d in %d hint files%n",
                    expected.liveKeys(), bytes(store, ".log"), bytes(store, ".hint"), files(store, ".hint").size());

            open("hints", store, aside, expected);
            open("scan", store, aside, expected);
            List<Double> hints = new ArrayList<>();
            List<Double> scan = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                boolean hintsFirst = round % 2 == 0;
                for (String side : hintsFirst ? List.of("hints", "scan") : List.of("scan", "hints")) {
                    double ms = open(side, store, aside, expected);
                    (side.equals("hints") ? hints : scan).add(ms);
                    System.out.printf("round %d, %s: %.0f ms%n", round + 1, side, ms);
                }
            }
            System.out.println();
            System.out.println("| open of a merged store, 1,000,000 keys | median (ms) | min (ms) | max (ms) |");
            System.out.println("|---|---:|---:|---:|");
            System.out.println(row("from hint files", hints));
            System.out.println(row("hint files removed: scan every data file", scan));
            System.out.printf("%nscan / hints: %.1f (medians)%n", median(scan) / median(hints));
        } finally {
            TempDirs.deleteTree(root);
        }
    }

    /** Loads the store, overwrites a quarter of it, merges, and returns its stats. */
    private static StoreStats buildMergedStore(Path dir) {
        Dataset data = Dataset.generate();
        try (KvStore store = KvStore.open(dir, OPTIONS)) {
            for (int i = 0; i < Dataset.KEYS; i++) {
                store.put(data.key(i), data.value(i));
            }
            for (int i = 0; i < Dataset.KEYS; i += OVERWRITE_EVERY) {
                store.put(data.key(i), data.value(i + 1));
            }
            StoreStats before = store.stats();
            long started = System.nanoTime();
            store.merge();
            StoreStats after = store.stats();
            System.out.printf("merge: %,d dead bytes before, %,d after, %.1f s%n",
                    before.deadBytes(), after.deadBytes(), (System.nanoTime() - started) / 1e9);
            for (int i = 0; i < Dataset.KEYS; i += 997) {
                byte[] value = data.value(i % OVERWRITE_EVERY == 0 ? i + 1 : i);
                if (!Arrays.equals(store.get(data.key(i)), value)) {
                    throw new IllegalStateException("after the merge, key number " + i + " has lost its value");
                }
            }
            return after;
        }
    }

    /**
     * Times one open of the store, from its hints or, for {@code "scan"}, with its hint files moved
     * into {@code aside}, and returns the milliseconds it took.
     */
    private static double open(String side, Path store, Path aside, StoreStats expected) throws IOException {
        boolean scan = side.equals("scan");
        if (scan) {
            move(files(store, ".hint"), aside);
        }
        try {
            System.gc();
            long started = System.nanoTime();
            KvStore opened = KvStore.open(store, OPTIONS);
            long nanos = System.nanoTime() - started;
            try {
                StoreStats stats = opened.stats();
                if (stats.liveKeys() != expected.liveKeys() || stats.liveBytes() != expected.liveBytes()) {
                    throw new IllegalStateException("an open (" + side + ") found " + stats.liveKeys() + " keys and "
                            + stats.liveBytes() + " live bytes; the merged store had " + expected.liveKeys()
                            + " and " + expected.liveBytes());
                }
            } finally {
                opened.close();
            }
            return nanos / 1e6;
        } finally {
            if (scan) {
                move(files(aside, ".hint"), store);
            }
        }
    }

    private static void move(List<Path> files, Path toDir) throws IOException {
        for (Path file : files) {
            Files.move(file, toDir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static long bytes(Path dir, String suffix) throws IOException {
        long total = 0;
        for (Path file : files(dir, suffix)) {
            total += Files.size(file);
        }
        return total;
    }

    private static String row(String name, List<Double> ms) {
        return String.format("| %s | %.0f | %.0f | %.0f |", name, median(ms),
                ms.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                ms.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    }

    private static double median(List<Double> ms) {
        double[] sorted = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
