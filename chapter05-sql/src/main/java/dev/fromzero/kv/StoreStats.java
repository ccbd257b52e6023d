package dev.fromzero.kv;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a {@link KvStore} holds, for monitoring: its live keys and bytes, and the dead bytes of each
 * segment, which a merge would reclaim.
 *
 * @param liveKeys how many keys exist
 * @param liveBytes the on-disk size of the records that hold the keys' current values (each
 *     record's encoded length, header included)
 * @param deadBytesBySegment for every segment, by segment number, the bytes of the segment file
 *     that hold no current value: overwritten and deleted records, tombstones, batch commit
 *     records. For each segment, its file size is its dead bytes plus the live bytes in it.
 */
public record StoreStats(long liveKeys, long liveBytes, SortedMap<Long, Long> deadBytesBySegment) {

    public StoreStats {
        deadBytesBySegment = Collections.unmodifiableSortedMap(new TreeMap<>(deadBytesBySegment));
    }

    /** The dead bytes of every segment together. */
    public long deadBytes() {
        return deadBytesBySegment.values().stream().mapToLong(Long::longValue).sum();
    }
}
