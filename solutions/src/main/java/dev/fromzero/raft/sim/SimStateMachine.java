//@ chapter 4
package dev.fromzero.raft.sim;

import dev.fromzero.raft.Entry;
import dev.fromzero.raft.Snapshot;
import dev.fromzero.raft.StateMachine;
import java.nio.ByteBuffer;

/**
 * The state machine every simulated node runs: it folds each applied entry into a running
 * digest, which is all its state. A snapshot is that digest, so a node restored from a
 * snapshot can be checked against the entries actually applied up to the snapshot's index.
 * Each apply and restore is reported to the simulation, which checks it at once.
 */
final class SimStateMachine implements StateMachine {

    /** Where applies and restores are reported. */
    interface Observer {
        void applied(Entry entry);

        void restored(Snapshot snapshot);
    }

    private final Observer observer;
    private long lastIndex;
    private long digest;

    SimStateMachine(Observer observer) {
        this.observer = observer;
    }

    @Override
    public void apply(Entry entry) {
        lastIndex = entry.index();
        digest = SafetyChecker.mix(digest, entry);
        observer.applied(entry);
    }

    @Override
    public void restore(Snapshot snapshot) {
        observer.restored(snapshot); // checks the data against the entries applied through its index
        lastIndex = snapshot.lastIndex();
        digest = ByteBuffer.wrap(snapshot.data()).getLong(8);
    }

    /**
     * This machine as a service's tap ({@link ServiceHost}): the service applies its own
     * commands and passes each entry on here, and its snapshots are its own bytes, so a restore
     * is checked by the index it jumps to, with the digest the checker knows for that index.
     */
    StateMachine asTap(SafetyChecker checker) {
        return new StateMachine() {
            @Override
            public void apply(Entry entry) {
                SimStateMachine.this.apply(entry);
            }

            @Override
            public void restore(Snapshot snapshot) {
                long index = snapshot.lastIndex();
                byte[] known = index > checker.highestApplied() ? snapshot.data() : checker.digestThrough(index);
                SimStateMachine.this.restore(new Snapshot(index, snapshot.lastTerm(), known));
            }
        };
    }

    /** The index of the last entry applied (or restored). */
    long lastIndex() {
        return lastIndex;
    }

    /** A snapshot of the state as it is now, through {@link #lastIndex()}. */
    byte[] snapshot() {
        return SafetyChecker.encode(lastIndex, digest);
    }
}
