package dev.fromzero.kv.index;

import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.WriteBatch;
import dev.fromzero.kv.log.Log;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An iterator over a key range of a {@link Bitcask}, ascending or descending. It reads the
 * range in chunks of {@value #CHUNK} entries, each under the store's read lock, and remembers
 * only the last key it returned: the next chunk starts after it. So a scan holds no lock between
 * calls, never blocks a writer for long, and is weakly consistent: a key written while the scan
 * runs is seen if the scan has not passed it yet when its chunk is read.
 */
public final class Scan implements Iterator<KeyValue> {

    static final int CHUNK = 64;

    private final Keydir keydir;
    private final Log log;
    private final ReentrantReadWriteLock index;
    private final Runnable ensureOpen;
    private final byte[] from;
    private final byte[] to;
    private final boolean descending;
    private List<KeyValue> chunk = List.of();
    private int next;
    private byte[] last;
    private boolean exhausted;

    /**
     * A scan of the store whose keydir, log and index lock these are, from {@code from} up to
     * {@code to} (null: no bound).
     *
     * @param ensureOpen the store's check that it is open
     */
    Scan(Keydir keydir, Log log, ReentrantReadWriteLock index, Runnable ensureOpen,
            byte[] from, byte[] to, boolean descending) {
        this.keydir = keydir;
        this.log = log;
        this.index = index;
        this.ensureOpen = ensureOpen;
        this.from = from;
        this.to = to;
        this.descending = descending;
        ensureOpen.run();
    }

    @Override
    public boolean hasNext() {
        ensureOpen.run();
        if (next < chunk.size()) {
            return true;
        }
        if (exhausted) {
            return false;
        }
        chunk = chunk(last, CHUNK);
        next = 0;
        exhausted = chunk.size() < CHUNK;
        if (chunk.isEmpty()) {
            return false;
        }
        last = chunk.get(chunk.size() - 1).key();
        return true;
    }

    @Override
    public KeyValue next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the scan has no more keys");
        }
        return chunk.get(next++);
    }

    /**
     * The next entries of the scan, at most {@code max}, in its direction, starting after
     * {@code last} (the last key the scan returned; null for the first call). Reads them under
     * the read lock, so each chunk is a consistent view, and the scan as a whole weakly consistent.
     */
    private List<KeyValue> chunk(byte[] last, int max) {
        throw new UnsupportedOperationException("TODO(chapter02): Under the read lock, walk the keydir from where the scan stopped (ceiling/higher, or floor/lower backwards) while keys are in [from, to) (docs/chapter02-index.md#step-3-batches-and-scans)");
    }

    /** A copy of the scan bound {@code bound}, checked like a key; null (no bound) stays null. */
    static byte[] checkBound(byte[] bound) {
        if (bound == null) {
            return null;
        }
        WriteBatch.checkKey(bound);
        return bound.clone();
    }

    /** Whether {@code key} is in {@code [from, to)}; a null bound is no bound. */
    static boolean inRange(byte[] key, byte[] from, byte[] to) {
        return (from == null || Arrays.compareUnsigned(key, from) >= 0)
                && (to == null || Arrays.compareUnsigned(key, to) < 0);
    }

    /**
     * The least key above every key that starts with {@code prefix}, or null if there is none
     * (a prefix of only {@code 0xff} bytes): drop trailing {@code 0xff}s, then add one to the last byte.
     */
    public static byte[] prefixEnd(byte[] prefix) {
        throw new UnsupportedOperationException("TODO(chapter02): Drop trailing 0xff bytes and increment the last byte left; null if none is left (docs/chapter02-index.md#step-3-batches-and-scans)");
    }
}
