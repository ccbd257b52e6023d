package dev.fromzero.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Chapter 4's replicated KV service against etcd, in the same run: write throughput and p50/p99
 * latency of puts, per value size and number of concurrent clients.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.fromzero.bench.RaftReport
 * java -cp bench/target/benchmarks.jar dev.fromzero.bench.RaftReport --sizes 100 --clients 8 --warmup 2 --measure 5
 * java -cp bench/target/benchmarks.jar dev.fromzero.bench.RaftReport --only etcd   # one side, no ratios
 * </pre>
 *
 * <p>Both sides are three nodes on 127.0.0.1 that sync their log before acknowledging, each node
 * with its own data directory in one scratch directory (deleted afterwards): ours from
 * {@link FromzeroCluster}, etcd from {@link EtcdCluster} (Debian's {@code etcd-server}; without
 * {@code etcd} on the PATH the report says so and exits 0). Both clusters start once and serve
 * every case; the load is {@link WriteLoad}'s, closed-loop, the same code against both.
 *
 * <p>Each case runs each side twice in mirrored order (ours, etcd, etcd, ours), so that a slow
 * spell of a shared machine weighs on both alike; a side's figures pool its two runs (puts over
 * time summed; percentiles over every latency of both). Each run warms up for {@code --warmup}
 * seconds (default 3) and measures {@code --measure} seconds (default 10): the default matrix,
 * 2 sizes by 3 concurrencies, takes about 6 minutes. The load average before and after is
 * printed with the table, because other work on the machine moves the figures.
 */
public final class RaftReport {

    private RaftReport() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path scratch = Files.createTempDirectory("fromzero-raft-report");
        List<KvTarget> targets = new ArrayList<>();
        try {
            for (String name : options.only().isEmpty() ? List.of("fromzero", "etcd") : options.only()) {
                KvTarget target = start(name, scratch.resolve(name));
                if (target == null) {
                    System.out.println("skipped: etcd is not on the PATH (Debian and Ubuntu: apt-get install etcd-server)");
                    return;
                }
                targets.add(target);
            }
            for (KvTarget target : targets) {
                System.out.println(target.name() + ": " + target.describe());
            }
            String loadBefore = Load.average();
            StringBuilder table = new StringBuilder(header(targets));
            for (int size : options.sizes()) {
                for (int clients : options.clients()) {
                    table.append(row(targets, size, clients, options));
                }
            }
            table.append(String.format("%nwarm-up %d s, measured %d s per run, each side run twice (mirrored order);"
                    + " load average before: %s, after: %s%n", options.warmup().toSeconds(), options.measure().toSeconds(),
                    loadBefore, Load.average()));
            System.out.print(table);
        } finally {
            for (KvTarget target : targets) {
                target.close();
            }
            TempDirs.deleteTree(scratch);
        }
    }

    private static KvTarget start(String name, Path dir) throws Exception {
        Files.createDirectories(dir);
        return switch (name) {
            case "fromzero" -> FromzeroCluster.start(dir);
            case "etcd" -> EtcdCluster.startOrNull(dir);
            default -> throw new IllegalArgumentException("a target is fromzero or etcd, not " + name);
        };
    }

    private static String header(List<KvTarget> targets) {
        StringBuilder names = new StringBuilder("%n| value | clients |");
        StringBuilder rule = new StringBuilder("|---:|---:|");
        for (KvTarget target : targets) {
            names.append(String.format(" %1$s puts/s | %1$s p50 | %1$s p99 |", target.name()));
            rule.append("---:|---:|---:|");
        }
        if (targets.size() == 2) {
            names.append(String.format(" throughput %1$s / %2$s | p99 %1$s / %2$s |", targets.get(0).name(), targets.get(1).name()));
            rule.append("---:|---:|");
        }
        return String.format(names + "%n" + rule + "%n");
    }

    private static String row(List<KvTarget> targets, int size, int clients, Options options) throws Exception {
        List<KvTarget> order = new ArrayList<>(targets);
        for (int i = targets.size() - 1; i >= 0; i--) {
            order.add(targets.get(i));
        }
        Map<KvTarget, WriteLoad.Result> pooled = new LinkedHashMap<>();
        Map<KvTarget, List<String>> runs = new LinkedHashMap<>();
        for (KvTarget target : order) {
            WriteLoad.Result result = WriteLoad.run(target, clients, size, options.warmup(), options.measure());
            System.out.printf("%s, %d B, %d clients: %,.0f puts/s, p50 %s, p99 %s%n", target.name(), size, clients,
                    result.putsPerSecond(), millis(result.percentileNanos(0.50)), millis(result.percentileNanos(0.99)));
            pooled.merge(target, result, WriteLoad.Result::pool);
            runs.computeIfAbsent(target, t -> new ArrayList<>()).add(String.format("%,.0f", result.putsPerSecond()));
        }
        StringBuilder row = new StringBuilder(String.format("| %d B | %d |", size, clients));
        for (KvTarget target : targets) {
            WriteLoad.Result r = pooled.get(target);
            row.append(String.format(" %,.0f (%s) | %s | %s |", r.putsPerSecond(), String.join(", ", runs.get(target)),
                    millis(r.percentileNanos(0.50)), millis(r.percentileNanos(0.99))));
        }
        if (targets.size() == 2) {
            WriteLoad.Result a = pooled.get(targets.get(0));
            WriteLoad.Result b = pooled.get(targets.get(1));
            row.append(String.format(" %.2f | %.2f |", a.putsPerSecond() / b.putsPerSecond(),
                    (double) a.percentileNanos(0.99) / b.percentileNanos(0.99)));
        }
        return row.append(System.lineSeparator()).toString();
    }

    private static String millis(long nanos) {
        return String.format("%.2f ms", nanos / 1e6);
    }

    /** The command line: which sides, value sizes, client counts, and seconds per run. */
    private record Options(List<String> only, List<Integer> sizes, List<Integer> clients, Duration warmup, Duration measure) {
        static Options parse(String[] args) {
            List<String> only = List.of();
            List<Integer> sizes = List.of(100, 1024);
            List<Integer> clients = List.of(1, 8, 32);
            Duration warmup = Duration.ofSeconds(3);
            Duration measure = Duration.ofSeconds(10);
            for (int i = 0; i < args.length; i++) {
                if (i + 1 == args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String value = args[++i];
                switch (args[i - 1]) {
                    case "--only" -> only = List.of(value.split(","));
                    case "--sizes" -> sizes = ints(value);
                    case "--clients" -> clients = ints(value);
                    case "--warmup" -> warmup = Duration.ofSeconds(Long.parseLong(value));
                    case "--measure" -> measure = Duration.ofSeconds(Long.parseLong(value));
                    default -> throw new IllegalArgumentException("unknown option " + args[i - 1]
                            + "; the options are --only, --sizes, --clients, --warmup, --measure");
                }
            }
            return new Options(only, sizes, clients, warmup, measure);
        }

        private static List<Integer> ints(String commaSeparated) {
            return List.of(commaSeparated.split(",")).stream().map(Integer::valueOf).toList();
        }
    }
}
