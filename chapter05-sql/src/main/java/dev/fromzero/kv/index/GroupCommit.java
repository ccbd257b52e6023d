package dev.fromzero.kv.index;

import dev.fromzero.kv.StorageException;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Group commit: one background thread syncs the log at most once per interval, and each writer
 * waits, after its append, until a sync has covered it. Writes are numbered in append order; a
 * sync covers every write appended before it started, so one sync acknowledges every writer that
 * arrived since the last one. With many writers this gives nearly the safety of a sync per write
 * at a fraction of the syncs.
 *
 * <p>The thread sleeps while no writer waits, so an idle store does no work.
 */
final class GroupCommit {

    private final long intervalNanos;
    private final LongSupplier syncAll;
    private final Thread thread;
    /** The highest write number a writer waits for. */
    private long requested;
    /** Every write up to this number is on the disk. */
    private long synced;
    private RuntimeException failure;
    private boolean stopped;

    /**
     * @param syncAll syncs the log and returns the number of the last write the sync covers
     */
    GroupCommit(Duration interval, LongSupplier syncAll, String name) {
        this.intervalNanos = interval.toNanos();
        this.syncAll = syncAll;
        this.thread = new Thread(this::run, "group-commit " + name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Waits until write number {@code write} is on the disk.
     *
     * @throws StorageException if a sync failed: the write may be lost in a power cut
     */
    synchronized void awaitSync(long write) {
        if (write > requested) {
            requested = write;
            notifyAll();
        }
        boolean interrupted = false;
        while (synced < write && failure == null) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (synced < write) {
            throw new StorageException("the write was appended but its sync failed: it may not survive a power cut", failure);
        }
    }

    /** Stops the thread once every write up to {@code lastWrite} is known to be synced (by the caller). */
    void stop(long lastWrite) {
        synchronized (this) {
            synced = Math.max(synced, lastWrite);
            stopped = true;
            notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long lastSync = System.nanoTime() - intervalNanos;
        while (true) {
            synchronized (this) {
                if (stopped) {
                    return;
                }
                long untilNext = lastSync + intervalNanos - System.nanoTime();
                if (requested <= synced || untilNext > 0) {
                    waitQuietly(requested <= synced ? 0 : untilNext);
                    continue;
                }
            }
            lastSync = System.nanoTime();
            try {
                long covered = syncAll.getAsLong();
                synchronized (this) {
                    synced = Math.max(synced, covered);
                    notifyAll();
                }
            } catch (RuntimeException e) {
                synchronized (this) {
                    failure = e;
                    notifyAll();
                }
                return;
            }
        }
    }

    /** Waits for a notification, or {@code nanos} at most (0: no limit). The caller holds the monitor. */
    private void waitQuietly(long nanos) {
        try {
            if (nanos == 0) {
                wait();
            } else {
                wait(nanos / 1_000_000, (int) (nanos % 1_000_000));
            }
        } catch (InterruptedException e) {
            failure = new StorageException("the group commit thread was interrupted; writes can no longer be synced");
            stopped = true;
            notifyAll();
        }
    }
}
