//@ chapter 5
package dev.fromzero.sql;

import dev.fromzero.kv.KvStore;
import dev.fromzero.sql.exec.Engine;
import dev.fromzero.sql.storage.Catalog;
import dev.fromzero.sql.storage.TableSchema;
import java.nio.file.Path;
import java.util.List;

/**
 * The embedded SQL database: one directory on disk, holding the chapter-3 key-value store that
 * keeps the catalog and the rows. The shell, the server and the JDBC driver all go through it.
 *
 * <p>Opening takes the store's process lock on the directory: a second {@code open} of the same
 * directory, in this process or another, fails with the store's
 * {@link dev.fromzero.kv.StoreLockedException} until this database is closed. Sessions of one
 * database may be used from different threads, each by one thread at a time.
 */
public final class Database implements AutoCloseable {

    private final KvStore store;
    private Catalog catalog;

    private Database(KvStore store) {
        this.store = store;
    }

    /** Opens the database in {@code dir}, creating it if the directory is empty or absent. */
    public static Database open(Path dir) {
        return new Database(KvStore.open(dir));
    }

    /** A new session: a connection's worth of state (in part 2, its transaction). */
    public Session session() {
        return new Session(new Engine(this::catalog));
    }

    /** The schema of every table, ordered by name: what JDBC's {@code DatabaseMetaData} lists. */
    public List<TableSchema> tables() {
        return catalog().schemas();
    }

    /** The catalog, read from the store the first time a statement needs it. */
    private synchronized Catalog catalog() {
        if (catalog == null) {
            catalog = new Catalog(store);
        }
        return catalog;
    }

    /** Closes the store and releases the directory's lock; sessions of this database stop working. */
    @Override
    public void close() {
        store.close();
    }
}
