package dev.fromzero.raft.kvscenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.raft.kv.Op;
import dev.fromzero.raft.sim.HistoryListener;
import dev.fromzero.raft.sim.KvSimulation;
import dev.fromzero.raft.sim.Simulation;
import dev.fromzero.testkit.lin.Operation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * What a KV scenario does to a simulated service, in the words of MIT 6.5840's kvraft tests:
 * clients that keep sending random operations, partitions that cut nodes and clients apart,
 * crashes and restarts. Every operation a client finishes (or leaves unanswered at the end) goes
 * into the run's history, which {@link KvRun} checks for linearizability.
 *
 * <p>The clients' operations: puts of values no other put writes, gets, deletes, and cas from
 * the value the client last saw for the key (so that some succeed) to a fresh value. Unique
 * values are what let the checker tell a stale read or a write applied twice from a legal order.
 */
final class KvCluster {

    /** A client's mix of operations over {@code keys}, in percent: puts, gets, cas; the rest are deletes. */
    record Workload(List<String> keys, int puts, int gets, int cas) {
        static Workload over(String... keys) {
            return new Workload(List.of(keys), 40, 35, 15);
        }

        Workload casHeavy() {
            return new Workload(keys, 20, 30, 45);
        }

        Workload readsOnly() {
            return new Workload(keys, 0, 100, 0);
        }
    }

    private KvSimulation kv;
    private final Random random;
    private final List<Operation> history = new ArrayList<>();
    private final Map<String, String> lastSeen = new HashMap<>();
    private final Set<Integer> paused = new TreeSet<>();
    private int values;

    KvCluster(long seed) {
        this.random = new Random(seed ^ 0x2545F4914F6CDD1DL);
    }

    /** The service this cluster drives; its history listener must be {@link #record}. */
    void attach(KvSimulation kv) {
        this.kv = kv;
    }

    /** Converts the simulator's report of one operation to the checker's, and keeps it. */
    void record(HistoryListener.Operation op) {
        dev.fromzero.testkit.lin.Op kind = dev.fromzero.testkit.lin.Op.fromJson(op.op());
        Object output = switch (kind) {
            case GET -> op.output();
            case CAS, DELETE -> op.output() == null ? null : Boolean.valueOf(op.output());
            case PUT -> null;
        };
        Operation done = new Operation(op.client(), kind, op.key(), op.value(), op.expected(), output, op.call(), op.returned());
        history.add(done);
        if (kind == dev.fromzero.testkit.lin.Op.GET && !done.unknown()) {
            lastSeen.put(op.client() + "/" + op.key(), op.output());
        }
    }

    List<Operation> history() {
        return history;
    }

    KvSimulation kv() {
        return kv;
    }

    Simulation sim() {
        return kv.simulation();
    }

    Random random() {
        return random;
    }

    int nodes() {
        return sim().size();
    }

    int clients() {
        return kv.clients();
    }

    /** How many operations have returned so far. */
    long returned() {
        return history.stream().filter(op -> !op.unknown()).count();
    }

    /** Runs {@code ms} of virtual time, each client that is not paused starting a new operation as soon as its last one is done. */
    void runClients(long ms, Workload workload) {
        runClients(ms, client -> workload);
    }

    /** The same, with each client's own workload. */
    void runClients(long ms, IntFunction<Workload> workloadOf) {
        for (long t = 0; t < ms; t += 2) {
            for (int c = 1; c <= clients(); c++) {
                if (kv.idle(c) && !paused.contains(c)) {
                    kv.start(c, next(c, workloadOf.apply(c)));
                }
            }
            sim().runFor(2);
        }
    }

    /** Runs until every client's operation is done; fails if that takes longer than {@code ms}. */
    void finishAll(long ms, String why) {
        boolean done = sim().runUntil(ms, () -> {
            for (int c = 1; c <= clients(); c++) {
                if (!kv.idle(c)) {
                    return false;
                }
            }
            return true;
        });
        assertThat(done).as("every client's operation must complete within %d ms %s", ms, why).isTrue();
    }

    /** Client {@code client} starts no new operation until {@link #resume}. */
    void pause(int client) {
        paused.add(client);
    }

    void resume(int client) {
        paused.remove(client);
    }

    private Op next(int client, Workload workload) {
        String key = workload.keys().get(random.nextInt(workload.keys().size()));
        int dice = random.nextInt(100);
        String fresh = "c" + client + "." + (++values);
        String seen = lastSeen.get(client + "/" + key);
        if (dice < workload.puts()) {
            lastSeen.put(client + "/" + key, fresh);
            return new Op.Put(key, fresh);
        }
        if (dice < workload.puts() + workload.gets()) {
            return new Op.Get(key);
        }
        if (dice < workload.puts() + workload.gets() + workload.cas()) {
            String expected = random.nextInt(4) == 0 ? null : seen;
            lastSeen.put(client + "/" + key, fresh);
            return new Op.Cas(key, expected, fresh);
        }
        lastSeen.remove(client + "/" + key);
        return new Op.Delete(key);
    }

    // ----- faults -----

    /**
     * Cuts the network in two at random: a majority side and a minority side, each node and client
     * on one of them. Half of the time the leader, if there is one, is put on the minority side,
     * where it goes on believing it leads (MIT's one-partition test does the same): a read it
     * serves there must not be stale.
     *
     * @return the clients on the minority side
     */
    Set<Integer> randomPartition() {
        Set<Integer> majority = new TreeSet<>();
        Set<Integer> minority = new TreeSet<>();
        List<Integer> nodes = new ArrayList<>();
        for (int id = 1; id <= nodes(); id++) {
            nodes.add(id);
        }
        Collections.shuffle(nodes, random);
        if (!sim().leaders().isEmpty() && random.nextBoolean()) {
            Integer leader = sim().leaders().first();
            nodes.remove(leader);
            nodes.add(leader);
        }
        for (int i = 0; i < nodes.size(); i++) {
            (i < nodes.size() / 2 + 1 ? majority : minority).add(nodes.get(i));
        }
        for (int c = 1; c <= clients(); c++) {
            (random.nextBoolean() ? majority : minority).add(kv.clientAddress(c));
        }
        sim().network().partition(majority, minority);
        sim().note("partition " + majority + " | " + minority);
        Set<Integer> cutOff = new TreeSet<>();
        for (int c = 1; c <= clients(); c++) {
            if (minority.contains(kv.clientAddress(c))) {
                cutOff.add(c);
            }
        }
        return cutOff;
    }

    void heal() {
        sim().network().heal();
    }

    /** Cuts the power of {@code count} distinct random nodes that are up. */
    void crashRandom(int count) {
        List<Integer> up = new ArrayList<>();
        for (int id = 1; id <= nodes(); id++) {
            if (sim().isUp(id)) {
                up.add(id);
            }
        }
        Collections.shuffle(up, random);
        for (int i = 0; i < Math.min(count, up.size()); i++) {
            sim().crash(up.get(i));
        }
    }

    void restartAll() {
        for (int id = 1; id <= nodes(); id++) {
            if (!sim().isUp(id)) {
                sim().restart(id);
            }
        }
    }
}
