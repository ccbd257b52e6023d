package dev.fromzero.raft.storage;

import dev.fromzero.raft.Entry;
import dev.fromzero.raft.HardState;
import dev.fromzero.raft.PersistentState;
import dev.fromzero.raft.RaftStorage;
import dev.fromzero.raft.Snapshot;
import java.nio.file.Path;
import java.util.List;

/**
 * A node's persistent state in files under one directory, on the chapter-1 log.
 */
public final class LogStorage implements RaftStorage {

    private LogStorage() {
    }

    /** Opens the storage in {@code dir} (creating it if needed), recovering a torn last write. */
    public static LogStorage open(Path dir) {
        throw new UnsupportedOperationException("being written");
    }

    @Override
    public PersistentState load() {
        throw new UnsupportedOperationException("being written");
    }

    @Override
    public void saveHardState(HardState state) {
        throw new UnsupportedOperationException("being written");
    }

    @Override
    public void append(List<Entry> entries) {
        throw new UnsupportedOperationException("being written");
    }

    @Override
    public void saveSnapshot(Snapshot snapshot) {
        throw new UnsupportedOperationException("being written");
    }

    @Override
    public void sync() {
        throw new UnsupportedOperationException("being written");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("being written");
    }
}
