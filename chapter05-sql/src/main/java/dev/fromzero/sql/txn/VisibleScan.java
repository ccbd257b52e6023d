package dev.fromzero.sql.txn;

import dev.fromzero.kv.KeyValue;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A transaction's scan: the store's versions of the keys in a range, each key's versions reduced
 * to the newest one the snapshot sees, merged with the transaction's own writes in the range (which
 * win over the store's). Deletes, stored or own, hide their key. Ascending or descending, lazily:
 * it reads the store only as far as its caller goes.
 */
final class VisibleScan implements Iterator<KeyValue> {

    private final Iterator<KeyValue> stored;
    private final Snapshot snapshot;
    private final byte[] from;
    private final byte[] to;
    private final boolean descending;
    private final Iterator<Map.Entry<byte[], byte[]>> own;

    /** The first stored entry of the next key's run, read ahead. */
    private KeyValue ahead;
    private KeyValue committed;
    private Map.Entry<byte[], byte[]> written;
    private KeyValue next;

    /**
     * @param stored the store's scan over the stored keys of the range, in the scan's direction
     * @param from the range's lower bound (inclusive; null: none), on keys, not stored keys
     * @param to the range's upper bound (exclusive; null: none)
     * @param own the transaction's writes in the range, in the scan's direction; a null value is a delete
     */
    VisibleScan(Iterator<KeyValue> stored, Snapshot snapshot, byte[] from, byte[] to, boolean descending,
            Iterator<Map.Entry<byte[], byte[]>> own) {
        this.stored = stored;
        this.snapshot = snapshot;
        this.from = from;
        this.to = to;
        this.descending = descending;
        this.own = own;
        this.ahead = stored.hasNext() ? stored.next() : null;
        this.committed = nextCommitted();
        this.written = own.hasNext() ? own.next() : null;
    }

    @Override
    public boolean hasNext() {
        while (next == null && (committed != null || written != null)) {
            int order = committed == null ? 1 : written == null ? -1 : compare(committed.key(), written.getKey());
            if (order < 0) {
                next = committed;
                committed = nextCommitted();
            } else {
                if (order == 0) {
                    committed = nextCommitted();
                }
                if (written.getValue() != null) {
                    next = new KeyValue(written.getKey(), written.getValue());
                }
                written = own.hasNext() ? own.next() : null;
            }
        }
        return next != null;
    }

    @Override
    public KeyValue next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the scan has no more keys");
        }
        KeyValue result = next;
        next = null;
        return result;
    }

    /** The next key in range whose newest visible version is a value, with that value; null at the end. */
    private KeyValue nextCommitted() {
        while (ahead != null) {
            byte[] key = Versions.keyOf(ahead.key());
            long best = 0;
            byte[] value = null;
            while (ahead != null && Versions.isVersionOf(ahead.key(), key)) {
                long version = Versions.versionOf(ahead.key());
                if (version > best && snapshot.isVisible(version)) {
                    best = version;
                    value = ahead.value();
                }
                ahead = stored.hasNext() ? stored.next() : null;
            }
            byte[] visible = value == null ? null : Versions.valueOf(value);
            if (visible != null && inRange(key)) {
                return new KeyValue(key, visible);
            }
        }
        return null;
    }

    private boolean inRange(byte[] key) {
        return (from == null || Arrays.compareUnsigned(key, from) >= 0)
                && (to == null || Arrays.compareUnsigned(key, to) < 0);
    }

    private int compare(byte[] a, byte[] b) {
        int order = Arrays.compareUnsigned(a, b);
        return descending ? -order : order;
    }
}
