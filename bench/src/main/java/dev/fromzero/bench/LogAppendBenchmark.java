package dev.fromzero.bench;

import dev.fromzero.kv.log.Log;
import dev.fromzero.kv.log.LogOptions;
import dev.fromzero.kv.log.LogRecord;
import dev.fromzero.kv.log.RecordCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Chapter 1: how fast the log appends records, next to the fastest the same bytes reach the same
 * disk through bare {@code FileChannel} writes ({@link PlainSegments}), measured in the same run.
 * {@link RatioReport} runs it and prints {@code log / plain} for every case.
 *
 * <p>One operation is one record. An invocation appends {@value #BATCH} records one at a time
 * and, in mode {@code sync/100}, then forces them to the disk once; in mode {@code none} it
 * never syncs (though both sides force a full 64 MiB file on the way to the next).
 *
 * <p>Records have a 16-byte key and a value sized so that the record takes exactly
 * {@code recordBytes} on disk: 100 B is a 73-byte value, 4096 B a 4,068-byte value. The same
 * record is appended again and again: the log does not look at keys, and building records is
 * the caller's cost, not the log's.
 *
 * <p>Files go to a fresh directory under {@code java.io.tmpdir}: choose the disk with
 * {@code -Djava.io.tmpdir=...} on {@link RatioReport}'s command line (JMH passes it on to the
 * forks) or {@code -jvmArgs -Djava.io.tmpdir=...} on JMH's. Each iteration starts an empty log and
 * an empty plain file there and deletes them when it ends, so every iteration starts alike and
 * the disk holds one iteration's output at most. Since both sides force every 64 MiB, that is at
 * most the disk's write bandwidth times the iteration time: under 1 GB for 2 s on a 450 MB/s disk.
 *
 * <p>The heap is fixed and touched at startup. The log allocates each record's bytes anew (the
 * baseline does not), and a growing heap makes the kernel fault in fresh pages under those
 * allocations: in a short run that cost, which a long-running server pays once, took about
 * 15% of the log's running time.
 */
@State(Scope.Thread)
@Fork(jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LogAppendBenchmark {

    /** Records per invocation, and so per sync in mode {@code sync/100}. */
    static final int BATCH = 100;
    private static final int KEY_BYTES = 16;

    @Param({"100", "4096"})
    public int recordBytes;

    @Param({"none", "sync/100"})
    public String mode;

    private Path trialDir;
    private Path iterationDir;
    private LogRecord record;
    private ByteBuffer encoded;
    private boolean sync;
    private Log log;
    private PlainSegments plain;

    @Setup(Level.Trial)
    public void makeRecord() throws IOException {
        sync = switch (mode) {
            case "none" -> false;
            case "sync/100" -> true;
            default -> throw new IllegalArgumentException("mode is none or sync/100, not " + mode);
        };
        Random random = new Random(recordBytes);
        record = LogRecord.put(randomBytes(random, KEY_BYTES), randomBytes(random, valueBytes(recordBytes)));
        encoded = ByteBuffer.wrap(RecordCodec.encode(record, false));
        trialDir = Files.createTempDirectory("fromzero-bench-");
    }

    /** Both sides get fresh files, though a benchmark uses one: an empty file costs nothing. */
    @Setup(Level.Iteration)
    public void openFiles() throws IOException {
        iterationDir = Files.createTempDirectory(trialDir, "iteration-");
        log = Log.open(iterationDir.resolve("log"), LogOptions.defaults());
        Path plainDir = Files.createDirectory(iterationDir.resolve("plain"));
        plain = new PlainSegments(plainDir, LogOptions.DEFAULT_MAX_SEGMENT_BYTES);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void log(Blackhole positions) {
        for (int i = 0; i < BATCH; i++) {
            positions.consume(log.append(record));
        }
        if (sync) {
            log.sync();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void plainWrite() throws IOException {
        for (int i = 0; i < BATCH; i++) {
            plain.write(encoded);
        }
        if (sync) {
            plain.sync();
        }
    }

    @TearDown(Level.Iteration)
    public void deleteFiles() throws IOException {
        log.close();
        plain.close();
        TempDirs.deleteTree(iterationDir);
    }

    @TearDown(Level.Trial)
    public void deleteTrialDir() throws IOException {
        TempDirs.deleteTree(trialDir);
    }

    /** The value length that makes a put with a {@value #KEY_BYTES}-byte key encode to {@code recordBytes}. */
    static int valueBytes(int recordBytes) {
        byte[] key = new byte[KEY_BYTES];
        for (int value = recordBytes - KEY_BYTES; value >= 0; value--) {
            int size = RecordCodec.encodedSize(LogRecord.put(key, new byte[value]));
            if (size == recordBytes) {
                return value;
            }
            if (size < recordBytes) {
                break;
            }
        }
        throw new IllegalArgumentException("no put with a " + KEY_BYTES + "-byte key encodes to exactly "
                + recordBytes + " bytes; pick another recordBytes");
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
