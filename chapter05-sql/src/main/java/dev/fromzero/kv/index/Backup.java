package dev.fromzero.kv.index;

import dev.fromzero.kv.StorageException;
import dev.fromzero.kv.log.DataFile;
import dev.fromzero.kv.log.Log;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;

/**
 * A copy of a running store that opens to one point in time. Sealing the log fixes the point:
 * every record written before it is in a sealed segment, and sealed segments never change, so
 * they can be copied with no lock of the store held while writes go on into the new active
 * segment. Only a merge could change them (by deleting them): a backup holds merges off with the
 * store's merge lock.
 */
final class Backup {

    private final Path dir;
    private final Log log;
    private final ReentrantLock writer;
    private final ReentrantReadWriteLock index;
    private final ReentrantLock merging;
    private final Runnable ensureOpen;

    /**
     * @param merging the store's merge lock ({@link Merger#mergeLock()})
     * @param ensureOpen the store's check that it is open: throws if it is closed or failed
     */
    Backup(Path dir, Log log, ReentrantLock writer, ReentrantReadWriteLock index, ReentrantLock merging,
            Runnable ensureOpen) {
        this.dir = dir;
        this.log = log;
        this.writer = writer;
        this.index = index;
        this.merging = merging;
        this.ensureOpen = ensureOpen;
    }

    /** See {@link dev.fromzero.kv.KvStore#backup(Path)}. */
    void copyTo(Path target) {
        Path copy = checkTarget(target);
        merging.lock();
        try {
            List<DataFile> sealed;
            writer.lock();
            try {
                ensureOpen.run();
                index.writeLock().lock();
                try {
                    log.seal(log.activeId() + 1);
                    sealed = log.sealedSegments();
                } finally {
                    index.writeLock().unlock();
                }
            } finally {
                writer.unlock();
            }
            Files.createDirectories(copy);
            List<Path> files = new ArrayList<>();
            for (DataFile segment : sealed) {
                files.add(segment.path());
                Path hint = HintFile.path(dir, segment.id());
                if (Files.exists(hint)) {
                    files.add(hint);
                }
            }
            if (Files.exists(dir.resolve(MergeFiles.MARKER))) {
                files.add(dir.resolve(MergeFiles.MARKER));
            }
            for (Path file : files) {
                Path to = copy.resolve(file.getFileName().toString());
                Files.copy(file, to);
                try (FileChannel channel = FileChannel.open(to, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
            Log.syncDirectoryOf(copy);
        } catch (IOException e) {
            throw new StorageException("cannot back up " + dir + " to " + copy + ": " + e.getMessage(), e);
        } finally {
            merging.unlock();
        }
    }

    /** The backup target, absolute; it must be missing or an empty directory, outside the store. */
    private Path checkTarget(Path target) {
        if (target == null) {
            throw new IllegalArgumentException("backup needs a target directory, got null");
        }
        Path copy = target.toAbsolutePath().normalize();
        if (copy.startsWith(dir.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("cannot back up " + dir + " into " + target + ", which is inside it");
        }
        if (Files.exists(copy)) {
            if (!Files.isDirectory(copy)) {
                throw new IllegalArgumentException("the backup target " + target + " exists and is not a directory");
            }
            try (Stream<Path> files = Files.list(copy)) {
                if (files.findAny().isPresent()) {
                    throw new IllegalArgumentException("the backup target " + target + " is not empty");
                }
            } catch (IOException e) {
                throw new StorageException("cannot list the backup target " + target + ": " + e.getMessage(), e);
            }
        }
        return copy;
    }
}
