package dev.fromzero.raft.sim;

import dev.fromzero.raft.Entry;
import dev.fromzero.raft.HardState;
import dev.fromzero.raft.PersistentState;
import dev.fromzero.raft.RaftNode;
import dev.fromzero.raft.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one node's storage has promised to keep: every write it made before its last
 * {@code sync()} returned. It outlives the node's crashes, so that on restart the simulator can
 * check that the storage kept its promise, and it tells the safety checker which entries a
 * majority holds durably.
 *
 * <p>Writes not yet synced wait in {@link #pending} and join the view in order at the next sync,
 * with the same rules the storage follows: an append first drops the entries from its first
 * index on, and a snapshot drops the entries it covers (or the whole log, if its last entry
 * does not match the stored one).
 */
final class DurableView {

    /** One write to storage, not yet synced. */
    sealed interface Write {
    }

    record SaveHardState(HardState state) implements Write {
    }

    record Append(List<Entry> entries) implements Write {
    }

    record SaveSnapshot(long lastIndex, long lastTerm) implements Write {
    }

    private HardState hardState = HardState.INITIAL;
    private long snapshotIndex;
    /** Term of each synced entry after the snapshot, by index. */
    private final TreeMap<Long, Long> terms = new TreeMap<>();
    private final List<Write> pending = new ArrayList<>();

    void write(Write write) {
        pending.add(write);
    }

    /** Every pending write is now durable. */
    void synced() {
        for (Write write : pending) {
            if (write instanceof SaveHardState w) {
                hardState = w.state();
            } else if (write instanceof Append w && !w.entries().isEmpty()) {
                terms.tailMap(w.entries().get(0).index(), true).clear();
                for (Entry entry : w.entries()) {
                    terms.put(entry.index(), entry.term());
                }
            } else if (write instanceof SaveSnapshot w) {
                Long term = terms.get(w.lastIndex());
                if (term != null && term == w.lastTerm()) {
                    terms.headMap(w.lastIndex(), true).clear();
                } else {
                    terms.clear();
                }
                snapshotIndex = Math.max(snapshotIndex, w.lastIndex());
            }
        }
        pending.clear();
    }

    /** Whether {@code entry} is durable here: in the synced log, or under the synced snapshot. */
    boolean holds(Entry entry) {
        if (entry.index() <= snapshotIndex) {
            return true;
        }
        Long term = terms.get(entry.index());
        return term != null && term == entry.term();
    }

    /**
     * Compares what a restarted node's storage loaded with what it had promised, then takes
     * the loaded state as the new durable state (after a crash, whatever survived is on disk).
     *
     * @return null if every synced write survived, else what was lost, in words
     */
    String reload(PersistentState loaded) {
        String lost = lost(loaded);
        pending.clear();
        hardState = loaded.hardState();
        Snapshot snapshot = loaded.snapshot();
        snapshotIndex = snapshot == null ? 0 : snapshot.lastIndex();
        terms.clear();
        for (Entry entry : loaded.entries()) {
            terms.put(entry.index(), entry.term());
        }
        return lost;
    }

    private String lost(PersistentState loaded) {
        HardState state = loaded.hardState();
        if (state.term() < hardState.term()) {
            return "its term went back from " + hardState.term() + " to " + state.term();
        }
        if (state.term() == hardState.term() && hardState.votedFor() != RaftNode.NONE
                && state.votedFor() != hardState.votedFor()) {
            return "its vote in term " + state.term() + " changed from n" + hardState.votedFor() + " to "
                    + (state.votedFor() == RaftNode.NONE ? "none" : "n" + state.votedFor());
        }
        long loadedSnapshot = loaded.snapshot() == null ? 0 : loaded.snapshot().lastIndex();
        if (loadedSnapshot < snapshotIndex) {
            return "its snapshot went back from index " + snapshotIndex + " to " + loadedSnapshot;
        }
        if (loadedSnapshot > snapshotIndex) {
            return null; // an unsynced snapshot survived, and may have dropped the whole log legitimately
        }
        long touched = Long.MAX_VALUE;
        for (Write write : pending) {
            if (write instanceof Append a && !a.entries().isEmpty()) {
                touched = Math.min(touched, a.entries().get(0).index());
            }
        }
        Map<Long, Long> kept = new TreeMap<>();
        for (Entry entry : loaded.entries()) {
            kept.put(entry.index(), entry.term());
        }
        for (Map.Entry<Long, Long> synced : terms.headMap(touched, false).entrySet()) {
            Long term = kept.get(synced.getKey());
            if (term == null || !term.equals(synced.getValue())) {
                return "it lost synced entry " + synced.getKey() + "@" + synced.getValue()
                        + (term == null ? "" : " (it has term " + term + " there instead)");
            }
        }
        return null;
    }
}
