package dev.fromzero.raft.kvscenarios;

import dev.fromzero.raft.scenarios.PowerCutDisks;
import dev.fromzero.raft.scenarios.Scenario;
import dev.fromzero.raft.sim.KvSimulation;
import dev.fromzero.raft.sim.NetworkProfile;
import dev.fromzero.raft.sim.SimConfig;
import dev.fromzero.raft.sim.SimulationFailure;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.lin.Linearizability;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Runs one KV scenario over many seeds, as {@link Scenario} does for Raft's: run {@code i} of a
 * test given seed {@code S} uses seed {@code S + i}, {@code -Dfromzero.soak=N} multiplies the
 * runs, and each node keeps its Raft log and its chapter-3 store on a power-cut disk of its own.
 *
 * <p>After each run, the clients' history is checked for linearizability (and written to
 * {@code -Dfromzero.history.dir}, if given, as {@code Class.method.seed-S.jsonl}). A failure names
 * the run, its seed, the command that replays it, and either the simulation's trace or the
 * checker's witness: the few operations that no single copy of the map could have answered.
 */
final class KvRun {

    /** A client waits 20 ticks (200 ms) for an answer before it tries the next node. */
    static final int CLIENT_TIMEOUT_TICKS = 20;

    /** The cluster of a scenario: how many nodes and clients, the network, and the servers' snapshot threshold (0: none). */
    record Setup(int nodes, int clients, NetworkProfile network, int snapshotThreshold) {
        static Setup of(int clients) {
            return new Setup(3, clients, NetworkProfile.reliable(), 0);
        }

        Setup unreliable() {
            return new Setup(nodes, clients, NetworkProfile.unreliable(), snapshotThreshold);
        }

        Setup snapshotsEvery(int entries) {
            return new Setup(nodes, clients, network, entries);
        }
    }

    private KvRun() {
    }

    static void run(Seed seed, Path scratch, int ciRuns, Setup setup, Consumer<KvCluster> body) {
        String test = Scenario.callingTest();
        int runs = Scenario.runs(ciRuns);
        for (int i = 0; i < runs; i++) {
            long runSeed = seed.value() + i;
            String replay = "./course test 4 --test " + test + " --seed " + runSeed
                    + "   (or: ./mvnw test -pl chapter04-raft -Dtest='" + test + "' -Dfromzero.seed=" + runSeed + ")";
            PowerCutDisks disks = new PowerCutDisks(scratch.resolve("run-" + i));
            SimConfig config = SimConfig.onDisks(setup.nodes(), runSeed, disks).withNetwork(setup.network()).withReplay(replay);
            String header = test + ": run " + (i + 1) + " of " + runs + " failed, with seed " + runSeed + "\n";
            KvCluster cluster = new KvCluster(runSeed);
            KvSimulation kv = null;
            try {
                kv = KvSimulation.start(config, setup.clients(), CLIENT_TIMEOUT_TICKS, setup.snapshotThreshold(), cluster::record);
                cluster.attach(kv);
                try (KvSimulation closing = kv) {
                    body.accept(cluster);
                }
            } catch (SimulationFailure failure) {
                AssertionError error = new AssertionError(header + failure.getMessage(), failure.getCause());
                error.setStackTrace(failure.getStackTrace());
                throw error;
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError(header + failure.getMessage()
                        + (kv == null ? "" : "\n" + kv.simulation().report()), failure);
            }
            try {
                Linearizability.assertLinearizable(test, runSeed, cluster.history());
            } catch (AssertionError failure) {
                throw new AssertionError(header + failure.getMessage() + "\nreplay with: " + replay, failure);
            }
            disks.delete();
        }
    }
}
