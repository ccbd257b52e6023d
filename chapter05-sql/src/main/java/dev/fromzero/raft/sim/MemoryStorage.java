package dev.fromzero.raft.sim;

import dev.fromzero.raft.Entry;
import dev.fromzero.raft.HardState;
import dev.fromzero.raft.PersistentState;
import dev.fromzero.raft.RaftStorage;
import dev.fromzero.raft.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A node's storage in memory, for the scenarios of steps 1 and 2, which come before the
 * learner's own storage (step 3). It keeps the same promise a disk does: a crash keeps what was
 * synced and loses the rest, so that it outlives its node's incarnations.
 */
final class MemoryStorage implements RaftStorage {

    /** Everything stored, in one value that a sync copies. */
    private static final class State {
        HardState hardState = HardState.INITIAL;
        Snapshot snapshot;
        final TreeMap<Long, Entry> entries = new TreeMap<>();

        State copy() {
            State copy = new State();
            copy.hardState = hardState;
            copy.snapshot = snapshot;
            copy.entries.putAll(entries);
            return copy;
        }
    }

    private State current = new State();
    private State durable = new State();

    @Override
    public PersistentState load() {
        return new PersistentState(current.hardState, current.snapshot, new ArrayList<>(current.entries.values()));
    }

    @Override
    public void saveHardState(HardState state) {
        current.hardState = state;
    }

    @Override
    public void append(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        long first = entries.get(0).index();
        long next = current.entries.isEmpty()
                ? (current.snapshot == null ? 1 : current.snapshot.lastIndex() + 1)
                : current.entries.lastKey() + 1;
        if (first > next) {
            throw new IllegalArgumentException("append at index " + first + " would leave a gap: the next index is " + next);
        }
        current.entries.tailMap(first, true).clear();
        for (Entry entry : entries) {
            current.entries.put(entry.index(), entry);
        }
    }

    @Override
    public void saveSnapshot(Snapshot snapshot) {
        Entry last = current.entries.get(snapshot.lastIndex());
        if (last != null && last.term() == snapshot.lastTerm()) {
            current.entries.headMap(snapshot.lastIndex(), true).clear();
        } else {
            current.entries.clear();
        }
        current.snapshot = snapshot;
    }

    @Override
    public void sync() {
        durable = current.copy();
    }

    /** The machine lost power: only what was synced is left. */
    String crash() {
        current = durable.copy();
        return "lost every unsynced write (in-memory storage)";
    }

    @Override
    public void close() {
    }
}
