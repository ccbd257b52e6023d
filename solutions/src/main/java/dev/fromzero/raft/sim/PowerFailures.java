//@ chapter 4
package dev.fromzero.raft.sim;

import dev.fromzero.raft.Message;
import java.util.Random;
import java.util.function.BiPredicate;

/**
 * The power failures of a {@link Simulation}: those a scenario orders ({@link #cut}), and those it
 * arms to strike at a chosen moment, right after a node sends a message or in the middle of a
 * sync. A cut stops the node and keeps of its unsynced writes what the disks' rules allow; a cut
 * in the middle of the node's own work unwinds its call stack with {@link Crashed}, which the
 * simulation catches where it called the node.
 */
final class PowerFailures {

    /** Unwinds a node's call stack when it crashes in the middle of its work. */
    static final class Crashed extends RuntimeException {
        Crashed() {
            super(null, null, false, false);
        }
    }

    private final Disks disks;
    private final Random random;
    private final Trace trace;
    private final VirtualClock clock;
    private final ServiceHost host;
    private BiPredicate<Integer, Message> onSend = (node, message) -> false;
    private double duringSync;
    private int count;

    /** {@code disks} is null for nodes on in-memory storage; {@code host} is null without a service. */
    PowerFailures(Disks disks, Random random, Trace trace, VirtualClock clock, ServiceHost host) {
        this.disks = disks;
        this.random = random;
        this.trace = trace;
        this.clock = clock;
        this.host = host;
    }

    /** From now on, a node that sends a message for which {@code when} holds loses power right after, losing every unsynced write. */
    void crashOnSend(BiPredicate<Integer, Message> when) {
        this.onSend = when;
    }

    /** From now on, each sync is, with {@code probability}, cut short by a power cut before it reaches the disk. */
    void crashDuringSync(double probability) {
        this.duringSync = probability;
    }

    /** How many times a node has lost power so far. */
    int count() {
        return count;
    }

    /** {@code node} handed {@code message} to the network: the moment {@link #crashOnSend} may strike. */
    void afterSend(SimNode node, Message message) {
        if (onSend.test(node.id, message)) {
            cut(node, true);
            throw new Crashed();
        }
    }

    /** {@code node} is about to sync: the moment {@link #crashDuringSync} may strike. */
    void duringSync(SimNode node) {
        if (node.runner != null && duringSync > 0 && random.nextDouble() < duringSync) {
            trace.add(clock.now(), node.name(), "power fails during a sync");
            cut(node, false);
            throw new Crashed();
        }
    }

    /** {@code node} loses power: it stops, and keeps of its unsynced writes a random part, or none. */
    void cut(SimNode node, boolean losingAllUnsynced) {
        count++;
        String lost = node.memory != null ? node.memory.crash() : disks.powerCut(node.id, random, losingAllUnsynced);
        trace.add(clock.now(), node.name(), "CRASH: " + lost);
        WatchedStorage storage = node.storage;
        node.runner = null;
        node.storage = null;
        try {
            storage.close(); // after the cut its files are gone with the process; this only frees what is left
        } catch (RuntimeException ignored) {
            // the cut closed the files under it: nothing is left to free
        }
        if (host != null) {
            host.crashed(node.id);
        }
    }
}
