package dev.fromzero.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Runs the benchmarks of the chapters named on the command line (every chapter when none is) and
 * prints, after JMH's own output, one markdown table per chapter that sets the reference beside
 * its peers:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.fromzero.bench.RatioReport            # every chapter
 * java -cp bench/target/benchmarks.jar dev.fromzero.bench.RatioReport chapter02  # one
 * </pre>
 *
 * <ul>
 *   <li>{@code chapter01}: {@link LogAppendBenchmark}, the log against plain {@code FileChannel}
 *       writes of the same bytes, per record size and sync mode. Three to five minutes.
 *   <li>{@code chapter02}: {@link StorePutBenchmark} and {@link StoreGetBenchmark}, the store
 *       against RocksDB and H2's MVStore, puts and random gets per second. H2 takes longest;
 *       the whole took half an hour on the course's 2-core machine while three builds ran beside
 *       it. (The keydir's memory per key is measured apart, by {@link KeydirMemory}, which runs
 *       JVMs of its own.)
 *   <li>{@code chapter05}: {@link SqlInsertBenchmark} and {@link SqlQueryBenchmark}, the SQL
 *       engine through JDBC against H2 and SQLite on disk: 100k inserts in transactions of 1,000,
 *       primary-key point select, index range select, a join of two 10k-row tables, GROUP BY over
 *       100k rows. About 20 minutes on the course's 2-core machine under heavy load.
 * </ul>
 *
 * <p>Chapter 4's replicated service against etcd is measured apart, by {@link RaftReport}: it
 * starts two clusters of processes and drives them with a load generator of its own.
 *
 * <p>Chapter 3's startup time, open from hint files against a scan of the same data files, is
 * measured apart too, by {@link OpenTime}: it times whole opens, not a JMH benchmark method.
 *
 * <p>Why not one JMH run of everything: JMH runs benchmarks one after another, so our figures and
 * the peer's would be a minute or more apart, and on a shared machine the disk and the CPU are
 * not the same machine a minute later. Here each case runs every side twice, in mirrored order
 * (A B B A; with three stores A B C C B A), so that a slow spell weighs on every side alike.
 * Each side's score pools the measured iterations of its two runs. Each run is one fork with
 * few, short iterations (chapter 1: 2 + 3 of 2 s; chapter 2: the settings annotated on each
 * benchmark class), which suits a small shared machine: doubling the runs costs less noise than
 * lengthening one. For other settings, run a benchmark through JMH's own command line
 * ({@code java -jar bench/target/benchmarks.jar StoreGet ...}).
 *
 * <p>Errors are 99.9% confidence half-widths, as JMH prints them. A ratio's error combines the
 * two sides' relative errors in quadrature: read it as a rough width, not a bound.
 */
public final class RatioReport {

    private static final List<String> CHAPTERS = List.of("chapter01", "chapter02", "chapter05");

    private RatioReport() {
    }

    public static void main(String[] args) throws RunnerException {
        List<String> chapters = args.length == 0 ? CHAPTERS : List.of(args);
        for (String chapter : chapters) {
            if (!CHAPTERS.contains(chapter)) {
                System.err.println("unknown chapter " + chapter + "; the chapters with benchmarks are " + CHAPTERS);
                System.exit(2);
            }
        }
        StringBuilder tables = new StringBuilder();
        for (String chapter : chapters) {
            tables.append(System.lineSeparator()).append(switch (chapter) {
                case "chapter01" -> logAppendTable();
                case "chapter02" -> storeTable();
                case "chapter05" -> sqlTable();
                default -> throw new AssertionError(chapter);
            });
        }
        System.out.print(tables);
    }

    /** Chapter 1: the log beside bare {@code FileChannel} writes, for every record size and mode. */
    private static String logAppendTable() throws RunnerException {
        StringBuilder table = new StringBuilder("""
                | record size | mode | log (records/s) | plain write (records/s) | log / plain |
                |---:|---|---:|---:|---:|
                """);
        for (int recordBytes : new int[] {100, 4096}) {
            for (String mode : new String[] {"none", "sync/100"}) {
                Map<String, ListStatistics> scores = new LinkedHashMap<>();
                for (String method : List.of("log", "plainWrite", "plainWrite", "log")) {
                    ChainedOptionsBuilder options = options(LogAppendBenchmark.class, method)
                            .param("recordBytes", String.valueOf(recordBytes))
                            .param("mode", mode)
                            .forks(1)
                            .warmupIterations(2)
                            .warmupTime(TimeValue.seconds(2))
                            .measurementIterations(3)
                            .measurementTime(TimeValue.seconds(2));
                    measure(options, DoubleUnaryOperator.identity(), side(scores, method));
                }
                ListStatistics log = scores.get("log");
                ListStatistics plain = scores.get("plainWrite");
                table.append(String.format("| %d B | %s | %s | %s | %s |%n",
                        recordBytes, mode, score(log), score(plain), ratio(log, plain)));
            }
        }
        return table.toString();
    }

    /**
     * Chapter 2: the store beside RocksDB and H2, for puts (a load of a million random keys into an
     * empty store) and random gets (of a million keys, in the page cache).
     */
    private static String storeTable() throws RunnerException {
        StringBuilder table = new StringBuilder("""
                | operation | fromzero (ops/s) | RocksDB (ops/s) | H2 MVStore (ops/s) | fromzero / RocksDB | fromzero / H2 |
                |---|---:|---:|---:|---:|---:|
                """);
        // The put benchmark reports nanoseconds per put: one iteration is one timed load.
        DoubleUnaryOperator perSecond = nanos -> 1e9 / nanos;
        table.append(storeRow("put, no sync (fillrandom)", StorePutBenchmark.class, "fillRandom", perSecond));
        DoubleUnaryOperator asIs = DoubleUnaryOperator.identity();
        table.append(storeRow("get, random key (readrandom)", StoreGetBenchmark.class, "getRandom", asIs));
        return table.toString();
    }

    private static String storeRow(String operation, Class<?> benchmark, String method,
            DoubleUnaryOperator toOpsPerSecond) throws RunnerException {
        Map<String, ListStatistics> scores = new LinkedHashMap<>();
        List<String> order = List.of("fromzero", "rocksdb", "h2", "h2", "rocksdb", "fromzero");
        for (String store : order) {
            ChainedOptionsBuilder options = options(benchmark, method).param("store", store);
            measure(options, toOpsPerSecond, side(scores, store));
        }
        ListStatistics ours = scores.get("fromzero");
        ListStatistics rocksdb = scores.get("rocksdb");
        ListStatistics h2 = scores.get("h2");
        return String.format("| %s | %s | %s | %s | %s | %s |%n", operation,
                score(ours), score(rocksdb), score(h2), ratio(ours, rocksdb), ratio(ours, h2));
    }

    /**
     * Chapter 5: the SQL engine beside H2 and SQLite, each through JDBC on a database on disk;
     * inserts as rows per second, queries as queries per second.
     */
    private static String sqlTable() throws RunnerException {
        StringBuilder table = new StringBuilder("""
                | workload | fromzero | H2 | SQLite | fromzero / H2 | fromzero / SQLite |
                |---|---:|---:|---:|---:|---:|
                """);
        // The insert benchmark reports milliseconds per load of 100,000 rows.
        DoubleUnaryOperator rowsPerSecond = millis -> SqlEngine.ITEMS * 1e3 / millis;
        table.append(sqlRow("insert 100k rows, 1,000 per transaction (rows/s)", SqlInsertBenchmark.class, "insert100k",
                rowsPerSecond));
        table.append(sqlRow("insert 100k rows, 1,000-row INSERTs in auto-commit (rows/s)", SqlInsertBenchmark.class,
                "insert100kMultiRow", rowsPerSecond));
        DoubleUnaryOperator asIs = DoubleUnaryOperator.identity();
        table.append(sqlRow("primary-key point select (queries/s)", SqlQueryBenchmark.class, "pointSelect", asIs));
        table.append(sqlRow("index range select, 100 rows (queries/s)", SqlQueryBenchmark.class, "rangeSelect", asIs));
        table.append(sqlRow("join of two 10k-row tables on an indexed column (queries/s)", SqlQueryBenchmark.class, "join",
                asIs));
        table.append(sqlRow("GROUP BY with COUNT and SUM over 100k rows (queries/s)", SqlQueryBenchmark.class, "groupBy",
                asIs));
        return table.toString();
    }

    private static String sqlRow(String workload, Class<?> benchmark, String method, DoubleUnaryOperator toPerSecond)
            throws RunnerException {
        Map<String, ListStatistics> scores = new LinkedHashMap<>();
        for (String engine : List.of("fromzero", "h2", "sqlite", "sqlite", "h2", "fromzero")) {
            measure(options(benchmark, method).param("engine", engine), toPerSecond, side(scores, engine));
        }
        ListStatistics ours = scores.get("fromzero");
        ListStatistics h2 = scores.get("h2");
        ListStatistics sqlite = scores.get("sqlite");
        return String.format("| %s | %s | %s | %s | %s | %s |%n", workload,
                score(ours), score(h2), score(sqlite), ratio(ours, h2), ratio(ours, sqlite));
    }

    private static ChainedOptionsBuilder options(Class<?> benchmark, String method) {
        return new OptionsBuilder().include(Pattern.quote(benchmark.getName() + "." + method) + "$");
    }

    /** The pooled scores of one side of a comparison. */
    private static ListStatistics side(Map<String, ListStatistics> scores, String name) {
        return scores.computeIfAbsent(name, n -> new ListStatistics());
    }

    /** Runs one benchmark and adds its measured iterations' scores, converted, to {@code scores}. */
    private static void measure(ChainedOptionsBuilder options, DoubleUnaryOperator convert, ListStatistics scores)
            throws RunnerException {
        for (RunResult run : new Runner(options.build()).run()) {
            for (IterationResult iteration : run.getAggregatedResult().getIterationResults()) {
                scores.addValue(convert.applyAsDouble(iteration.getPrimaryResult().getScore()));
            }
        }
    }

    private static String ratio(ListStatistics ours, ListStatistics theirs) {
        if (ours.getN() == 0 || theirs.getN() == 0) {
            return "n/a";
        }
        double ratio = ours.getMean() / theirs.getMean();
        double error = ratio * Math.hypot(relativeError(ours), relativeError(theirs));
        return String.format("%.2f ± %.2f", ratio, error);
    }

    private static double relativeError(ListStatistics scores) {
        return scores.getMeanErrorAt(0.999) / scores.getMean();
    }

    private static String score(ListStatistics scores) {
        if (scores.getN() == 0) {
            return "failed (JMH's output above says why)";
        }
        // Slow queries (a join, a GROUP BY) run a few times a second: keep their decimals.
        String format = scores.getMean() < 100 ? "%.2f ± %.2f" : "%,.0f ± %,.0f";
        return String.format(format, scores.getMean(), scores.getMeanErrorAt(0.999));
    }
}
