package dev.fromzero.raft.scenarios;

import dev.fromzero.raft.sim.SimulationFailure;
import dev.fromzero.raft.sim.SimConfig;
import dev.fromzero.raft.sim.Simulation;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Runs one scenario over many seeds: run {@code i} of a test started with seed {@code S} uses
 * seed {@code S + i}, so the failing run's own seed, given back to {@code --seed}, replays that
 * run first. The count per scenario is what CI runs; {@code -Dfromzero.soak=N} multiplies it
 * for a soak.
 *
 * <p>A failure names the run, its seed, the one command that replays it, and the simulation's
 * trace of the events that led to it.
 */
public final class Scenario {

    /** The system property that multiplies every scenario's number of seeds, for soak runs. */
    public static final String SOAK = "fromzero.soak";

    private Scenario() {
    }

    /** How many runs a scenario of {@code ciRuns} runs gets in this JVM. */
    public static int runs(int ciRuns) {
        String soak = System.getProperty(SOAK, "").trim();
        if (soak.isEmpty()) {
            return ciRuns;
        }
        try {
            int factor = Integer.parseInt(soak);
            if (factor < 1) {
                throw new NumberFormatException();
            }
            return ciRuns * factor;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SOAK + "=" + soak + " is not a multiplier: give a whole number >= 1", e);
        }
    }

    /**
     * Runs {@code body} on a fresh cluster of {@code nodes} replicas, once per seed, each node on
     * a power-cut disk of its own under {@code scratch} (steps 3 to 5).
     */
    static void run(Seed seed, Path scratch, int ciRuns, int nodes, UnaryOperator<SimConfig> setup,
                    Consumer<Cluster> body) {
        runAll(seed, ciRuns, (runSeed, run) ->
                setup.apply(SimConfig.onDisks(nodes, runSeed, new PowerCutDisks(scratch.resolve("run-" + run)))), body);
        // Runs that passed leave nothing behind; a failed one keeps its files for inspection.
    }

    static void run(Seed seed, Path scratch, int ciRuns, int nodes, Consumer<Cluster> body) {
        run(seed, scratch, ciRuns, nodes, UnaryOperator.identity(), body);
    }

    /**
     * Runs {@code body} on a fresh cluster of {@code nodes} bare nodes with in-memory storage,
     * once per seed: for steps 1 and 2, which come before the replica and the storage, and for
     * step 5, whose scenarios crash nothing and need no disk.
     */
    static void inMemory(Seed seed, int ciRuns, int nodes, UnaryOperator<SimConfig> setup, Consumer<Cluster> body) {
        runAll(seed, ciRuns, (runSeed, run) -> setup.apply(SimConfig.inMemory(nodes, runSeed)), body);
    }

    static void inMemory(Seed seed, int ciRuns, int nodes, Consumer<Cluster> body) {
        inMemory(seed, ciRuns, nodes, UnaryOperator.identity(), body);
    }

    private interface Setup {
        SimConfig config(long runSeed, int run);
    }

    private static void runAll(Seed seed, int ciRuns, Setup setup, Consumer<Cluster> body) {
        String test = callingTest();
        int runs = runs(ciRuns);
        for (int i = 0; i < runs; i++) {
            long runSeed = seed.value() + i;
            String replay = "./course test 4 --test " + test + " --seed " + runSeed
                    + "   (or: ./mvnw test -pl chapter04-raft -Dtest='" + test + "' -Dfromzero.seed=" + runSeed + ")";
            SimConfig config = setup.config(runSeed, i).withReplay(replay);
            String header = test + ": run " + (i + 1) + " of " + runs + " failed, with seed " + runSeed + "\n";
            Simulation simulation = null;
            try {
                simulation = Simulation.start(config);
                try (Cluster cluster = new Cluster(simulation, runSeed)) {
                    body.accept(cluster);
                }
            } catch (SimulationFailure failure) {
                // The failure's message already holds the trace; its stack shows where the simulation caught it.
                AssertionError error = new AssertionError(header + failure.getMessage(), failure.getCause());
                error.setStackTrace(failure.getStackTrace());
                throw error;
            } catch (AssertionError | RuntimeException failure) {
                throw new AssertionError(header + failure.getMessage()
                        + (simulation == null ? "" : "\n" + simulation.report()), failure);
            }
            if (config.disks() instanceof PowerCutDisks disks) {
                disks.delete();
            }
        }
    }

    /** The test method that called, as Class#method: the first frame of a step class. */
    public static String callingTest() {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
                .walk(frames -> frames.filter(f -> f.getDeclaringClass().isAnnotationPresent(Step.class))
                        .findFirst()
                        .map(f -> f.getDeclaringClass().getSimpleName() + "#" + f.getMethodName())
                        .orElse("this test"));
    }

}
