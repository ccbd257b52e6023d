package dev.fromzero.bench;

import dev.fromzero.kv.Durability;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.StoreOptions;
import java.io.Closeable;
import java.nio.file.Path;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.rocksdb.FlushOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * One store under benchmark, behind the three calls chapter 2's benchmarks make, so that the
 * reference store and its peers run the very same benchmark code. Each is configured as its
 * users get it out of the box; every setting that is not a default is named here:
 *
 * <ul>
 *   <li>{@code fromzero}: the reference {@link KvStore} with {@link Durability#never()} (the
 *       default syncs on every write, which would measure the disk's flush latency, not the
 *       store) and default 64 MiB segments.
 *   <li>{@code rocksdb}: RocksDB (rocksdbjni) with its defaults but {@code create_if_missing}:
 *       write-ahead log on, writes not synced ({@code WriteOptions.sync = false}), 64 MiB
 *       memtable, block-based tables of 4 KiB blocks with the default LRU block cache (32 MiB),
 *       Snappy compression (tried on every block; blocks of random values stay uncompressed),
 *       no Bloom filter, flushes and compactions on two background threads of RocksDB's own.
 *   <li>{@code h2}: H2's MVStore on one file, all defaults: an {@code MVMap<byte[], byte[]>}
 *       with its default key and value type (which orders byte arrays by content), auto-commit
 *       by a background thread (once a second, or sooner when about 19 MB of changes pile up),
 *       16 MB page cache, no compression.
 * </ul>
 *
 * <p>{@link #settle()} brings a store to the state a reader of a store written some time ago
 * would find: everything written to its files and forced to the disk, and for RocksDB the
 * memtable flushed and the tables compacted, so that no background work runs while reads are
 * measured. It favors RocksDB, which then reads one fully compacted level.
 */
sealed interface Engine extends Closeable {

    /** Opens a fresh store, {@code fromzero}, {@code rocksdb} or {@code h2}, in the empty directory {@code dir}. */
    static Engine open(String name, Path dir) {
        return switch (name) {
            case "fromzero" -> new Fromzero(dir);
            case "rocksdb" -> new RocksDb(dir);
            case "h2" -> new H2(dir);
            default -> throw new IllegalArgumentException("store is one of fromzero, rocksdb, h2, not " + name);
        };
    }

    void put(byte[] key, byte[] value);

    /** The value of {@code key}, or null. */
    byte[] get(byte[] key);

    /** Writes everything out and waits for the store's background work to finish. */
    void settle();

    @Override
    void close();

    /** The reference store. */
    final class Fromzero implements Engine {
        private final KvStore store;

        Fromzero(Path dir) {
            store = KvStore.open(dir, StoreOptions.defaults().withDurability(Durability.never()));
        }

        @Override
        public void put(byte[] key, byte[] value) {
            store.put(key, value);
        }

        @Override
        public byte[] get(byte[] key) {
            return store.get(key);
        }

        @Override
        public void settle() {
            store.sync();
        }

        @Override
        public void close() {
            store.close();
        }
    }

    /** RocksDB through its Java binding. */
    final class RocksDb implements Engine {
        static {
            RocksDB.loadLibrary();
        }

        private final Options options = new Options().setCreateIfMissing(true);
        private final RocksDB db;

        RocksDb(Path dir) {
            try {
                db = RocksDB.open(options, dir.toString());
            } catch (RocksDBException e) {
                options.close();
                throw failed("open " + dir, e);
            }
        }

        @Override
        public void put(byte[] key, byte[] value) {
            try {
                db.put(key, value);
            } catch (RocksDBException e) {
                throw failed("put", e);
            }
        }

        @Override
        public byte[] get(byte[] key) {
            try {
                return db.get(key);
            } catch (RocksDBException e) {
                throw failed("get", e);
            }
        }

        @Override
        public void settle() {
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.flush(flush);
                db.compactRange();
            } catch (RocksDBException e) {
                throw failed("flush and compact", e);
            }
        }

        @Override
        public void close() {
            db.close();
            options.close();
        }

        private static IllegalStateException failed(String what, RocksDBException e) {
            return new IllegalStateException("RocksDB failed to " + what + ": " + e.getMessage(), e);
        }
    }

    /** H2's MVStore, the storage engine under the H2 database, used directly. */
    final class H2 implements Engine {
        private final MVStore store;
        private final MVMap<byte[], byte[]> map;

        H2(Path dir) {
            store = new MVStore.Builder().fileName(dir.resolve("store.mv").toString()).open();
            map = store.openMap("kv");
        }

        @Override
        public void put(byte[] key, byte[] value) {
            map.put(key, value);
        }

        @Override
        public byte[] get(byte[] key) {
            return map.get(key);
        }

        @Override
        public void settle() {
            store.commit();
            store.sync();
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
