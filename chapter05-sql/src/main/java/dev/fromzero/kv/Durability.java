package dev.fromzero.kv;

import java.time.Duration;
import java.util.Objects;

/**
 * When a {@link KvStore}'s writes are forced to the disk, and so what survives a crash of the
 * machine. Every option keeps every write that returned across a crash of the <em>process</em>:
 * the bytes are in the operating system's page cache by then.
 */
public sealed interface Durability {

    /**
     * Sync before every write returns: a write that returned survives a power cut. The slowest
     * option: each write waits for the disk.
     */
    static Durability always() {
        return new Always();
    }

    /**
     * Group commit: sync at most once per {@code interval}, and make each write wait for the sync
     * that covers it. A write that returned survives a power cut, as with {@link #always()}, but
     * one sync serves every write that arrived during the interval, so many writers together get
     * far more writes per second. A lone writer waits up to {@code interval} per write.
     */
    static Durability groupCommit(Duration interval) {
        return new GroupCommit(interval);
    }

    /**
     * Never sync (but on {@link KvStore#sync} and {@link KvStore#close}): the operating system
     * writes the page cache out when it chooses. After a power cut, what survives is a prefix of
     * the writes, in order, with nothing corrupt, but any number of the latest writes may be lost.
     */
    static Durability never() {
        return new Never();
    }

    /** Sync on every write. */
    record Always() implements Durability {
    }

    /** Sync at most once per {@code interval}; writers wait for their sync. */
    record GroupCommit(Duration interval) implements Durability {
        public GroupCommit {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero() || interval.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("a group commit interval must be above 0 and at most a minute, was " + interval);
            }
        }
    }

    /** Leave syncing to the operating system. */
    record Never() implements Durability {
    }
}
