//@ chapter 4
package dev.fromzero.raft.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A cluster of {@link NodeMain} processes on 127.0.0.1, one JVM per node, each with its own data
 * directory {@code dir/node-N} and its output in {@code dir/node-N.log}. It is how
 * {@code ./course serve raft} starts a cluster, how the chapter's tests kill and restart nodes,
 * and how the benchmark starts the cluster it measures.
 *
 * <p>While it runs, {@code dir/cluster.txt} ({@link ClusterFile}) says where the nodes listen,
 * so that a client finds them without flags. Ports are picked free when the cluster starts and
 * kept when a node restarts.
 *
 * <pre>
 * java dev.fromzero.raft.net.LocalCluster --dir D [--nodes 3] [--cluster ID]
 * </pre>
 */
public final class LocalCluster implements AutoCloseable {

    /** How long a node may take to start listening: a JVM start on a loaded machine. */
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final Path dir;
    private final String cluster;
    private final Members members;
    private final List<String> jvmOptions;
    private final String classpath;
    private final Map<Integer, Process> processes = new TreeMap<>();

    private LocalCluster(Path dir, String cluster, Members members, List<String> jvmOptions, String classpath) {
        this.dir = dir;
        this.cluster = cluster;
        this.members = members;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.classpath = classpath;
    }

    /**
     * Starts {@code nodes} nodes of {@code cluster} under {@code dir}, in JVMs with this JVM's
     * class path and {@code jvmOptions}, and returns once every one listens.
     */
    public static LocalCluster start(Path dir, int nodes, String cluster, List<String> jvmOptions) {
        if (nodes < 1 || nodes > 9) {
            throw new IllegalArgumentException("a local cluster has 1 to 9 nodes, not " + nodes);
        }
        LocalCluster local = new LocalCluster(dir.toAbsolutePath(), cluster, Members.onLoopback(freePorts(nodes)),
                jvmOptions, System.getProperty("java.class.path"));
        try {
            Files.createDirectories(local.dir);
            for (int id : local.members.ids()) {
                local.launch(id);
            }
            for (int id : local.members.ids()) {
                local.awaitListening(id);
            }
            ClusterFile.write(local.clusterFile(), cluster, local.members);
            return local;
        } catch (IOException | RuntimeException e) {
            local.close();
            throw e instanceof IOException io ? new UncheckedIOException("cannot start a cluster in " + dir, io)
                    : (RuntimeException) e;
        }
    }

    /** Starts {@code nodes} nodes of cluster "local" under {@code dir}, with small JVMs. */
    public static LocalCluster start(Path dir, int nodes) {
        return start(dir, nodes, "local", List.of("-XX:+UseSerialGC", "-Xmx256m"));
    }

    /** Where the nodes listen. */
    public Members members() {
        return members;
    }

    /** The cluster id. */
    public String cluster() {
        return cluster;
    }

    /** The file that tells clients where the cluster is. */
    public Path clusterFile() {
        return dir.resolve(ClusterFile.NAME);
    }

    /** Node {@code id}'s output so far. */
    public String log(int id) {
        try {
            return Files.readString(dir.resolve("node-" + id + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Whether node {@code id}'s process is alive. */
    public boolean isRunning(int id) {
        Process process = processes.get(id);
        return process != null && process.isAlive();
    }

    /** Kills node {@code id} with SIGKILL ({@code kill -9}): no shutdown hook runs, unsynced writes are lost. */
    public void kill(int id) {
        Process process = processes.remove(id);
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
        }
    }

    /** Starts node {@code id} again, on its port and data directory, and returns once it listens. */
    public void restart(int id) {
        kill(id);
        try {
            launch(id);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart node " + id, e);
        }
        awaitListening(id);
    }

    /** Stops every node (SIGTERM, so each closes its storage) and removes the cluster file. */
    @Override
    public void close() {
        processes.values().forEach(Process::destroy);
        for (Process process : processes.values()) {
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        processes.clear();
        try {
            Files.deleteIfExists(clusterFile());
        } catch (IOException ignored) {
            // a stale file only makes a client report that no node answers
        }
    }

    private void launch(int id) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, NodeMain.class.getName(),
                "--id", String.valueOf(id), "--members", members.toString(),
                "--dir", dir.resolve("node-" + id).toString(), "--cluster", cluster));
        Path log = dir.resolve("node-" + id + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        process.getOutputStream().close();
        processes.put(id, process);
    }

    private void awaitListening(int id) {
        InetSocketAddress address = members.address(id);
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (true) {
            Process process = processes.get(id);
            if (process == null || !process.isAlive()) {
                throw new IllegalStateException("node " + id + " ended before it listened on " + Members.text(address) + "; its log:\n" + log(id));
            }
            try (Socket probe = new Socket()) {
                probe.connect(address, 1000);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("node " + id + " did not listen on " + Members.text(address) + " within "
                            + START_LIMIT.toSeconds() + " s; its log:\n" + log(id));
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while node " + id + " started", e);
                }
            }
        }
    }

    private static List<Integer> freePorts(int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find " + n + " free ports on 127.0.0.1", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // it was only a probe
                }
            }
        }
    }

    private static void waitFor(Process process) {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a cluster, prints where its nodes listen, and runs until Ctrl-C. */
    public static void main(String[] args) {
        Path dir = null;
        int nodes = 3;
        String cluster = "local";
        try {
            for (int i = 0; i < args.length; i += 2) {
                String value = NodeMain.value(args, i);
                switch (args[i]) {
                    case "--dir" -> dir = Path.of(value);
                    case "--nodes" -> nodes = NodeMain.number(args[i], value);
                    case "--cluster" -> cluster = value;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (dir == null) {
                throw new IllegalArgumentException("--dir is required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + "\nusage: LocalCluster --dir DIR [--nodes N (3)] [--cluster ID (local)]");
            System.exit(2);
            return;
        }
        LocalCluster local;
        try {
            local = start(dir, nodes, cluster, List.of("-XX:+UseSerialGC", "-Xmx256m"));
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(local::close, "local-cluster-stop"));
        System.out.println("cluster '" + cluster + "' of " + nodes + " nodes, data in " + local.dir);
        for (int id : local.members.ids()) {
            InetSocketAddress address = local.members.address(id);
            System.out.println("  node " + id + ": " + Members.text(address)
                    + "  (log: " + local.dir.resolve("node-" + id + ".log") + ")");
        }
        System.out.println("cluster file: " + local.clusterFile() + "; Ctrl-C stops every node");
        List.copyOf(local.processes.values()).forEach(LocalCluster::waitFor);
    }
}
