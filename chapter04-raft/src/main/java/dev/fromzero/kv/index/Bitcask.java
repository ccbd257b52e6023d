package dev.fromzero.kv.index;

import dev.fromzero.kv.Durability;
import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.StorageException;
import dev.fromzero.kv.StoreOptions;
import dev.fromzero.kv.StoreStats;
import dev.fromzero.kv.WriteBatch;
import dev.fromzero.kv.log.Log;
import dev.fromzero.kv.log.LogOptions;
import dev.fromzero.kv.log.Position;
import dev.fromzero.kv.log.LogRecord;
import dev.fromzero.kv.log.RecordCodec;
import dev.fromzero.kv.log.RecordType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;

/**
 * The Bitcask store: every write is appended to the chapter-1 log, and the {@link Keydir} in
 * memory points each live key at its latest record. A read is one keydir lookup and one read of
 * the disk; a write is one append and no read. Opening the store replays the log to rebuild the
 * keydir.
 *
 * <p><b>Locks.</b> Two locks, taken in this order:
 * <ul>
 *   <li>{@code writer}, a mutex, serializes writes and syncs: the chapter-1 log is not thread-safe.
 *   <li>{@code index}, a read-write lock, guards the keydir and the log's list of segments.
 *       Readers share it; a write takes it exclusively only for its append and its keydir update
 *       (microseconds), never for a sync (milliseconds), so reads do not wait for the disk to
 *       sync. A batch updates the keydir under one exclusive hold, so readers see all of it or none.
 * </ul>
 *
 * <p><b>Durability</b> happens after a write has released both locks: with
 * {@link Durability#always()} the writer syncs (taking {@code writer} again), with group commit it
 * waits for {@link GroupCommit}'s next sync.
 */
public final class Bitcask implements KvStore {

    private final Path dir;
    private final StoreOptions options;
    private final DirectoryLock directoryLock;
    private final Log log;
    private final Keydir keydir = new Keydir();
    private final Space space = new Space();
    private final ReentrantLock writer = new ReentrantLock();
    private final ReentrantReadWriteLock index = new ReentrantReadWriteLock();
    private final GroupCommit groupCommit;
    /** How many writes were appended since open: write numbers for group commit. Guarded by {@code writer}. */
    private long writes;
    private volatile boolean closed;
    /** Chapter 3's merges, by hand and by policy: they work on the parts above, under the same locks. */
    private final Merger merger;

    private Bitcask(Path dir, StoreOptions options, DirectoryLock directoryLock, Log log) {
        this.dir = dir;
        this.options = options;
        this.directoryLock = directoryLock;
        this.log = log;
        this.groupCommit = options.durability() instanceof Durability.GroupCommit group
                ? new GroupCommit(group.interval(), this::syncAll, dir.toString())
                : null;
        this.merger = new Merger(dir, options, log, keydir, space, writer, index, this::ensureOpen);
    }

    /** See {@link KvStore#open(Path, StoreOptions)}. */
    public static Bitcask open(Path dir, StoreOptions options) {
        if (dir == null || options == null) {
            throw new IllegalArgumentException("open needs a directory and options, got " + dir + " and " + options);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("cannot create the store directory " + dir + ": " + e.getMessage(), e);
        }
        DirectoryLock lock = DirectoryLock.acquire(dir);
        Log log = null;
        try {
            MergeFiles.recover(dir);
            log = Log.open(dir, new LogOptions(options.maxSegmentBytes()));
            Bitcask store = new Bitcask(dir, options, lock, log);
            store.replay();
            store.merger.maybeMergeAutomatically();
            return store;
        } catch (RuntimeException e) {
            if (log != null) {
                log.close();
            }
            lock.close();
            throw e;
        }
    }

    /**
     * Rebuilds the keydir from the log, oldest record first: a put points its key at itself, a
     * tombstone removes its key. The log hands out only committed batches, and has cut a torn
     * tail off already. Also counts every segment's bytes for {@link #stats()}.
     */
    private void replay() {
        log.replay(
                HintReplay.start(dir, keydir, space)::indexSegment,
                entry -> index(entry.record(), entry.position()));
        for (Path segment : log.segments()) {
            space.written(segmentId(segment), size(segment));
        }
    }

    @Override
    public Path directory() {
        return dir;
    }

    @Override
    public void put(byte[] key, byte[] value) {
        WriteBatch.checkKey(key);
        WriteBatch.checkValue(value);
        LogRecord record = LogRecord.put(key.clone(), value.clone());
        write(() -> {
            Position position = log.append(record);
            space.written(position.fileId(), position.length());
            index(record, position);
            return true;
        });
    }

    @Override
    public byte[] get(byte[] key) {
        WriteBatch.checkKey(key);
        index.readLock().lock();
        try {
            ensureOpen();
            Position position = keydir.get(key);
            return position == null ? null : log.read(position).value();
        } finally {
            index.readLock().unlock();
        }
    }

    @Override
    public boolean contains(byte[] key) {
        WriteBatch.checkKey(key);
        index.readLock().lock();
        try {
            ensureOpen();
            return keydir.get(key) != null;
        } finally {
            index.readLock().unlock();
        }
    }

    @Override
    public boolean delete(byte[] key) {
        WriteBatch.checkKey(key);
        LogRecord tombstone = LogRecord.tombstone(key.clone());
        return write(() -> {
            if (keydir.get(key) == null) {
                return false;
            }
            Position position = log.append(tombstone);
            space.written(position.fileId(), position.length());
            index(tombstone, position);
            return true;
        });
    }

    @Override
    public void write(WriteBatch batch) {
        if (batch == null) {
            throw new IllegalArgumentException("the batch is null: to write nothing, write an empty WriteBatch");
        }
        if (batch.isEmpty()) {
            ensureOpen();
            return;
        }
        List<LogRecord> records = new ArrayList<>(batch.size());
        for (WriteBatch.Operation operation : batch.operations()) {
            records.add(operation.isDelete()
                    ? LogRecord.tombstone(operation.key())
                    : LogRecord.put(operation.key(), operation.value()));
        }
        write(() -> {
            List<Position> positions = log.appendBatch(records);
            space.written(positions.get(0).fileId(), RecordCodec.encodedBatchSize(records));
            for (int i = 0; i < records.size(); i++) {
                index(records.get(i), positions.get(i));
            }
            return true;
        });
    }

    @Override
    public Iterator<KeyValue> scan(byte[] fromInclusive, byte[] toExclusive) {
        return scan(Scan.checkBound(fromInclusive), Scan.checkBound(toExclusive), false);
    }

    @Override
    public Iterator<KeyValue> descendingScan(byte[] fromInclusive, byte[] toExclusive) {
        return scan(Scan.checkBound(fromInclusive), Scan.checkBound(toExclusive), true);
    }

    @Override
    public Iterator<KeyValue> scanPrefix(byte[] prefix) {
        WriteBatch.checkKey(prefix);
        return scan(prefix.clone(), Scan.prefixEnd(prefix), false);
    }

    @Override
    public Iterator<KeyValue> descendingScanPrefix(byte[] prefix) {
        WriteBatch.checkKey(prefix);
        return scan(prefix.clone(), Scan.prefixEnd(prefix), true);
    }

    @Override
    public void sync() {
        writer.lock();
        try {
            ensureOpen();
            log.sync();
        } finally {
            writer.unlock();
        }
    }

    @Override
    public StoreStats stats() {
        index.readLock().lock();
        try {
            ensureOpen();
            return new StoreStats(keydir.size(), space.liveBytes(), space.deadBytesBySegment());
        } finally {
            index.readLock().unlock();
        }
    }

    @Override
    public void merge() {
        merger.merge();
    }

    @Override
    public void backup(Path target) {
        new Backup(dir, log, writer, index, merger.mergeLock(), this::ensureOpen).copyTo(target);
    }

    @Override
    public void close() {
        long lastWrite;
        merger.beginClose();
        writer.lock();
        try {
            if (closed) {
                return;
            }
            index.writeLock().lock();
            try {
                closed = true;
                try {
                    log.sync();
                    log.close();
                } finally {
                    directoryLock.close();
                }
            } finally {
                index.writeLock().unlock();
            }
            lastWrite = writes;
        } finally {
            writer.unlock();
            merger.endClose();
        }
        if (groupCommit != null) {
            groupCommit.stop(lastWrite);
        }
    }

    @Override
    public String toString() {
        return "Bitcask(" + dir + ")";
    }

    /** Fails if the store is closed. */
    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the store in " + dir + " is closed");
        }
        merger.ensureNotFailed();
    }

    /**
     * Runs one write: {@code append} appends and updates the keydir while this holds the writer
     * lock and the index lock exclusively, and returns whether it wrote anything. Then, with no
     * lock held, waits until the write is as durable as the options promise.
     */
    private boolean write(BooleanSupplier append) {
        long number;
        boolean sealed;
        writer.lock();
        try {
            ensureOpen();
            long active = log.activeId();
            index.writeLock().lock();
            try {
                if (!append.getAsBoolean()) {
                    return false;
                }
            } finally {
                index.writeLock().unlock();
            }
            number = ++writes;
            sealed = log.activeId() != active;
        } finally {
            writer.unlock();
        }
        awaitDurable(number);
        if (sealed) {
            merger.maybeMergeAutomatically();
        }
        return true;
    }

    private Scan scan(byte[] from, byte[] to, boolean descending) {
        return new Scan(keydir, log, index, this::ensureOpen, from, to, descending);
    }

    /** Points the keydir at a record just appended or replayed, and moves its bytes and the replaced record's. */
    private void index(LogRecord record, Position position) {
        if (record.type() == RecordType.PUT) {
            space.replaced(keydir.put(record.key(), position), position);
        } else {
            space.replaced(keydir.remove(record.key()), null);
        }
    }

    /** Makes write number {@code write} as durable as the options promise. Holds no lock when called. */
    private void awaitDurable(long write) {
        if (options.durability() instanceof Durability.Never) {
            return; // the operating system writes the page cache out when it chooses
        }
        if (groupCommit != null) {
            groupCommit.awaitSync(write);
        } else {
            syncAll();
        }
    }

    /**
     * Syncs the log under the writer lock and returns the number of the last write it covers. On a
     * closed store it does nothing: close synced every write.
     */
    private long syncAll() {
        writer.lock();
        try {
            if (!closed) {
                log.sync();
            }
            return writes;
        } finally {
            writer.unlock();
        }
    }

    private static long segmentId(Path segment) {
        String name = segment.getFileName().toString();
        return Long.parseLong(name.substring(0, name.indexOf('.')));
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new StorageException("cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }
}
