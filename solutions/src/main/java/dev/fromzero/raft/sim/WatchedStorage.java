//@ chapter 4
package dev.fromzero.raft.sim;

import dev.fromzero.raft.Entry;
import dev.fromzero.raft.HardState;
import dev.fromzero.raft.PersistentState;
import dev.fromzero.raft.RaftStorage;
import dev.fromzero.raft.Snapshot;
import java.util.List;

/**
 * A node's real storage, watched: every write and sync goes through to it, and is also noted in
 * the node's {@link DurableView}. A sync may be interrupted by a crash the scenario asked for,
 * before it reaches the disk, which is how a torn last write gets made.
 */
final class WatchedStorage implements RaftStorage {

    /** Runs before each sync; may crash the node by throwing. */
    interface BeforeSync {
        void run();
    }

    private final RaftStorage storage;
    private final DurableView view;
    private final BeforeSync beforeSync;
    private String lostOnRestart;

    WatchedStorage(RaftStorage storage, DurableView view, BeforeSync beforeSync) {
        this.storage = storage;
        this.view = view;
        this.beforeSync = beforeSync;
    }

    @Override
    public PersistentState load() {
        PersistentState state = storage.load();
        lostOnRestart = view.reload(state);
        return state;
    }

    /** After {@link #load}: what synced writes the storage lost across the crash, or null. */
    String lostOnRestart() {
        return lostOnRestart;
    }

    @Override
    public void saveHardState(HardState state) {
        storage.saveHardState(state);
        view.write(new DurableView.SaveHardState(state));
    }

    @Override
    public void append(List<Entry> entries) {
        storage.append(entries);
        view.write(new DurableView.Append(List.copyOf(entries)));
    }

    @Override
    public void saveSnapshot(Snapshot snapshot) {
        storage.saveSnapshot(snapshot);
        view.write(new DurableView.SaveSnapshot(snapshot.lastIndex(), snapshot.lastTerm()));
    }

    @Override
    public void sync() {
        beforeSync.run();
        storage.sync();
        view.synced();
    }

    @Override
    public void close() {
        storage.close();
    }
}
