package dev.fromzero.kv.index;

import dev.fromzero.kv.StorageException;
import dev.fromzero.kv.StoreLockedException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock that keeps a store's directory to one process: an exclusive lock, taken by the
 * operating system, on the file {@code LOCK} in the directory. The operating system releases it
 * when the process ends, however it ends ({@code kill -9} included), so a crash never leaves a
 * stale lock behind; the file itself stays and means nothing.
 *
 * <p>Java adds one twist: a JVM holds file locks for the whole process, so a second
 * {@code tryLock} on the same file from the same JVM does not return null but throws
 * {@link OverlappingFileLockException}. Both mean "in use" here.
 */
final class DirectoryLock implements Closeable {

    static final String FILE_NAME = "LOCK";

    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code dir}, which must exist, or fails at once.
     *
     * @throws StoreLockedException if another process, or another store of this one, holds it
     */
    static DirectoryLock acquire(Path dir) {
        FileChannel channel;
        try {
            channel = FileChannel.open(dir.resolve(FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StorageException("cannot open the lock file in " + dir + ": " + e.getMessage(), e);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new DirectoryLock(channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // held by another store in this JVM: reported below like a lock of another process
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StorageException("cannot lock " + dir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
        closeQuietly(channel);
        throw new StoreLockedException(dir);
    }

    /** Releases the lock. */
    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new StorageException("cannot release the lock file " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was locked: nothing to lose
        }
    }
}
