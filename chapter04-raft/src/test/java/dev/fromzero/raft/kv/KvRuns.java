package dev.fromzero.raft.kv;

import dev.fromzero.raft.sim.Disks;
import dev.fromzero.raft.sim.HistoryListener;
import dev.fromzero.raft.sim.KvSimulation;
import dev.fromzero.raft.sim.SimConfig;
import dev.fromzero.raft.sim.SimulationFailure;
import dev.fromzero.testkit.Seed;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * Runs a KV service scenario over a few seeds (seed S, S + 1, ...), each on a fresh cluster of
 * three KV servers whose files live under {@code scratch} on the real file system. A failure
 * names the run's seed, the command that replays it, and the simulation's trace.
 */
final class KvRuns {

    private KvRuns() {
    }

    static void run(String test, Seed seed, Path scratch, int runs, int clients, int snapshotThreshold,
                    UnaryOperator<SimConfig> setup, BiConsumer<KvSimulation, List<HistoryListener.Operation>> body) {
        for (int i = 0; i < runs; i++) {
            long runSeed = seed.value() + i;
            SimConfig config = setup.apply(SimConfig.onDisks(3, runSeed, Disks.processCrashes(scratch.resolve("run-" + i))))
                    .withReplay("./course test 4 --test " + test + " --seed " + runSeed);
            List<HistoryListener.Operation> history = new ArrayList<>();
            KvSimulation kv = KvSimulation.start(config, clients, 20, snapshotThreshold, history::add);
            try (kv) {
                body.accept(kv, history);
            } catch (SimulationFailure failure) {
                throw new AssertionError(test + ": run " + (i + 1) + " failed, with seed " + runSeed + "\n" + failure.getMessage(), failure);
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError(test + ": run " + (i + 1) + " failed, with seed " + runSeed + "\n" + failure.getMessage()
                        + "\n" + kv.simulation().report(), failure);
            }
        }
    }

    /** Runs until client {@code client} is idle (at most {@code ms} virtual ms); whether it is. */
    static boolean finish(KvSimulation kv, int client, long ms) {
        return kv.simulation().runUntil(ms, () -> kv.idle(client));
    }
}
