package dev.fromzero.kv;

import java.nio.file.Path;

/**
 * A store's directory is already in use. One directory is one store, opened by one process at a
 * time: two processes appending to the same segment would interleave their records, and each
 * would have an index that misses the other's writes.
 */
public class StoreLockedException extends StorageException {

    private final Path directory;

    public StoreLockedException(Path directory) {
        super("directory " + directory + " is locked by another process (or by a store already open in this one): "
                + "close that store first; only one store may use a directory at a time");
        this.directory = directory;
    }

    /** The locked directory. */
    public Path directory() {
        return directory;
    }
}
