package dev.fromzero.bench;

import dev.fromzero.kv.index.Keydir;
import dev.fromzero.kv.log.Position;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Chapter 2: how much heap the keydir takes per key, next to the index a first attempt would
 * use, a {@code TreeMap<byte[], Position>} (a {@code long[2]} value would cost the same 32 bytes
 * as a {@code Position}). Not a JMH benchmark: memory is measured, not timed.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.fromzero.bench.KeydirMemory            # 1 and 10 million keys
 * java -cp bench/target/benchmarks.jar dev.fromzero.bench.KeydirMemory 100000     # other key counts
 * </pre>
 *
 * <p>For each key count {@code N} it builds each index from {@code N} random 16-byte keys, each
 * a fresh array as the store hands them over, with the positions of 131-byte records (a 16-byte
 * key and a 100-byte value) laid end to end in 64 MiB segments, and prints the heap the index
 * retains per key <em>beyond the 16 key bytes</em>: the index's own cost, which shorter keys do
 * not shrink. The keydir's goal is at most 64 bytes. The keydir's own estimate,
 * {@link Keydir#memoryBytes()}, is printed beside the measurement as a cross-check.
 *
 * <p>Method. Each index is built in a JVM of its own ({@value #CHILD_HEAP} heap, serial
 * collector), which reads the heap in use after full collections before and after building it;
 * the difference is what the index retains, since nothing else is kept in between.
 * <ul>
 *   <li>A fresh JVM, because in one JVM an index measured earlier can linger: an interpreted
 *       frame keeps a dead local's reference until the slot is overwritten, and one lingering
 *       keydir made the {@code TreeMap} look 40% smaller than it is.
 *   <li>The serial collector, because its {@link System#gc()} is a full, compacting collection:
 *       the heap in use afterwards is exactly the bytes of the live objects, with no half-used
 *       regions (G1 would count a large array's whole humongous region) and no floating garbage.
 *       Collections repeat until two readings agree.
 *   <li>A fixed heap ({@code -Xms} = {@code -Xmx}) under 32 GB: it is not resized between the
 *       readings, and references are compressed, as on any heap a Bitcask node would run. Six GiB
 *       holds ten million keys in the {@code TreeMap}, about a GiB.
 * </ul>
 */
public final class KeydirMemory {

    private static final String CHILD_HEAP = "6g";
    private static final int KEY_BYTES = 16;
    private static final int RECORD_BYTES = 131;
    private static final long SEGMENT_BYTES = 64L * 1024 * 1024;
    private static final long SEED = 20_261_127L;

    private KeydirMemory() {
    }

    /** Without arguments or with key counts: runs the measurements. {@code --child INDEX N}: one measurement. */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length == 3 && args[0].equals("--child")) {
            measureOne(args[1], Integer.parseInt(args[2]));
            return;
        }
        List<Integer> counts = args.length == 0
                ? List.of(1_000_000, 10_000_000)
                : Arrays.stream(args).map(Integer::valueOf).toList();
        StringBuilder table = new StringBuilder("""
                | keys | keydir (B/key beyond key bytes) | keydir's own estimate | TreeMap<byte[], Position> (B/key beyond key bytes) | TreeMap / keydir |
                |---:|---:|---:|---:|---:|
                """);
        for (int n : counts) {
            long[] keydir = inChild("keydir", n);
            long[] treeMap = inChild("treemap", n);
            double keydirPerKey = perKey(keydir[0], n);
            double treeMapPerKey = perKey(treeMap[0], n);
            table.append(String.format("| %,d | %.1f | %.1f | %.1f | %.1f |%n",
                    n, keydirPerKey, perKey(keydir[1], n), treeMapPerKey, treeMapPerKey / keydirPerKey));
        }
        System.out.println();
        System.out.print(table);
    }

    /** Runs one measurement in a child JVM and returns what it printed: retained bytes and the index's estimate. */
    private static long[] inChild(String index, int n) throws IOException, InterruptedException {
        List<String> command = Jvm.command(List.of("-XX:+UseSerialGC", "-Xms" + CHILD_HEAP, "-Xmx" + CHILD_HEAP),
                KeydirMemory.class, "--child", index, String.valueOf(n));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (child.waitFor() != 0) {
            throw new IllegalStateException("measuring the " + index + " of " + n + " keys failed: " + output);
        }
        System.out.printf("%,d keys, %s: %s%n", n, index, output);
        String[] fields = output.split(" ");
        return new long[] {Long.parseLong(fields[0]), Long.parseLong(fields[1])};
    }

    /** Builds one index and prints the bytes it retains, then its own estimate of them (0 if it has none). */
    private static void measureOne(String index, int n) {
        long before = settledHeapUsed();
        Object built;
        long estimate;
        switch (index) {
            case "keydir" -> {
                Keydir keydir = new Keydir();
                fill(n, keydir::put);
                built = keydir;
                estimate = keydir.memoryBytes();
            }
            case "treemap" -> {
                TreeMap<byte[], Position> treeMap = new TreeMap<>(Arrays::compareUnsigned);
                fill(n, treeMap::put);
                built = treeMap;
                estimate = 0;
            }
            default -> throw new IllegalArgumentException("index is keydir or treemap, not " + index);
        }
        long after = settledHeapUsed();
        Reference.reachabilityFence(built);
        System.out.println((after - before) + " " + estimate);
    }

    /** How an index takes a key and its position. */
    private interface Put {
        void put(byte[] key, Position position);
    }

    /** Puts {@code n} random keys, each with the position of the next record of a log. */
    private static void fill(int n, Put index) {
        SplittableRandom random = new SplittableRandom(SEED);
        long segment = 1;
        long offset = 0;
        for (int i = 0; i < n; i++) {
            if (offset + RECORD_BYTES > SEGMENT_BYTES) {
                segment++;
                offset = 0;
            }
            index.put(Dataset.randomBytes(random, KEY_BYTES), new Position(segment, offset, RECORD_BYTES));
            offset += RECORD_BYTES;
        }
    }

    private static double perKey(long bytes, int n) {
        return (double) bytes / n - KEY_BYTES;
    }

    /** The heap in use after full collections, once two in a row agree. */
    private static long settledHeapUsed() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = -1;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = memory.getHeapMemoryUsage().getUsed();
            if (used == previous) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
