package dev.fromzero.kv;

import dev.fromzero.kv.index.Bitcask;
import dev.fromzero.kv.index.Scan;
import java.io.Closeable;
import java.nio.file.Path;
import java.util.Iterator;

/**
 * A key-value store kept in one directory: keys and values are byte arrays, keys are ordered.
 * This interface is the store's contract; the javadoc of each method says what it does to an
 * existing key, what it throws, and when it is safe to call from several threads.
 *
 * <p><b>Keys and values.</b> A key is 0 to {@value dev.fromzero.kv.log.RecordCodec#MAX_KEY_SIZE}
 * bytes, a value 0 to {@value dev.fromzero.kv.log.RecordCodec#MAX_VALUE_SIZE} bytes: an empty
 * value is a value ("the key exists and is empty"), not a delete. The store copies what it is
 * given and hands out copies: changing an array after a call, or one it returned, changes
 * nothing in the store.
 *
 * <p><b>Order.</b> Keys are ordered by unsigned lexicographic byte order, the order of
 * {@link java.util.Arrays#compareUnsigned(byte[], byte[])}: byte by byte as values 0..255, and a
 * key before every longer key it is a prefix of ({@code "a" < "ab" < "b"}, {@code 0x7f < 0x80}).
 *
 * <p><b>Threads.</b> Every method may be called from any number of threads at once. Reads
 * ({@link #get}, {@link #contains}, the scans, {@link #stats}) run concurrently with each other
 * and with one writer; writes ({@link #put}, {@link #delete}, {@link #write}) are serialized, each
 * one taking effect at once and entirely (a reader sees all of a batch or none of it). A read
 * returns the latest value written by a write that returned before the read began, or the value
 * of a write running at the same time.
 *
 * <p><b>Durability.</b> When a write returns, it is in the store: every later read sees it, and
 * it survives a crash of this process. Whether it also survives a crash of the machine when the
 * write returns depends on {@link StoreOptions#durability()}; {@link #sync} makes every write so
 * far survive it.
 *
 * <p><b>Errors.</b> A null key, value, batch or prefix, or a key or value over its limit, is an
 * {@link IllegalArgumentException} thrown before anything is written. Every call on a closed store
 * but {@link #close} and {@link #directory} throws {@link IllegalStateException} naming the
 * directory. Input/output failures are {@link StorageException}s; damaged files are
 * {@link CorruptionException}s.
 */
public interface KvStore extends Closeable {

    /**
     * Opens the store in {@code dir}, creating the directory if it does not exist, and rebuilds its
     * index by replaying the log: the latest write of each key wins, a delete removes the key, a
     * batch applies only if its commit record was written, and a torn tail left by a crash is cut
     * off.
     *
     * @throws StoreLockedException if another process (or another open store in this process)
     *     has the directory open
     * @throws CorruptionException if a segment is damaged anywhere but at its tail
     * @throws StorageException if the directory cannot be read or written
     */
    static KvStore open(Path dir, StoreOptions options) {
        return Bitcask.open(dir, options);
    }

    /** Opens the store in {@code dir} with {@link StoreOptions#defaults()}. See {@link #open(Path, StoreOptions)}. */
    static KvStore open(Path dir) {
        return open(dir, StoreOptions.defaults());
    }

    /**
     * The least key above every key that starts with {@code prefix}, or null if there is none (a
     * prefix of only {@code 0xff} bytes): the exclusive end of {@link #scanPrefix(byte[])}'s range,
     * for a caller that scans a prefix's range itself.
     */
    static byte[] prefixEnd(byte[] prefix) {
        return Scan.prefixEnd(prefix);
    }

    /** The directory the store lives in. Works on a closed store too. */
    Path directory();

    /**
     * Sets {@code key} to {@code value}, replacing the value it had, if any.
     *
     * @throws IllegalArgumentException if the key or value is null or over its limit
     */
    void put(byte[] key, byte[] value);

    /**
     * The latest value of {@code key}, or {@code null} if the key does not exist (never was put,
     * or was deleted since). A key with an empty value returns an empty array, not null.
     *
     * @throws IllegalArgumentException if the key is null or over the limit
     */
    byte[] get(byte[] key);

    /**
     * Whether {@code key} exists. Cheaper than {@link #get}: it does not read the disk.
     *
     * @throws IllegalArgumentException if the key is null or over the limit
     */
    boolean contains(byte[] key);

    /**
     * Deletes {@code key}, and returns whether it existed. Deleting a key that does not exist
     * changes nothing and writes nothing.
     *
     * @throws IllegalArgumentException if the key is null or over the limit
     */
    boolean delete(byte[] key);

    /**
     * Applies every operation of {@code batch} atomically, in the batch's order (so of two
     * operations on one key the later wins): readers, and the store after a crash, see all of them
     * or none. An empty batch does nothing.
     *
     * @throws IllegalArgumentException if the batch is null
     */
    void write(WriteBatch batch);

    /**
     * The keys from {@code fromInclusive} up to {@code toExclusive}, in ascending order, with their
     * values. A null bound means "no bound": {@code scan(null, null)} is the whole store.
     *
     * <p>The iterator is weakly consistent, like those of {@code java.util.concurrent}: it never
     * throws because of a concurrent write, never returns a key twice or out of order, returns every
     * key that exists from its creation to its end without being written, and returns each key's
     * value as it was at some moment during the iteration. A key written or deleted while it runs
     * may or may not be seen. {@link java.util.Iterator#remove} is not supported. Once the store is
     * closed, {@code hasNext} and {@code next} throw {@link IllegalStateException}.
     *
     * @throws IllegalArgumentException if a bound is over the key limit
     */
    Iterator<KeyValue> scan(byte[] fromInclusive, byte[] toExclusive);

    /** The same keys as {@link #scan(byte[], byte[])}, in descending order. */
    Iterator<KeyValue> descendingScan(byte[] fromInclusive, byte[] toExclusive);

    /**
     * The keys that start with {@code prefix}, in ascending order, with their values; an empty
     * prefix means every key. Consistency as for {@link #scan(byte[], byte[])}.
     *
     * @throws IllegalArgumentException if the prefix is null or over the key limit
     */
    Iterator<KeyValue> scanPrefix(byte[] prefix);

    /** The same keys as {@link #scanPrefix(byte[])}, in descending order. */
    Iterator<KeyValue> descendingScanPrefix(byte[] prefix);

    /** Forces every write so far to the disk: after this returns they survive a power cut. */
    void sync();

    /** How many keys and bytes are live, and how many bytes of each segment are dead. */
    StoreStats stats();

    /**
     * Syncs every write, closes the files and releases the directory's lock, so that another
     * process may open it. Closing twice is fine. Calls running in other threads at the same time
     * either finish or fail with {@link IllegalStateException}.
     */
    @Override
    void close();
}
