package dev.fromzero.sql.txn;

import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.WriteBatch;
import dev.fromzero.kv.log.RecordCodec;
import dev.fromzero.sql.TransactionException;
import dev.fromzero.sql.storage.KvView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One transaction: a {@link KvView} that reads the store as of its {@link Snapshot} and keeps its
 * own writes in memory until {@link #commit}. A read sees the transaction's own writes first, then
 * the newest version of the key that the snapshot sees; nothing the transaction writes reaches the
 * store before the commit, so a transaction that rolls back, or a process that dies before the
 * commit, leaves no trace. Used by one thread at a time.
 */
public final class Transaction implements KvView {

    private final Transactions transactions;
    private final KvStore store;
    private final Snapshot snapshot;
    private final boolean readOnly;
    /** How many transactions had committed when this one began. */
    private final long commitsAtBegin;
    /** This transaction's writes, by key; a null value is a delete. */
    private final NavigableMap<byte[], byte[]> writes = new TreeMap<>(Arrays::compareUnsigned);
    /** What runs once the commit succeeds ({@link #afterCommit}), in order. */
    private final List<Runnable> afterCommit = new ArrayList<>();
    private boolean ended;

    Transaction(Transactions transactions, KvStore store, Snapshot snapshot, boolean readOnly, long commitsAtBegin) {
        this.transactions = transactions;
        this.store = store;
        this.snapshot = snapshot;
        this.readOnly = readOnly;
        this.commitsAtBegin = commitsAtBegin;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** The transaction's version: the version its writes get. */
    public long version() {
        return snapshot.version();
    }

    public boolean isReadOnly() {
        return readOnly;
    }

    /** Whether this transaction has written anything (then its commit writes to the store). */
    public boolean hasWrites() {
        return !writes.isEmpty();
    }

    @Override
    public byte[] get(byte[] key) {
        ensureRunning();
        if (writes.containsKey(key)) {
            byte[] own = writes.get(key);
            return own == null ? null : own.clone();
        }
        if (key.length + Long.BYTES > RecordCodec.MAX_KEY_SIZE) {
            return null; // too long to be stored with a version: write refuses it
        }
        // The key's versions below this transaction's, newest first; version 0 is never given.
        Iterator<KeyValue> versions = store.scan(Versions.key(key, version() - 1), Versions.key(key, 0));
        while (versions.hasNext()) {
            KeyValue stored = versions.next();
            if (snapshot.isVisible(Versions.versionOf(stored.key()))) {
                return Versions.valueOf(stored.value());
            }
        }
        return null;
    }

    @Override
    public boolean contains(byte[] key) {
        return get(key) != null;
    }

    /**
     * {@inheritDoc} A key that is a proper prefix of {@code toExclusive} may be left out (its
     * versions may sort past the bound); it does not arise when the bound has no more values than
     * the keys of its keyspace, as a range of values or a prefix has.
     */
    @Override
    public Iterator<KeyValue> scan(byte[] fromInclusive, byte[] toExclusive) {
        ensureRunning();
        // A stored key is its key and 8 bytes more, so a key below toExclusive may be stored past it.
        byte[] storedTo = toExclusive == null ? null : KvStore.prefixEnd(toExclusive);
        NavigableMap<byte[], byte[]> own = fromInclusive == null && toExclusive == null ? writes
                : fromInclusive == null ? writes.headMap(toExclusive, false)
                : toExclusive == null ? writes.tailMap(fromInclusive, true)
                : Arrays.compareUnsigned(fromInclusive, toExclusive) >= 0 ? Collections.emptyNavigableMap()
                : writes.subMap(fromInclusive, true, toExclusive, false);
        return new VisibleScan(store.scan(fromInclusive, storedTo), snapshot, fromInclusive, toExclusive, false,
                copy(own).entrySet().iterator());
    }

    @Override
    public Iterator<KeyValue> scanPrefix(byte[] prefix) {
        ensureRunning();
        return new VisibleScan(store.scanPrefix(prefix), snapshot, null, null, false,
                copy(ownWithPrefix(prefix)).entrySet().iterator());
    }

    @Override
    public Iterator<KeyValue> descendingScanPrefix(byte[] prefix) {
        ensureRunning();
        return new VisibleScan(store.descendingScanPrefix(prefix), snapshot, null, null, true,
                copy(ownWithPrefix(prefix)).descendingMap().entrySet().iterator());
    }

    /**
     * Adds the batch's puts and deletes to this transaction's writes, all or none.
     *
     * @throws TransactionException (25006) if the transaction is READ ONLY
     * @throws dev.fromzero.sql.SqlException if a key or value is too large to be stored with its version
     */
    @Override
    public void write(WriteBatch batch) {
        ensureRunning();
        if (readOnly) {
            throw new TransactionException("25006", "cannot write in a READ ONLY transaction");
        }
        for (WriteBatch.Operation operation : batch.operations()) {
            Versions.checkFits(operation.key(), operation.value());
        }
        for (WriteBatch.Operation operation : batch.operations()) {
            writes.put(operation.key(), operation.value());
        }
    }

    /**
     * Makes every write of this transaction durable and visible to the transactions that begin
     * after, in one synced batch; or, if another transaction committed a write to one of the same
     * keys after this one began, writes nothing. Either way the transaction is over.
     *
     * @throws dev.fromzero.sql.SerializationFailure if it conflicts; then it was rolled back
     */
    public void commit() {
        ensureRunning();
        ended = true;
        transactions.commit(this);
        for (Runnable action : afterCommit) {
            action.run();
        }
    }

    @Override
    public void afterCommit(Runnable action) {
        ensureRunning();
        afterCommit.add(action);
    }

    /** Drops every write of this transaction; it is over. Rolling back an ended transaction does nothing. */
    public void rollback() {
        if (!ended) {
            ended = true;
            transactions.end(this);
        }
    }

    /** This transaction's writes, by key (a null value is a delete), for the commit. */
    NavigableMap<byte[], byte[]> writes() {
        return writes;
    }

    long commitsAtBegin() {
        return commitsAtBegin;
    }

    private NavigableMap<byte[], byte[]> ownWithPrefix(byte[] prefix) {
        byte[] end = KvStore.prefixEnd(prefix);
        return end == null ? writes.tailMap(prefix, true) : writes.subMap(prefix, true, end, false);
    }

    /** A copy, so that a scan is not broken by writes made while it runs (an UPDATE reads, then writes). */
    private static NavigableMap<byte[], byte[]> copy(NavigableMap<byte[], byte[]> own) {
        return own.isEmpty() ? Collections.emptyNavigableMap() : new TreeMap<>(own);
    }

    private void ensureRunning() {
        if (ended) {
            throw new IllegalStateException("transaction " + version() + " has ended: begin a new one");
        }
    }
}
