package dev.fromzero.bench;

import java.util.List;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Runs {@link LogAppendBenchmark} and prints, after JMH's own output, one markdown table that
 * sets the log beside the plain-write baseline for every record size and mode:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.fromzero.bench.RatioReport
 * </pre>
 *
 * <p>Why not one JMH run of everything: JMH runs benchmarks one after another, so the log's
 * figures and the baseline's would be a minute or more apart, and on a shared machine the disk
 * and the CPU are not the same machine a minute later. Here each case runs log and baseline
 * back to back, twice, in the order A B B A, so that a slow spell weighs on both sides alike.
 * Each side's score pools the measured iterations of its two runs.
 *
 * <p>The settings suit a small shared machine (two cores): per run one fork, two 2 s warmup
 * iterations and three 2 s measured ones; three to five minutes in all. For other
 * settings, run the benchmark through JMH's own command line
 * ({@code java -jar bench/target/benchmarks.jar LogAppend ...}).
 *
 * <p>Errors are 99.9% confidence half-widths, as JMH prints them. The ratio's error combines the
 * two sides' relative errors in quadrature: read it as a rough width, not a bound.
 */
public final class RatioReport {

    private static final List<Case> CASES = List.of(
            new Case(100, "none"), new Case(100, "sync/100"), new Case(4096, "none"), new Case(4096, "sync/100"));

    private RatioReport() {
    }

    /** One combination of the benchmark's parameters. */
    private record Case(int recordBytes, String mode) {
    }

    public static void main(String[] args) throws RunnerException {
        StringBuilder table = new StringBuilder("""
                | record size | mode | log (records/s) | plain write (records/s) | log / plain |
                |---:|---|---:|---:|---:|
                """);
        for (Case c : CASES) {
            ListStatistics log = new ListStatistics();
            ListStatistics plain = new ListStatistics();
            measure(c, "log", log);
            measure(c, "plainWrite", plain);
            measure(c, "plainWrite", plain);
            measure(c, "log", log);
            table.append(row(c, log, plain));
        }
        System.out.println();
        System.out.print(table);
    }

    /** Runs one benchmark method for one case and adds its measured iterations' scores to {@code scores}. */
    private static void measure(Case c, String method, ListStatistics scores) throws RunnerException {
        Options options = new OptionsBuilder()
                .include(Pattern.quote(LogAppendBenchmark.class.getName() + "." + method) + "$")
                .param("recordBytes", String.valueOf(c.recordBytes()))
                .param("mode", c.mode())
                .forks(1)
                .warmupIterations(2)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(3)
                .measurementTime(TimeValue.seconds(2))
                .build();
        for (RunResult run : new Runner(options).run()) {
            for (IterationResult iteration : run.getAggregatedResult().getIterationResults()) {
                scores.addValue(iteration.getPrimaryResult().getScore());
            }
        }
    }

    private static String row(Case c, ListStatistics log, ListStatistics plain) {
        double ratio = log.getMean() / plain.getMean();
        double ratioError = ratio * Math.hypot(relativeError(log), relativeError(plain));
        return String.format("| %d B | %s | %s | %s | %.2f ± %.2f |%n",
                c.recordBytes(), c.mode(), score(log), score(plain), ratio, ratioError);
    }

    private static double relativeError(ListStatistics scores) {
        return scores.getMeanErrorAt(0.999) / scores.getMean();
    }

    private static String score(ListStatistics scores) {
        return String.format("%,.0f ± %,.0f", scores.getMean(), scores.getMeanErrorAt(0.999));
    }
}
