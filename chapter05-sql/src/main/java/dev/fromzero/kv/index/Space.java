package dev.fromzero.kv.index;

import dev.fromzero.kv.log.Position;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where the bytes of each segment go: how many were written to it, and how many of those hold a
 * current value (a record the keydir points to). The rest are dead: overwritten and deleted
 * records, tombstones, batch commit records. Chapter 3's merge policy picks segments by their
 * dead bytes.
 *
 * <p>Not thread-safe: the store updates it under its write lock and reads it under its read lock.
 */
final class Space {

    private final TreeMap<Long, long[]> segments = new TreeMap<>();
    private long liveBytes;

    /** {@code bytes} more bytes were written to segment {@code segment} (records, commits, a tail). */
    void written(long segment, long bytes) {
        counters(segment)[0] += bytes;
    }

    /**
     * The keydir now points to {@code now} instead of {@code before} (either may be null: a new
     * key, a deleted one): {@code now}'s bytes become live, {@code before}'s dead.
     */
    void replaced(Position before, Position now) {
        if (before != null) {
            counters(before.fileId())[1] -= before.length();
            liveBytes -= before.length();
        }
        if (now != null) {
            counters(now.fileId())[1] += now.length();
            liveBytes += now.length();
        }
    }

    /** The bytes of the records the keydir points to. */
    long liveBytes() {
        return liveBytes;
    }

    /** For every segment, its bytes that hold no current value. */
    SortedMap<Long, Long> deadBytesBySegment() {
        SortedMap<Long, Long> dead = new TreeMap<>();
        for (Map.Entry<Long, long[]> entry : segments.entrySet()) {
            dead.put(entry.getKey(), entry.getValue()[0] - entry.getValue()[1]);
        }
        return dead;
    }

    /** The bytes of segment {@code segment} that hold a current value. */
    long liveBytes(long segment) {
        long[] counters = segments.get(segment);
        return counters == null ? 0 : counters[1];
    }

    /** The bytes written to, and the live bytes of, every segment numbered before {@code segment}, together. */
    long[] totalsBefore(long segment) {
        long written = 0;
        long live = 0;
        for (long[] counters : segments.headMap(segment).values()) {
            written += counters[0];
            live += counters[1];
        }
        return new long[] {written, live};
    }

    /** Segment {@code segment} is gone: a merge deleted it after moving its live records elsewhere. */
    void forget(long segment) {
        segments.remove(segment);
    }

    /** {written, live} of a segment. */
    private long[] counters(long segment) {
        return segments.computeIfAbsent(segment, id -> new long[2]);
    }
}
