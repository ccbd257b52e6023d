package dev.fromzero.kv.index;

import dev.fromzero.kv.KeyValue;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * An iterator over a key range of a {@link Bitcask}, ascending or descending. It fetches the
 * range in chunks of {@value #CHUNK} entries, each under the store's read lock, and remembers
 * only the last key it returned: the next chunk starts after it. So a scan holds no lock between
 * calls, never blocks a writer for long, and is weakly consistent: a key written while the scan
 * runs is seen if the scan has not passed it yet when its chunk is read.
 */
final class Scan implements Iterator<KeyValue> {

    static final int CHUNK = 64;

    private final Bitcask store;
    private final byte[] from;
    private final byte[] to;
    private final boolean descending;
    private List<KeyValue> chunk = List.of();
    private int next;
    private byte[] last;
    private boolean exhausted;

    Scan(Bitcask store, byte[] from, byte[] to, boolean descending) {
        this.store = store;
        this.from = from;
        this.to = to;
        this.descending = descending;
        store.ensureOpen();
    }

    @Override
    public boolean hasNext() {
        store.ensureOpen();
        if (next < chunk.size()) {
            return true;
        }
        if (exhausted) {
            return false;
        }
        chunk = store.chunk(from, to, descending, last, CHUNK);
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

    /** Whether {@code key} is in {@code [from, to)}; a null bound is no bound. */
    static boolean inRange(byte[] key, byte[] from, byte[] to) {
        return (from == null || Arrays.compareUnsigned(key, from) >= 0)
                && (to == null || Arrays.compareUnsigned(key, to) < 0);
    }

    /**
     * The least key above every key that starts with {@code prefix}, or null if there is none
     * (a prefix of only {@code 0xff} bytes): drop trailing {@code 0xff}s, then add one to the last byte.
     */
    static byte[] prefixEnd(byte[] prefix) {
        int length = prefix.length;
        while (length > 0 && prefix[length - 1] == (byte) 0xff) {
            length--;
        }
        if (length == 0) {
            return null;
        }
        byte[] end = Arrays.copyOf(prefix, length);
        end[length - 1]++;
        return end;
    }
}
