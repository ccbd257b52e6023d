package dev.fromzero.raft.sim;

import java.nio.file.Path;
import java.util.Random;

/**
 * Where the simulated nodes keep their files, and what a crash does to them. The simulator
 * opens each node's real storage in {@link #directory} and, when the node crashes, asks for a
 * power cut of that node's disk only.
 *
 * <p>A test gives a power-cut file system here (testkit's {@code PowerCut}, one per node), whose
 * cuts lose what was not synced and may tear the last write: that is how a missing sync is
 * caught, not only a missing write. {@link #processCrashes} is the plain file system, where a
 * crash is a {@code kill -9}: the operating system keeps every write.
 */
public interface Disks {

    /** The directory node {@code node} keeps its storage in. */
    Path directory(int node);

    /**
     * Node {@code node}'s machine loses power: writes it did not sync may be lost, all
     * ({@code losingAllUnsynced}) or a random part, the last one perhaps torn.
     *
     * @return what was lost, in words, for the trace
     */
    String powerCut(int node, Random random, boolean losingAllUnsynced);

    /** Directories {@code root/n1}, {@code root/n2}, ... on the real file system, where a crash loses nothing written. */
    static Disks processCrashes(Path root) {
        return new Disks() {
            @Override
            public Path directory(int node) {
                return root.resolve("n" + node);
            }

            @Override
            public String powerCut(int node, Random random, boolean losingAllUnsynced) {
                return "process killed; the operating system keeps its writes";
            }
        };
    }
}
