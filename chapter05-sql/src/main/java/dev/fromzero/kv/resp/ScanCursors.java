package dev.fromzero.kv.resp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The positions of the SCANs in progress, by cursor number.
 *
 * <p>Our position in an iteration is a key: the last one a SCAN call returned, after which the
 * next call goes on in key order. That makes SCAN stable across calls and writes: every key that
 * exists from the first call to the last is returned exactly once, whatever is written in
 * between. But a Redis cursor is a 64-bit number (redis-cli parses it as one), and a key can be
 * 64 KiB long, so the server keeps the keys and hands out numbers for them. Cursor 0 starts an
 * iteration and ends one, as in Redis. The server remembers the latest {@link #CAPACITY}
 * cursors of all connections (any connection may continue a scan, as in Redis); an older one is
 * forgotten, and using it is an error that says to start again from 0.
 */
final class ScanCursors {

    static final int CAPACITY = 10_000;

    private final Map<Long, byte[]> positions = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, byte[]> eldest) {
            return size() > CAPACITY;
        }
    };
    private long lastCursor;

    /** A new cursor that resumes after {@code lastKey}. */
    synchronized long save(byte[] lastKey) {
        long cursor = ++lastCursor;
        positions.put(cursor, lastKey);
        return cursor;
    }

    /** The key after which {@code cursor} resumes, or null if the cursor is unknown or forgotten. */
    synchronized byte[] resume(long cursor) {
        return positions.get(cursor);
    }
}
