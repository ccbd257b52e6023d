//@ chapter 2
package dev.fromzero.kv.index;

import dev.fromzero.kv.Durability;
import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.StorageException;
import dev.fromzero.kv.StoreOptions;
import dev.fromzero.kv.StoreStats;
import dev.fromzero.kv.WriteBatch;
//@ since 3
import dev.fromzero.kv.FaultPoint;
import dev.fromzero.kv.MergePolicy;
import dev.fromzero.kv.log.DataFile;
import dev.fromzero.kv.log.LogEntry;
//@ end
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
//@ since 3
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
//@ end

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
    //@ since 3
    private static final System.Logger LOG = System.getLogger("dev.fromzero.kv");
    /** How many keydir entries a merge repoints per hold of the index lock: readers wait for one chunk at most. */
    private static final int REPOINT_CHUNK = 4096;
    /** Held by a merge or a backup from start to end: one at a time, and none while the store closes. */
    private final ReentrantLock merging = new ReentrantLock();
    private final AtomicBoolean automaticMergeRunning = new AtomicBoolean();
    /** Set when close begins: a merge still copying stops at its next record. */
    private volatile boolean closing;
    /** Why the store cannot go on, after a merge failed once it had committed; null while it can. */
    private volatile String failure;
    /** The last installed merge, whose segments should have hint files; null if none is known. */
    private MergeFiles.Marker lastMerge;
    //@ end

    private Bitcask(Path dir, StoreOptions options, DirectoryLock directoryLock, Log log) {
        this.dir = dir;
        this.options = options;
        this.directoryLock = directoryLock;
        this.log = log;
        this.groupCommit = options.durability() instanceof Durability.GroupCommit group
                ? new GroupCommit(group.interval(), this::syncAll, dir.toString())
                : null;
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
            //@ since 3
            MergeFiles.recover(dir);
            //@ end
            log = Log.open(dir, new LogOptions(options.maxSegmentBytes()));
            Bitcask store = new Bitcask(dir, options, lock, log);
            //@ since 3
            store.lastMerge = readLastMerge(dir);
            //@ end
            store.replay();
            //@ since 3
            store.maybeMergeAutomatically();
            //@ end
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
        //@ todo 2: Replay the log into the keydir (latest put wins, a tombstone removes), then count each segment's size as written (docs/chapter02-index.md#step-2-the-store)
        log.replay(entry -> index(entry.record(), entry.position())
                //@ since 3
                , this::replayHints
                //@ end
        );
        for (Path segment : log.segments()) {
            space.written(segmentId(segment), size(segment));
        }
        //@ end
    }

    @Override
    public Path directory() {
        return dir;
    }

    @Override
    public void put(byte[] key, byte[] value) {
        WriteBatch.checkKey(key);
        WriteBatch.checkValue(value);
        //@ todo 2: Append a put record, count its bytes, and point the key at it, inside write(...) (docs/chapter02-index.md#step-2-the-store)
        LogRecord record = LogRecord.put(key.clone(), value.clone());
        write(() -> {
            Position position = log.append(record);
            space.written(position.fileId(), position.length());
            index(record, position);
            return true;
        });
        //@ end
    }

    @Override
    public byte[] get(byte[] key) {
        WriteBatch.checkKey(key);
        //@ todo 2: Under the read lock, find the key's position in the keydir and read its record's value from the log (docs/chapter02-index.md#step-2-the-store)
        index.readLock().lock();
        try {
            ensureOpen();
            Position position = keydir.get(key);
            return position == null ? null : log.read(position).value();
        } finally {
            index.readLock().unlock();
        }
        //@ end
    }

    @Override
    public boolean contains(byte[] key) {
        WriteBatch.checkKey(key);
        //@ todo 2: Under the read lock, ask the keydir only: no disk read (docs/chapter02-index.md#step-2-the-store)
        index.readLock().lock();
        try {
            ensureOpen();
            return keydir.get(key) != null;
        } finally {
            index.readLock().unlock();
        }
        //@ end
    }

    @Override
    public boolean delete(byte[] key) {
        WriteBatch.checkKey(key);
        //@ todo 2: If the key exists, append a tombstone, count its bytes, and remove the key, inside write(...) (docs/chapter02-index.md#step-2-the-store)
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
        //@ end
    }

    @Override
    public void write(WriteBatch batch) {
        if (batch == null) {
            throw new IllegalArgumentException("the batch is null: to write nothing, write an empty WriteBatch");
        }
        //@ todo 2: Append the operations as one chapter-1 batch, count its bytes, and index every member, inside one write(...) (docs/chapter02-index.md#step-3-batches-and-scans)
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
        //@ end
    }

    @Override
    public Iterator<KeyValue> scan(byte[] fromInclusive, byte[] toExclusive) {
        return new Scan(this, checkBound(fromInclusive), checkBound(toExclusive), false);
    }

    @Override
    public Iterator<KeyValue> descendingScan(byte[] fromInclusive, byte[] toExclusive) {
        return new Scan(this, checkBound(fromInclusive), checkBound(toExclusive), true);
    }

    @Override
    public Iterator<KeyValue> scanPrefix(byte[] prefix) {
        WriteBatch.checkKey(prefix);
        return new Scan(this, prefix.clone(), Scan.prefixEnd(prefix), false);
    }

    @Override
    public Iterator<KeyValue> descendingScanPrefix(byte[] prefix) {
        WriteBatch.checkKey(prefix);
        return new Scan(this, prefix.clone(), Scan.prefixEnd(prefix), true);
    }

    /**
     * The next entries of a scan, at most {@code max}, in the scan's direction, starting after
     * {@code last} (the last key the scan returned; null for the first call). Reads them under
     * the read lock, so each chunk is a consistent view, and the scan as a whole weakly consistent.
     */
    List<KeyValue> chunk(byte[] from, byte[] to, boolean descending, byte[] last, int max) {
        //@ todo 2: Under the read lock, walk the keydir from where the scan stopped (ceiling/higher, or floor/lower backwards) while keys are in [from, to) (docs/chapter02-index.md#step-3-batches-and-scans)
        index.readLock().lock();
        try {
            ensureOpen();
            List<KeyValue> entries = new ArrayList<>();
            Keydir.Entry entry;
            if (descending) {
                entry = last != null ? keydir.lower(last) : to != null ? keydir.lower(to) : keydir.last();
            } else {
                entry = last != null ? keydir.higher(last) : from != null ? keydir.ceiling(from) : keydir.first();
            }
            while (entry != null && entries.size() < max && Scan.inRange(entry.key(), from, to)) {
                entries.add(new KeyValue(entry.key(), log.read(entry.position()).value()));
                entry = descending ? keydir.lower(entry.key()) : keydir.higher(entry.key());
            }
            return entries;
        } finally {
            index.readLock().unlock();
        }
        //@ end
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
        //@ todo 2: Under the read lock: live keys from the keydir, live and dead bytes from the space accounting (docs/chapter02-index.md#step-6-stats-and-bad-input)
        index.readLock().lock();
        try {
            ensureOpen();
            return new StoreStats(keydir.size(), space.liveBytes(), space.deadBytesBySegment());
        } finally {
            index.readLock().unlock();
        }
        //@ end
    }

    //@ since 3
    @Override
    public void merge() {
        merging.lock();
        try {
            ensureOpen();
            mergeLocked();
        } finally {
            merging.unlock();
        }
    }

    /**
     * A merge, while this thread holds {@code merging}: seal, check the disk, copy and commit
     * ({@link Merge}), then install. A failure before the install begins leaves the store as it
     * was in memory (a committed merge/ it leaves behind is installed by the next open, or
     * dropped by the next merge: either way the data is the same). A failure during the install
     * leaves memory half switched, so the store refuses further calls and must be reopened,
     * which finishes the merge.
     */
    private void mergeLocked() {
        // Seal: every record so far is now in a segment nobody appends to. New writes go to a
        // segment numbered after the ids kept free for the merge's output.
        List<DataFile> sealed;
        long sealedUpTo;
        long lastFreeId;
        long outputBytes;
        writer.lock();
        try {
            ensureOpen();
            index.writeLock().lock();
            try {
                long live = space.totalsBefore(log.activeId() + 1)[1];
                long free = mergeOutputSegments(live, options.maxSegmentBytes());
                sealedUpTo = log.seal(log.activeId() + 1 + free);
                lastFreeId = sealedUpTo + free;
                sealed = log.sealedSegments();
                outputBytes = mergeOutputBound(live);
            } finally {
                index.writeLock().unlock();
            }
        } finally {
            writer.unlock();
        }
        long usable = usableSpace();
        if (usable < outputBytes) {
            throw new StorageException("not enough free disk to merge " + dir + ": the merge may write up to "
                    + outputBytes + " bytes, and " + usable + " are free");
        }
        Merge merge = new Merge(dir, options.maxSegmentBytes(), options.faults(), () -> closing);
        MergeFiles.Marker marker = merge.copyAndCommit(sealed, sealedUpTo, lastFreeId, this::isLive);
        try {
            install(marker, sealed);
        } catch (RuntimeException | Error e) {
            failure = "the store in " + dir + " stopped while installing a merge (" + e
                    + "); close it and open it again, which finishes the merge";
            throw e;
        }
    }

    /** Whether the keydir still points at this record: if not, it was overwritten or deleted. */
    private boolean isLive(LogEntry entry) {
        index.readLock().lock();
        try {
            return entry.position().equals(keydir.get(entry.record().key()));
        } finally {
            index.readLock().unlock();
        }
    }

    /**
     * Installs a committed merge: moves its files in, starts reading them, repoints every key that
     * still points into an old segment at its merged copy, stops reading the old segments, deletes
     * them, and makes the marker the store's {@code MERGED} record. Readers and writers wait only
     * for short holds of the index lock; both old and merged copies hold the same values meanwhile.
     */
    private void install(MergeFiles.Marker marker, List<DataFile> sealed) {
        //@ todo 3: Move the merged files in, add them to the log, repoint the keys still in old segments chunk by chunk, then drop and delete the old segments and finish (docs/chapter03-merge.md#step-2-merge)
        MergeFiles.moveIn(dir, marker, options.faults());
        List<Long> merged = marker.mergedIds();
        index.writeLock().lock();
        try {
            log.addSegments(merged);
            for (long id : merged) {
                space.written(id, size(Log.segmentPath(dir, id)));
            }
        } finally {
            index.writeLock().unlock();
        }
        for (long id : merged) {
            List<HintFile.Entry> entries = HintFile.read(HintFile.path(dir, id), size(Log.segmentPath(dir, id)));
            for (int from = 0; from < entries.size(); from += REPOINT_CHUNK) {
                index.writeLock().lock();
                try {
                    for (HintFile.Entry entry : entries.subList(from, Math.min(entries.size(), from + REPOINT_CHUNK))) {
                        Position now = keydir.get(entry.key());
                        // Only a key no write touched since the seal still points into an old segment.
                        if (now != null && now.fileId() <= marker.sealedUpTo()) {
                            index(id, entry);
                        }
                    }
                } finally {
                    index.writeLock().unlock();
                }
            }
        }
        List<Long> old = sealed.stream().map(DataFile::id).toList();
        index.writeLock().lock();
        try {
            for (long id : old) {
                if (space.liveBytes(id) != 0) {
                    throw new IllegalStateException("after repointing, " + space.liveBytes(id)
                            + " live bytes are still in segment " + id + " of " + dir + ", which the merge replaces");
                }
            }
            log.removeSegments(old);
            old.forEach(space::forget);
        } finally {
            index.writeLock().unlock();
        }
        MergeFiles.removeOld(dir, old, options.faults());
        options.faults().reached(FaultPoint.AFTER_INSTALL);
        MergeFiles.finish(dir);
        lastMerge = marker;
        //@ end
    }

    /**
     * During replay: indexes segment {@code id} from its hint file and returns true, or returns
     * false so that the log scans the segment. A hint that is damaged, stale, or missing for a
     * segment the last merge wrote is logged as a warning; no data is lost, the scan finds it all.
     */
    private boolean replayHints(long id) {
        Path hint = HintFile.path(dir, id);
        boolean exists = Files.exists(hint);
        if (!exists) {
            if (lastMerge != null && lastMerge.merged(id)) {
                LOG.log(System.Logger.Level.WARNING, "hint file " + hint + " is missing: scanning segment "
                        + Log.segmentPath(dir, id) + " instead");
            }
            return false;
        }
        //@ todo 3: Read the hint for the segment's current size; on a StorageException warn and return false; else point each key at its record (docs/chapter03-merge.md#step-3-startup-from-hints)
        List<HintFile.Entry> entries;
        try {
            entries = HintFile.read(hint, size(Log.segmentPath(dir, id)));
        } catch (StorageException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot use hint file " + hint + " (" + e.getMessage()
                    + "): scanning segment " + Log.segmentPath(dir, id) + " instead");
            return false;
        }
        for (HintFile.Entry entry : entries) {
            index(id, entry);
        }
        return true;
        //@ end
    }

    /** Points the keydir at the record a hint entry of segment {@code id} names, and moves the bytes. */
    private void index(long id, HintFile.Entry entry) {
        Position position = new Position(id, entry.offset(), entry.length());
        space.replaced(keydir.put(entry.key(), position), position);
    }

    /** Starts a merge on a background thread if the policy asks for one and none is running. */
    private void maybeMergeAutomatically() {
        MergePolicy policy = options.mergePolicy();
        if (!policy.automatic() || closing || failure != null) {
            return;
        }
        long[] totals;
        index.readLock().lock();
        try {
            if (closed) {
                return;
            }
            totals = space.totalsBefore(log.activeId());
        } finally {
            index.readLock().unlock();
        }
        if (shouldMerge(policy, totals[0], totals[1], usableSpace())
                && automaticMergeRunning.compareAndSet(false, true)) {
            Thread thread = new Thread(this::mergeAutomatically, "fromzero-merge");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Whether {@code policy} asks for a merge of sealed segments holding {@code written} bytes of
     * which {@code live} are live, with {@code usable} bytes of free disk.
     */
    static boolean shouldMerge(MergePolicy policy, long written, long live, long usable) {
        //@ todo 3: Enough dead bytes, a high enough share of them, and room left on the disk after the merge's output (docs/chapter03-merge.md#step-6-merge-policy)
        long dead = written - live;
        return dead > 0
                && dead >= policy.minDeadBytes()
                && dead >= policy.deadRatio() * written
                && usable - mergeOutputBound(live) >= policy.minFreeBytes();
        //@ end
    }

    private void mergeAutomatically() {
        try {
            if (merging.tryLock()) {
                try {
                    if (!closing && !closed && failure == null) {
                        mergeLocked();
                    }
                } finally {
                    merging.unlock();
                }
            }
        } catch (Merge.Aborted e) {
            // the store is closing
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "automatic merge of " + dir + " failed: " + e.getMessage(), e);
        } finally {
            automaticMergeRunning.set(false);
        }
    }

    /**
     * The most segments a merge of records holding {@code live} bytes writes, filling each segment
     * up to {@code maxSegmentBytes} as the log does. A segment is closed only when the next record
     * does not fit, so any two segments in a row hold more than {@code maxSegmentBytes}. (Counting
     * the segments merged would not do: the log keeps a batch in one segment even when the batch
     * is larger, and the merge writes its records one by one.)
     */
    static long mergeOutputSegments(long live, long maxSegmentBytes) {
        return 2 * ((live + maxSegmentBytes - 1) / maxSegmentBytes) + 2;
    }

    /**
     * The most a merge of records holding {@code live} bytes writes: the records again, and a hint
     * entry for each, which is never longer than its record.
     */
    private static long mergeOutputBound(long live) {
        return 2 * live;
    }

    private long usableSpace() {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            throw new StorageException("cannot read the free space of " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The store's record of its last merge, or null (none, or damaged: then hints are used where they are whole). */
    private static MergeFiles.Marker readLastMerge(Path dir) {
        try {
            return MergeFiles.Marker.read(dir.resolve(MergeFiles.MARKER));
        } catch (StorageException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; hint files are used where they are whole");
            return null;
        }
    }

    @Override
    public void backup(Path target) {
        Path copy = checkBackupTarget(target);
        //@ todo 3: Hold off merges, seal, then copy every sealed segment, its hint and MERGED into the target and sync them all (docs/chapter03-merge.md#step-7-backup)
        merging.lock();
        try {
            List<DataFile> sealed;
            writer.lock();
            try {
                ensureOpen();
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
        //@ end
    }

    /** The backup target, absolute; it must be missing or an empty directory, outside the store. */
    private Path checkBackupTarget(Path target) {
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

    //@ end
    @Override
    public void close() {
        long lastWrite;
        //@ since 3
        closing = true;
        merging.lock(); // a merge still copying stops at its next record; one installing finishes
        try {
        //@ end
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
        }
        //@ since 3
        } finally {
            merging.unlock();
        }
        //@ end
        if (groupCommit != null) {
            groupCommit.stop(lastWrite);
        }
    }

    @Override
    public String toString() {
        return "Bitcask(" + dir + ")";
    }

    /** Fails if the store is closed. */
    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the store in " + dir + " is closed");
        }
        //@ since 3
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        //@ end
    }

    /**
     * Runs one write: {@code append} appends and updates the keydir while this holds the writer
     * lock and the index lock exclusively, and returns whether it wrote anything. Then, with no
     * lock held, waits until the write is as durable as the options promise.
     */
    private boolean write(BooleanSupplier append) {
        long number;
        //@ since 3
        boolean sealed;
        //@ end
        writer.lock();
        try {
            ensureOpen();
            //@ since 3
            long active = log.activeId();
            //@ end
            index.writeLock().lock();
            try {
                if (!append.getAsBoolean()) {
                    return false;
                }
            } finally {
                index.writeLock().unlock();
            }
            number = ++writes;
            //@ since 3
            sealed = log.activeId() != active;
            //@ end
        } finally {
            writer.unlock();
        }
        awaitDurable(number);
        //@ since 3
        if (sealed) {
            maybeMergeAutomatically();
        }
        //@ end
        return true;
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
        //@ todo 2: Always: sync now (syncAll); group commit: wait until the group commit thread's sync covers this write (docs/chapter02-index.md#step-4-durability)
        if (groupCommit != null) {
            groupCommit.awaitSync(write);
        } else {
            syncAll();
        }
        //@ end
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

    private static byte[] checkBound(byte[] bound) {
        if (bound == null) {
            return null;
        }
        WriteBatch.checkKey(bound);
        return bound.clone();
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
