package dev.fromzero.sql.storage;

import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.WriteBatch;
import java.util.Iterator;

/**
 * The key-value store as one statement's rows see it: the part of {@link KvStore} that
 * {@link Table}, {@link WriteSet} and {@link Commit} use. {@link #of} is the store itself, read and
 * written directly (each write set is one batch, at once); a transaction (step 11) is a view too:
 * it reads the store as of its snapshot, sees its own writes, and writes everything at its commit.
 *
 * <p>So the storage layer reads and writes rows (and, in part 2, index entries) without knowing
 * whether a transaction is open. Keys written through a view must be <em>prefix-free</em>: no key
 * is a proper prefix of another. {@link KeyLayout}'s keys are, because every {@link KeyCodec}
 * encoding is self-delimiting and each keyspace's keys hold a fixed number of values; a
 * transaction relies on it when it appends a version to a key. The catalog's own keys (the
 * schemas) are read and written on the store, not through a view.
 */
public interface KvView {

    /** The value of {@code key}, or null if it has none. See {@link KvStore#get}. */
    byte[] get(byte[] key);

    /** Whether {@code key} has a value. See {@link KvStore#contains}. */
    boolean contains(byte[] key);

    /** The keys in {@code [fromInclusive, toExclusive)} in ascending order (a null bound: none). See {@link KvStore#scan}. */
    Iterator<KeyValue> scan(byte[] fromInclusive, byte[] toExclusive);

    /** The keys that start with {@code prefix}, in ascending order. See {@link KvStore#scanPrefix}. */
    Iterator<KeyValue> scanPrefix(byte[] prefix);

    /** The keys that start with {@code prefix}, in descending order. See {@link KvStore#descendingScanPrefix}. */
    Iterator<KeyValue> descendingScanPrefix(byte[] prefix);

    /**
     * Applies {@code batch}, all of it or none: directly, the store writes it at once; in a
     * transaction, every later read of the transaction sees it, and the store gets it at commit.
     * A statement writes once, when all its checks have passed ({@link Commit}): a statement that
     * fails inside a transaction then leaves nothing in it.
     */
    void write(WriteBatch batch);

    /**
     * Runs {@code action} once every write made through this view is durable: at once on the store
     * itself; in a transaction, right after its commit succeeds, and never if it rolls back. What
     * must not become visible before the writes it stands on goes here: the schema of a new index,
     * which must not name entries a crash could still lose.
     */
    default void afterCommit(Runnable action) {
        action.run();
    }

    /** The store itself as a view: every read is the store's latest, every write goes to it at once. */
    static KvView of(KvStore store) {
        return new KvView() {
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
            public Iterator<KeyValue> scanPrefix(byte[] prefix) {
                return store.scanPrefix(prefix);
            }

            @Override
            public Iterator<KeyValue> descendingScanPrefix(byte[] prefix) {
                return store.descendingScanPrefix(prefix);
            }

            @Override
            public void write(WriteBatch batch) {
                store.write(batch);
            }
        };
    }
}
