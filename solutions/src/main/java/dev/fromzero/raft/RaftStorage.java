//@ chapter 4
package dev.fromzero.raft;

import java.io.Closeable;
import java.util.List;

/**
 * Where a node's persistent state lives: the hard state, the log and the latest snapshot.
 * Writes may sit in buffers until {@link #sync()}; what a crash keeps is what was synced
 * (and perhaps some of what was not, but never a torn entry). {@code dev.fromzero.raft.storage.LogStorage}
 * keeps it in files, on the chapter-1 log.
 */
public interface RaftStorage extends Closeable {

    /** Everything stored, as a restarted node needs it. */
    PersistentState load();

    /** Replaces the stored term and vote. */
    void saveHardState(HardState state);

    /**
     * Appends {@code entries}, which follow each other. If the first one's index is at or below
     * the last stored index, the stored entries from that index on are deleted first: a
     * conflicting suffix. The first index must be at most the last stored index plus one.
     */
    void append(List<Entry> entries);

    /**
     * Stores {@code snapshot} in place of the previous one and drops the entries it covers. If
     * the stored entry at the snapshot's last index has the snapshot's last term, the entries
     * after it stay; otherwise the whole log is dropped (Raft's rule for an installed snapshot).
     */
    void saveSnapshot(Snapshot snapshot);

    /** Makes every write so far durable. */
    void sync();

    @Override
    void close();
}
