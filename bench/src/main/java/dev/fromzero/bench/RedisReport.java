package dev.fromzero.bench;

import dev.fromzero.kv.resp.RespServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chapter 3's server against Redis itself, with Redis's own load generator:
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.fromzero.bench.RedisReport
 * </pre>
 *
 * <p>Starts {@code redis-server} with an append-only file synced every second
 * ({@code --appendonly yes --appendfsync everysec --save ''}) and our {@link RespServer} in a
 * child JVM with {@code --sync everysec}, the same promise, each over a fresh directory, and runs
 * {@code redis-benchmark -t set,get -n 200000 -P 16 -q} against each: 50 clients, each keeping
 * 16 requests in flight. First one unmeasured run against each (our JVM compiles its hot code
 * then; Redis has nothing to warm), then measured runs in mirrored order (ours, Redis, Redis,
 * ours), so that a slow spell of a shared machine weighs on both alike; each side's figure is
 * the mean of its two runs. Prints a markdown table with the ratios, and the load average before
 * and after, since other work on the machine moves the figures.
 *
 * <p>Needs {@code redis-server} and {@code redis-benchmark} on the PATH (Debian: {@code apt
 * install redis-server redis-tools}); without them it says so and exits 0.
 */
public final class RedisReport {

    private static final List<String> LOAD = List.of("-t", "set,get", "-n", "200000", "-P", "16", "-q");
    private static final Pattern RESULT = Pattern.compile("(SET|GET): ([0-9.]+) requests per second");

    private RedisReport() {
    }

    public static void main(String[] args) throws Exception {
        for (String binary : List.of("redis-server", "redis-benchmark")) {
            if (!installed(binary)) {
                System.out.println("skipped: " + binary + " is not on the PATH (Debian and Ubuntu: apt install redis-server"
                        + " redis-tools; macOS: brew install redis)");
                return;
            }
        }
        Path scratch = Files.createTempDirectory("fromzero-redis-report");
        List<Process> servers = new ArrayList<>();
        try {
            String loadBefore = loadAverage();
            int redisPort = freePort();
            Files.createDirectories(scratch.resolve("redis"));
            servers.add(start(List.of("redis-server", "--port", String.valueOf(redisPort), "--bind", "127.0.0.1",
                    "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--dir", scratch.resolve("redis").toString()),
                    scratch.resolve("redis.log")));
            int oursPort = freePort();
            servers.add(start(Jvm.command(List.of(), RespServer.class,
                    "--dir", scratch.resolve("fromzero").toString(), "--port", String.valueOf(oursPort), "--sync", "everysec"),
                    scratch.resolve("fromzero.log")));
            awaitListening(redisPort);
            awaitListening(oursPort);

            benchmark(oursPort);
            benchmark(redisPort);
            Map<String, List<Double>> ours = new LinkedHashMap<>();
            Map<String, List<Double>> redis = new LinkedHashMap<>();
            for (String side : List.of("ours", "redis", "redis", "ours")) {
                boolean isOurs = side.equals("ours");
                benchmark(isOurs ? oursPort : redisPort).forEach((command, rps) ->
                        (isOurs ? ours : redis).computeIfAbsent(command, c -> new ArrayList<>()).add(rps));
            }
            StringBuilder table = new StringBuilder(String.format("%n| command | fromzero (requests/s) | Redis (requests/s) | fromzero / Redis |%n"
                    + "|---|---:|---:|---:|%n"));
            for (String command : List.of("SET", "GET")) {
                double a = mean(ours.get(command));
                double b = mean(redis.get(command));
                table.append(String.format("| %s | %,.0f (%s) | %,.0f (%s) | %.2f |%n", command, a, listed(ours.get(command)),
                        b, listed(redis.get(command)), a / b));
            }
            table.append(String.format("%nredis-benchmark %s; load average before: %s, after: %s%n", String.join(" ", LOAD),
                    loadBefore, loadAverage()));
            System.out.print(table);
        } finally {
            for (Process server : servers) {
                server.destroy();
                server.waitFor(30, TimeUnit.SECONDS);
            }
            TempDirs.deleteTree(scratch);
        }
    }

    /** One redis-benchmark run against {@code port}: requests per second by command. */
    private static Map<String, Double> benchmark(int port) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-benchmark", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        command.addAll(LOAD);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Map<String, Double> rps = new LinkedHashMap<>();
        Matcher m = RESULT.matcher(out.replace('\r', '\n'));
        while (m.find()) {
            rps.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        if (rps.size() != 2) {
            throw new IllegalStateException("redis-benchmark against port " + port + " printed no SET and GET results:\n" + out);
        }
        return rps;
    }

    private static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitListening(int port) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (ConnectException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("nothing listens on port " + port + " after a minute", notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    /** Whether {@code binary --version} runs and succeeds: the program is on the PATH. */
    static boolean installed(String binary) {
        try {
            Process p = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown (no /proc/loadavg)";
        }
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    private static String listed(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format("%,.0f", v)).toList());
    }
}
