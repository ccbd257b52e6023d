package dev.fromzero.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.maintenance.StatusResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Chapter 4's peer: three etcd members on 127.0.0.1, each a process of Debian's {@code etcd}
 * (package {@code etcd-server}) with its own data directory under {@code scratch}, written to by
 * jetcd. Every etcd setting is its default but the addresses, the cluster's membership and the
 * log level: in particular each member syncs its write-ahead log before it acknowledges an entry
 * ({@code --unsafe-no-fsync} is off), as our nodes do.
 *
 * <p>The benchmark's client talks to the leader only. Our client finds the leader and sends it
 * every command; jetcd spread over all three members would add a forwarding hop to two thirds of
 * etcd's writes, which is not the comparison we want to win.
 */
final class EtcdCluster implements KvTarget {

    private static final int MEMBERS = 3;

    private final List<Process> members = new ArrayList<>();
    private final Client client;
    private final KV kv;
    private final String leader;

    private EtcdCluster(Path scratch) throws IOException, InterruptedException {
        List<Integer> clientPorts = new ArrayList<>();
        List<Integer> peerPorts = new ArrayList<>();
        StringBuilder initialCluster = new StringBuilder();
        for (int i = 0; i < MEMBERS; i++) {
            clientPorts.add(freePort());
            peerPorts.add(freePort());
            initialCluster.append(i == 0 ? "" : ",").append("m").append(i).append("=http://127.0.0.1:").append(peerPorts.get(i));
        }
        List<String> endpoints = new ArrayList<>();
        try {
            for (int i = 0; i < MEMBERS; i++) {
                String clientUrl = "http://127.0.0.1:" + clientPorts.get(i);
                String peerUrl = "http://127.0.0.1:" + peerPorts.get(i);
                endpoints.add(clientUrl);
                Path dir = scratch.resolve("m" + i);
                Files.createDirectories(dir);
                members.add(new ProcessBuilder("etcd", "--name", "m" + i, "--data-dir", dir.resolve("data").toString(),
                        "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
                        "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
                        "--initial-cluster", initialCluster.toString(), "--initial-cluster-state", "new",
                        "--initial-cluster-token", "fromzero-bench", "--logger", "zap", "--log-level", "warn")
                        .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start());
            }
            leader = findLeader(endpoints);
            client = Client.builder().endpoints(leader).build();
            kv = client.getKVClient();
        } catch (IOException | InterruptedException | RuntimeException e) {
            stopMembers();
            throw e;
        }
    }

    /** Starts three members in fresh directories under {@code scratch}; null when {@code etcd} is not installed. */
    static EtcdCluster startOrNull(Path scratch) throws IOException, InterruptedException {
        if (!RedisReport.installed("etcd")) {
            return null;
        }
        return new EtcdCluster(scratch);
    }

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public String describe() {
        return "etcd " + version() + ", 3 members on 127.0.0.1, defaults (WAL fsync on), jetcd to the leader " + leader;
    }

    @Override
    public Writer writer() {
        return (key, value) -> {
            try {
                kv.put(ByteSequence.from(key), ByteSequence.from(value)).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("etcd failed a put: " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("etcd did not answer a put in 30 s", e);
            }
        };
    }

    @Override
    public void close() {
        client.close();
        stopMembers();
    }

    private void stopMembers() {
        for (Process member : members) {
            member.destroy();
        }
        for (Process member : members) {
            try {
                if (!member.waitFor(20, TimeUnit.SECONDS)) {
                    member.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                member.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Asks each member whom it follows, until one of them says it leads; a minute at most. */
    private static String findLeader(List<String> endpoints) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (Client probe = Client.builder().endpoints(endpoints.toArray(String[]::new)).build()) {
            while (System.nanoTime() < deadline) {
                for (String endpoint : endpoints) {
                    try {
                        StatusResponse status = probe.getMaintenanceClient().statusMember(endpoint).get(5, TimeUnit.SECONDS);
                        if (status.getLeader() != 0 && status.getLeader() == status.getHeader().getMemberId()) {
                            return endpoint;
                        }
                    } catch (ExecutionException | TimeoutException notYet) {
                        // still starting, or no leader yet
                    }
                }
                Thread.sleep(200);
            }
        }
        throw new IOException("no etcd member became leader within a minute (logs under the scratch directory)");
    }

    private static String version() {
        try {
            Process p = new ProcessBuilder("etcd", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out.lines().filter(l -> l.startsWith("etcd Version:")).map(l -> l.substring(13).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
