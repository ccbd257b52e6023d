package dev.fromzero.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Chapter 2: how fast a store takes puts, next to RocksDB and H2's MVStore on the same data in the
 * same run ({@link RatioReport} prints the ratios). The store configurations, defaults all but
 * ours' {@code Durability.never()} and RocksDB's {@code create_if_missing}, are in {@link Engine}:
 * in short, no side syncs a put, RocksDB writes its write-ahead log on every put (to the page
 * cache), H2 writes in a background thread.
 *
 * <p>One iteration loads the {@link Dataset}'s million random keys, each with a 100-byte value,
 * into an empty store, one put at a time, from one thread: RocksDB's {@code db_bench} calls this
 * {@code fillrandom}. Opening the empty store and closing it afterwards are not timed, so a
 * store's work left for later (RocksDB's memtable flushes, H2's page writes) runs in its own
 * threads, on the machine's other core, as it would in a server. JMH reports nanoseconds per put
 * (single-shot mode: each iteration is one timed load); {@link RatioReport} turns them into puts
 * per second.
 *
 * <p>One load warms up and four are measured: a load is a million puts, and compilation is over
 * long before the first ends. {@link RatioReport} runs each store twice, so eight loads are
 * measured per store (with four, the 99.9% interval of a ratio was about as wide as the ratio). A load takes seconds, H2's the longest by far (its puts slow down as the
 * map grows). Each store's files go to a fresh directory under {@code java.io.tmpdir} (choose the
 * disk with {@code -Djava.io.tmpdir=...}), deleted after each load. The heap is fixed and
 * touched at startup, as in {@link LogAppendBenchmark}.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar StorePutBenchmark             # all three stores
 * java -jar bench/target/benchmarks.jar StorePutBenchmark -p store=h2 # one
 * </pre>
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 1)
@Measurement(iterations = 4)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StorePutBenchmark {

    @Param({"fromzero", "rocksdb", "h2"})
    public String store;

    private Dataset data;
    private Path trialDir;
    private Path iterationDir;
    private Engine engine;

    @Setup(Level.Trial)
    public void makeData() throws IOException {
        data = Dataset.generate();
        trialDir = Files.createTempDirectory("fromzero-bench-");
    }

    @Setup(Level.Iteration)
    public void openEmptyStore() throws IOException {
        iterationDir = Files.createTempDirectory(trialDir, "iteration-");
        engine = Engine.open(store, iterationDir);
    }

    @Benchmark
    @OperationsPerInvocation(Dataset.KEYS)
    public void fillRandom() {
        for (int i = 0; i < Dataset.KEYS; i++) {
            engine.put(data.key(i), data.value(i));
        }
    }

    /** Checks a sample of the load, so that a store that drops puts cannot post a fast time. */
    @TearDown(Level.Iteration)
    public void checkAndDelete() throws IOException {
        try {
            for (int i = 0; i < Dataset.KEYS; i += 997) {
                if (!Arrays.equals(engine.get(data.key(i)), data.value(i))) {
                    throw new IllegalStateException(store + " lost the value of key number " + i + " of the load");
                }
            }
        } finally {
            engine.close();
            TempDirs.deleteTree(iterationDir);
        }
    }

    @TearDown(Level.Trial)
    public void deleteTrialDir() throws IOException {
        TempDirs.deleteTree(trialDir);
    }
}
