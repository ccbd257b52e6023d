package dev.fromzero.raft.scenarios;

import dev.fromzero.raft.sim.Disks;
import dev.fromzero.testkit.powercut.PowerCut;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Each simulated node's disk is a power-cut file system of its own (testkit's {@link PowerCut}),
 * so that a crash of one node loses that node's unsynced writes, and only those: a missing sync
 * shows up as lost data, not only a missing write.
 */
final class PowerCutDisks implements Disks {

    private final Path root;
    private final Map<Integer, PowerCut> disks = new HashMap<>();

    PowerCutDisks(Path root) {
        this.root = root;
    }

    private PowerCut disk(int node) {
        return disks.computeIfAbsent(node, n -> PowerCut.in(root.resolve("n" + n)));
    }

    @Override
    public Path directory(int node) {
        return disk(node).root().resolve("raft");
    }

    @Override
    public String powerCut(int node, Random random, boolean losingAllUnsynced) {
        PowerCut disk = disk(node);
        return losingAllUnsynced ? disk.cutLosingAllUnsynced() : disk.cut(random);
    }
}
