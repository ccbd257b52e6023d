package dev.fromzero.kv.index;

import dev.fromzero.kv.MergePolicy;
import dev.fromzero.kv.StorageException;
import dev.fromzero.kv.StoreOptions;
import dev.fromzero.kv.log.DataFile;
import dev.fromzero.kv.log.Log;
import dev.fromzero.kv.log.LogEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The merges of a running {@link Bitcask}, by hand ({@link #merge()}) and by policy
 * ({@link #maybeMergeAutomatically()}). A merge has three parts: seal the log under the store's
 * locks, copy the live records and commit with no lock held ({@link Merge}), then switch the
 * keydir to the copies in short holds of the index lock ({@link MergeInstall}).
 *
 * <p>It works on the store's own log, keydir and space, under the store's {@code writer} and
 * {@code index} locks, and adds a third, {@link #mergeLock()}, taken before both: one merge or
 * backup at a time, and none while the store closes.
 */
final class Merger {

    private static final System.Logger LOG = System.getLogger("dev.fromzero.kv");

    private final Path dir;
    private final StoreOptions options;
    private final Log log;
    private final Keydir keydir;
    private final Space space;
    private final ReentrantLock writer;
    private final ReentrantReadWriteLock index;
    private final Runnable ensureOpen;
    private final MergeInstall install;
    /** Held by a merge or a backup from start to end: one at a time, and none while the store closes. */
    private final ReentrantLock merging = new ReentrantLock();
    private final AtomicBoolean automaticMergeRunning = new AtomicBoolean();
    /** Set when close begins: a merge still copying stops at its next record. */
    private volatile boolean closing;
    /** Why the store cannot go on, after a merge failed once it had committed; null while it can. */
    private volatile String failure;

    /**
     * @param ensureOpen the store's check that it is open: throws if it is closed or failed
     */
    Merger(Path dir, StoreOptions options, Log log, Keydir keydir, Space space,
            ReentrantLock writer, ReentrantReadWriteLock index, Runnable ensureOpen) {
        this.dir = dir;
        this.options = options;
        this.log = log;
        this.keydir = keydir;
        this.space = space;
        this.writer = writer;
        this.index = index;
        this.ensureOpen = ensureOpen;
        this.install = new MergeInstall(dir, log, keydir, space, index, options.faults());
    }

    /** The lock a merge holds from start to end; a backup takes it to hold merges off. */
    ReentrantLock mergeLock() {
        return merging;
    }

    /** See {@link dev.fromzero.kv.KvStore#merge()}. */
    void merge() {
        merging.lock();
        try {
            ensureOpen.run();
            mergeLocked();
        } finally {
            merging.unlock();
        }
    }

    /**
     * For the store's close: a merge still copying stops at its next record; one installing
     * finishes first. Returns holding the merge lock, so that none starts until {@link #endClose()}.
     */
    void beginClose() {
        closing = true;
        merging.lock();
    }

    /** Releases the merge lock {@link #beginClose()} took. */
    void endClose() {
        merging.unlock();
    }

    /** Fails if a merge stopped halfway through its install: the store must be reopened. */
    void ensureNotFailed() {
        if (failure != null) {
            throw new IllegalStateException(failure);
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
            ensureOpen.run();
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
            install.install(marker, sealed);
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
     * Starts a merge on a background thread if the policy asks for one and none is running. The
     * store calls it at the end of open and after a write that made the log seal a segment.
     */
    void maybeMergeAutomatically() {
        MergePolicy policy = options.mergePolicy();
        if (!policy.automatic() || closing || failure != null) {
            return;
        }
        long[] totals;
        index.readLock().lock();
        try {
            if (closing) {
                return; // set before the store closes, so this covers a closed store too
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
        long dead = written - live;
        return dead > 0
                && dead >= policy.minDeadBytes()
                && dead >= policy.deadRatio() * written
                && usable - mergeOutputBound(live) >= policy.minFreeBytes();
    }

    private void mergeAutomatically() {
        try {
            if (merging.tryLock()) {
                try {
                    if (!closing && failure == null) {
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
}
