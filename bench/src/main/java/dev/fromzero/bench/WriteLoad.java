package dev.fromzero.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A closed-loop write load, as etcd's own {@code benchmark put} runs it: {@code clients} threads,
 * each putting a value and waiting for the acknowledgment before it sends the next. Keys cycle
 * through 1,000 per client ({@code bench/<client>/<n>}), so the key space stays small and every
 * put after the first round overwrites; values are random lowercase letters (our client takes
 * strings; etcd gets the same bytes) of a fixed size.
 *
 * <p>A run first warms up (the JIT, the connections, the services' caches) and then measures:
 * throughput is the puts that completed inside the measured window divided by its length, and
 * the latencies are those of the same puts, from just before the call to its return. Every
 * latency is kept and sorted, so percentiles are exact (a few hundred thousand longs at most).
 * A put that fails fails the run: a figure with errors in it is not a figure.
 */
final class WriteLoad {

    private static final int KEYS_PER_CLIENT = 1_000;

    private WriteLoad() {
    }

    /** One measured run, or several pooled: the sorted latencies of every measured put, and the time measured. */
    record Result(long[] sortedLatencies, double seconds) {
        long puts() {
            return sortedLatencies.length;
        }

        double putsPerSecond() {
            return puts() / seconds;
        }

        long percentileNanos(double fraction) {
            return percentile(sortedLatencies, fraction);
        }

        /** This run and {@code other} as one: their puts over their summed time. */
        Result pool(Result other) {
            long[] both = Arrays.copyOf(sortedLatencies, sortedLatencies.length + other.sortedLatencies.length);
            System.arraycopy(other.sortedLatencies, 0, both, sortedLatencies.length, other.sortedLatencies.length);
            Arrays.sort(both);
            return new Result(both, seconds + other.seconds);
        }
    }

    static Result run(KvTarget target, int clients, int valueBytes, Duration warmup, Duration measure) throws Exception {
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long measureTo = measureFrom + measure.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                futures.add(pool.submit(client(target, c, valueBytes, measureFrom, measureTo)));
            }
            List<long[]> perClient = new ArrayList<>();
            for (Future<long[]> f : futures) {
                try {
                    perClient.add(f.get());
                } catch (ExecutionException e) {
                    throw new IllegalStateException(target.name() + " failed under " + clients + " clients with "
                            + valueBytes + " B values: " + e.getCause().getMessage(), e.getCause());
                }
            }
            long[] all = perClient.stream().flatMapToLong(Arrays::stream).toArray();
            if (all.length == 0) {
                throw new IllegalStateException(target.name() + " completed no put in the measured " + measure);
            }
            Arrays.sort(all);
            return new Result(all, measure.toNanos() / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One client's loop: the latencies of its puts that completed inside the measured window. */
    private static Callable<long[]> client(KvTarget target, int id, int valueBytes, long measureFrom, long measureTo) {
        return () -> {
            byte[][] keys = new byte[KEYS_PER_CLIENT][];
            for (int i = 0; i < KEYS_PER_CLIENT; i++) {
                keys[i] = ("bench/" + id + "/" + i).getBytes(StandardCharsets.UTF_8);
            }
            byte[] value = new byte[valueBytes];
            SplittableRandom random = new SplittableRandom(id);
            for (int i = 0; i < valueBytes; i++) {
                value[i] = (byte) ('a' + random.nextInt(26));
            }
            long[] latencies = new long[1 << 12];
            int count = 0;
            try (KvTarget.Writer writer = target.writer()) {
                for (int i = 0; ; i++) {
                    long before = System.nanoTime();
                    if (before >= measureTo) {
                        break;
                    }
                    writer.put(keys[i % KEYS_PER_CLIENT], value);
                    long after = System.nanoTime();
                    if (after >= measureFrom && after < measureTo) {
                        if (count == latencies.length) {
                            latencies = Arrays.copyOf(latencies, count * 2);
                        }
                        latencies[count++] = after - before;
                    }
                }
            }
            return Arrays.copyOf(latencies, count);
        };
    }

    /** The nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double fraction) {
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
