package dev.fromzero.raft.scenarios;

import dev.fromzero.raft.sim.Disks;
import dev.fromzero.testkit.powercut.PowerCut;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Each simulated node's disk is a power-cut file system of its own (testkit's {@link PowerCut}),
 * so that a crash of one node loses that node's unsynced writes, and only those: a missing sync
 * shows up as lost data, not only a missing write.
 */
public final class PowerCutDisks implements Disks {

    private final Path root;
    private final Map<Integer, PowerCut> disks = new HashMap<>();

    public PowerCutDisks(Path root) {
        this.root = root;
    }

    private PowerCut disk(int node) {
        return disks.computeIfAbsent(node, n -> PowerCut.in(root.resolve("n" + n)));
    }

    @Override
    public Path directory(int node) {
        return disk(node).root().resolve("raft");
    }

    /** Deletes every node's files: the run passed, and nobody will look at them. */
    public void delete() {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the scratch directory " + root, e);
        }
    }

    @Override
    public String powerCut(int node, Random random, boolean losingAllUnsynced) {
        PowerCut disk = disk(node);
        return losingAllUnsynced ? disk.cutLosingAllUnsynced() : disk.cut(random);
    }
}
