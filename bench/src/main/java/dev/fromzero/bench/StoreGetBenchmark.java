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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Chapter 2: how fast a store answers gets of random keys, next to RocksDB and H2's MVStore on
 * the same data in the same run ({@link RatioReport} prints the ratios). Store configurations
 * (defaults, but ours' {@code Durability.never()} and RocksDB's {@code create_if_missing}) are in
 * {@link Engine}.
 *
 * <p>Before measuring, each store is loaded with the {@link Dataset}'s million keys (16-byte keys,
 * 100-byte values, about 116 MB) and then settled ({@link Engine#settle()}: written out, synced,
 * RocksDB flushed and compacted). The files stay in the operating system's page cache, so a get
 * costs the store's index lookup, a read from the page cache and a copy, not the disk: RocksDB's
 * {@code db_bench} calls this {@code readrandom} with a warm cache. Every get finds its key; keys
 * are drawn uniformly with a xorshift generator, the same sequence for every store, from one
 * thread. The setup checks a sample of keys, so a store that loses data cannot post a fast time.
 *
 * <p>Two 3 s iterations warm up, three are measured: a get takes microseconds, so 6 s is hundreds
 * of thousands of calls even on a busy machine, well past compilation. {@link RatioReport} runs
 * each store twice and pools the runs. The heap is fixed and touched at startup, as in {@link LogAppendBenchmark}.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar StoreGetBenchmark             # all three stores
 * java -jar bench/target/benchmarks.jar StoreGetBenchmark -p store=h2 # one
 * </pre>
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StoreGetBenchmark {

    @Param({"fromzero", "rocksdb", "h2"})
    public String store;

    private Dataset data;
    private Path dir;
    private Engine engine;
    private long random = 0x9E3779B97F4A7C15L;

    @Setup(Level.Trial)
    public void loadStore() throws IOException {
        data = Dataset.generate();
        dir = Files.createTempDirectory("fromzero-bench-");
        engine = Engine.open(store, dir);
        for (int i = 0; i < Dataset.KEYS; i++) {
            engine.put(data.key(i), data.value(i));
        }
        engine.settle();
        for (int i = 0; i < Dataset.KEYS; i += 997) {
            if (!Arrays.equals(engine.get(data.key(i)), data.value(i))) {
                throw new IllegalStateException(store + " lost the value of key number " + i + " of the load");
            }
        }
    }

    @Benchmark
    public byte[] getRandom() {
        return engine.get(data.key(nextIndex()));
    }

    /** A uniform index below {@link Dataset#KEYS}: xorshift64, then a multiply-shift in place of {@code %}. */
    private int nextIndex() {
        random ^= random << 13;
        random ^= random >>> 7;
        random ^= random << 17;
        return (int) (((random >>> 32) * Dataset.KEYS) >>> 32);
    }

    @TearDown(Level.Trial)
    public void closeAndDelete() throws IOException {
        engine.close();
        TempDirs.deleteTree(dir);
    }
}
