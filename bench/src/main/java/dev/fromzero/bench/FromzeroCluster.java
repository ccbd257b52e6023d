package dev.fromzero.bench;

import dev.fromzero.raft.net.LocalCluster;
import dev.fromzero.raft.net.RaftClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Chapter 4's reference service as a real cluster: three node processes on 127.0.0.1 started by
 * {@link LocalCluster} (the code behind {@code ./course serve raft}), each with its own data
 * directory, syncing its log before it acknowledges (group commit: one fsync for every command
 * that arrived meanwhile). Each client thread has its own {@link RaftClient}, a session that
 * finds the leader by itself: a client session carries one operation at a time, by design.
 *
 * <p>The node JVMs get {@code -Xmx512m} and otherwise the JVM's defaults (G1): the benchmark
 * measures the service, not the small heaps {@code LocalCluster} gives the chapter's tests.
 */
final class FromzeroCluster implements KvTarget {

    private static final List<String> NODE_JVM = List.of("-Xms512m", "-Xmx512m");

    private final LocalCluster cluster;

    private FromzeroCluster(LocalCluster cluster) {
        this.cluster = cluster;
    }

    static FromzeroCluster start(Path dir) {
        return new FromzeroCluster(LocalCluster.start(dir, 3, "bench", NODE_JVM));
    }

    @Override
    public String name() {
        return "fromzero";
    }

    @Override
    public String describe() {
        return "the reference, 3 node processes on 127.0.0.1 (" + cluster.members() + "), " + String.join(" ", NODE_JVM)
                + ", log synced before acknowledging, one RaftClient per client thread";
    }

    @Override
    public Writer writer() {
        RaftClient client = new RaftClient(cluster.cluster(), cluster.members(), Duration.ofSeconds(30));
        return new Writer() {
            @Override
            public void put(byte[] key, byte[] value) {
                client.put(new String(key, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    @Override
    public void close() {
        cluster.close();
    }
}
