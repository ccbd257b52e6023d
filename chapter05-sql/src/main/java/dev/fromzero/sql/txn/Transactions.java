package dev.fromzero.sql.txn;

import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.WriteBatch;
import dev.fromzero.sql.SerializationFailure;
import dev.fromzero.sql.storage.KeyLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Multi-version concurrency control (MVCC) on the key-value store: snapshot isolation, as in
 * PostgreSQL's REPEATABLE READ and toyDB.
 *
 * <ul>
 *   <li><b>Versions.</b> Each transaction gets the next version number when it begins. Its writes
 *       are kept in memory and stored at commit as new versions of their keys ({@link Versions}),
 *       tagged with its version; no version is ever overwritten.
 *   <li><b>Snapshots.</b> A transaction sees the versions of the transactions that had committed
 *       when it began: those with a smaller version that were not running then
 *       ({@link Snapshot#isVisible}). Its reads are repeatable, and it never sees another
 *       transaction's uncommitted (or later) writes.
 *   <li><b>Conflicts.</b> Two transactions that run at the same time and write the same key cannot
 *       both commit: the first to commit wins, and the second gets a {@link SerializationFailure}
 *       and is rolled back. Writes to different keys never conflict, which is why write skew is
 *       possible (see the guide).
 *   <li><b>Durability.</b> A commit is one {@link WriteBatch}: the new versions, the deletes of old
 *       versions nobody can see any more, and the version counter, written and synced at once. A
 *       crash before it leaves nothing of the transaction; after it, all of it.
 *   <li><b>Garbage.</b> A commit deletes, for each key it writes, the older versions that no open
 *       snapshot sees; {@link #vacuum} does it for every key (deletes leave tombstones until then).
 * </ul>
 *
 * <p>Begin, commit, end and vacuum are serialized by this object's lock; reads run without it.
 * The counter is stored only with commits: a version handed out to a transaction that never
 * committed may be handed out again after a restart, which is harmless, as nothing carries it.
 */
public final class Transactions {

    private final KvStore store;
    /** The open transactions' snapshots, by version. */
    private final Map<Long, Snapshot> open = new TreeMap<>();
    private long next;
    /** How many transactions have committed writes, so far in this process. */
    private long commits;

    /** The transactions of the database kept in {@code store}; reads the version counter. */
    public Transactions(KvStore store) {
        this.store = store;
        byte[] counter = store.get(Versions.COUNTER);
        this.next = counter == null ? 1 : ByteBuffer.wrap(counter).getLong();
    }

    /** Begins a transaction: its version is the next one, its snapshot the transactions running now. */
    public synchronized Transaction begin(boolean readOnly) {
        long version = next++;
        Snapshot snapshot = Snapshot.of(version, open.keySet());
        open.put(version, snapshot);
        return new Transaction(this, store, snapshot, readOnly, commits);
    }

    /** How many transactions are open. */
    public synchronized int openCount() {
        return open.size();
    }

    /** The commit of {@code transaction}: see {@link Transaction#commit}. */
    synchronized void commit(Transaction transaction) {
        // The transaction ends here, whether it commits or fails.
        open.remove(transaction.version());
        if (!transaction.hasWrites()) {
            return;
        }
        Map<byte[], List<Long>> versions = new TreeMap<>(Arrays::compareUnsigned);
        for (byte[] key : transaction.writes().keySet()) {
            versions.put(key, storedVersions(key));
        }
        // Only a transaction that committed after this one began can have written a version this
        // one does not see (the validation of Kung and Robinson): a lone session skips the check.
        if (commits != transaction.commitsAtBegin()) {
            checkConflicts(transaction, versions);
        }
        write(transaction, versions);
        commits++;
    }

    /** Ends {@code transaction} without writing anything. */
    synchronized void end(Transaction transaction) {
        open.remove(transaction.version());
    }

    /**
     * Refuses the commit if another transaction has committed a version of a key this one writes
     * that this one's snapshot does not see: that transaction ran at the same time and committed
     * first. {@code versions} holds each written key's stored versions, newest first.
     */
    private void checkConflicts(Transaction transaction, Map<byte[], List<Long>> versions) {
        throw new UnsupportedOperationException("TODO(chapter05): Fail with a SerializationFailure if the newest stored version of any written key is one the snapshot does not see (docs/chapter05-sql.md#step-11-transactions)");
    }

    /** Writes the transaction's versions, the deletes of the versions they make garbage, and the counter, in one batch. */
    private void write(Transaction transaction, Map<byte[], List<Long>> versions) {
        Collection<Snapshot> others = open.values();
        WriteBatch batch = new WriteBatch();
        for (Map.Entry<byte[], byte[]> write : transaction.writes().entrySet()) {
            byte[] key = write.getKey();
            List<Long> stored = versions.get(key);
            List<Long> garbage = garbage(stored, others);
            for (long version : garbage) {
                batch.delete(Versions.key(key, version));
            }
            // With nobody else open, a delete leaves no older version behind and needs no tombstone.
            if (write.getValue() != null || !others.isEmpty()) {
                batch.put(Versions.key(key, transaction.version()), Versions.stored(write.getValue()));
            }
        }
        batch.put(Versions.COUNTER, ByteBuffer.allocate(Long.BYTES).putLong(next).array());
        store.write(batch);
    }

    /**
     * The versions of a key that no open snapshot needs once a newer version is committed:
     * {@code stored} holds the key's committed versions, newest first, and {@code open} the
     * snapshots of the other open transactions. A snapshot needs the newest version it sees (even
     * a tombstone, which hides the older ones from it); transactions that begin later see the new
     * version, so they need none of these.
     */
    static List<Long> garbage(List<Long> stored, Collection<Snapshot> open) {
        if (open.isEmpty()) {
            return stored;
        }
        throw new UnsupportedOperationException("TODO(chapter05): Keep, for each open snapshot, the newest stored version it sees; every other version is garbage (docs/chapter05-sql.md#step-11-transactions)");
    }

    /**
     * Deletes every version that no open transaction sees, and every tombstone nobody needs, in
     * every keyspace written through transactions (from {@link KeyLayout#ROWS} on). Runs under this
     * object's lock: no transaction begins or commits meanwhile.
     */
    public synchronized void vacuum() {
        List<Snapshot> snapshots = new ArrayList<>(open.values());
        WriteBatch batch = new WriteBatch();
        Iterator<KeyValue> all = store.scan(new byte[] {KeyLayout.ROWS}, null);
        byte[] key = null;
        List<Long> versions = new ArrayList<>();
        byte[] newest = null;
        while (true) {
            KeyValue stored = all.hasNext() ? all.next() : null;
            if (key != null && (stored == null || !Versions.isVersionOf(stored.key(), key))) {
                collect(batch, key, versions, newest, snapshots);
                key = null;
            }
            if (stored == null) {
                break;
            }
            if (key == null) {
                key = Versions.keyOf(stored.key());
                versions.clear();
                newest = stored.value();
            }
            versions.add(Versions.versionOf(stored.key()));
        }
        store.write(batch);
    }

    /** Adds to {@code batch} the deletes of {@code key}'s versions that nobody needs. */
    private static void collect(WriteBatch batch, byte[] key, List<Long> versions, byte[] newest,
            List<Snapshot> snapshots) {
        long latest = versions.get(0);
        List<Long> older = versions.subList(1, versions.size());
        // Every version but the newest is garbage unless an open snapshot sees it and not the newest.
        List<Snapshot> behind = snapshots.stream().filter(s -> !s.isVisible(latest)).toList();
        for (long version : garbage(older, behind)) {
            batch.delete(Versions.key(key, version));
        }
        // A tombstone every open snapshot sees hides nothing from anyone: the key may go altogether.
        if (Versions.valueOf(newest) == null && behind.isEmpty()) {
            batch.delete(Versions.key(key, latest));
        }
    }

    /** The committed versions of {@code key} in the store, newest first. */
    private List<Long> storedVersions(byte[] key) {
        List<Long> versions = new ArrayList<>();
        for (Iterator<KeyValue> it = store.scan(Versions.key(key, Long.MAX_VALUE), Versions.key(key, 0)); it.hasNext(); ) {
            versions.add(Versions.versionOf(it.next().key()));
        }
        return versions;
    }
}
