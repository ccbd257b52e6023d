//@ chapter 4
package dev.fromzero.raft;

import java.util.List;
import java.util.Objects;

/**
 * Everything a node's storage holds, read back at restart: the hard state, the latest snapshot
 * (or null if the log was never compacted), and the entries after the snapshot, in index order
 * without gaps.
 */
public record PersistentState(HardState hardState, Snapshot snapshot, List<Entry> entries) {

    /** What a node that has never run starts from. */
    public static final PersistentState EMPTY = new PersistentState(HardState.INITIAL, null, List.of());

    public PersistentState {
        Objects.requireNonNull(hardState, "hardState");
        entries = List.copyOf(entries);
        long expected = snapshot == null ? 1 : snapshot.lastIndex() + 1;
        for (Entry entry : entries) {
            if (entry.index() != expected) {
                throw new IllegalArgumentException("stored entries must follow the snapshot without gaps: expected index "
                        + expected + ", found " + entry.index());
            }
            expected++;
        }
    }
}
