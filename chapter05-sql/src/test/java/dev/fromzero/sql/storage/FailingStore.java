package dev.fromzero.sql.storage;

import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.StorageException;
import dev.fromzero.kv.StoreStats;
import dev.fromzero.kv.WriteBatch;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * A store that fails, as a full disk would, on the n-th call that changes it (a put, a delete or a
 * batch), before that call changes anything; calls after it go through. Reads always go through.
 * It shows what a statement leaves behind when the store fails in the middle of its writes.
 */
final class FailingStore implements KvStore {

    private final KvStore store;
    private final int failAt;
    private int writes;

    FailingStore(KvStore store, int failAt) {
        this.store = store;
        this.failAt = failAt;
    }

    /** Whether the failure has happened. */
    boolean failed() {
        return writes >= failAt;
    }

    private void write() {
        if (++writes == failAt) {
            throw new StorageException("simulated failure of write call " + failAt + " (a full disk)");
        }
    }

    @Override
    public void put(byte[] key, byte[] value) {
        write();
        store.put(key, value);
    }

    @Override
    public boolean delete(byte[] key) {
        write();
        return store.delete(key);
    }

    @Override
    public void write(WriteBatch batch) {
        write();
        store.write(batch);
    }

    @Override
    public Path directory() {
        return store.directory();
    }

    @Override
    public byte[] get(byte[] key) {
        return store.get(key);
    }

    @Override
    public boolean contains(byte[] key) {
        return store.contains(key);
    }

    @Override
    public Iterator<KeyValue> scan(byte[] fromInclusive, byte[] toExclusive) {
        return store.scan(fromInclusive, toExclusive);
    }

    @Override
    public Iterator<KeyValue> descendingScan(byte[] fromInclusive, byte[] toExclusive) {
        return store.descendingScan(fromInclusive, toExclusive);
    }

    @Override
    public Iterator<KeyValue> scanPrefix(byte[] prefix) {
        return store.scanPrefix(prefix);
    }

    @Override
    public Iterator<KeyValue> descendingScanPrefix(byte[] prefix) {
        return store.descendingScanPrefix(prefix);
    }

    @Override
    public void sync() {
        store.sync();
    }

    @Override
    public StoreStats stats() {
        return store.stats();
    }

    @Override
    public void merge() {
        store.merge();
    }

    @Override
    public void backup(Path target) {
        store.backup(target);
    }

    @Override
    public void close() {
        store.close();
    }
}
