//@ chapter 5
package dev.fromzero.sql;

import java.nio.file.Path;

/**
 * The embedded SQL database: one directory on disk, holding the chapter-3 key-value store that
 * keeps the catalog and the rows. The shell, the server and the JDBC driver all go through it.
 */
public final class Database implements AutoCloseable {

    /** Opens the database in {@code dir}, creating it if the directory is empty or absent. */
    public static Database open(Path dir) {
        throw new UnsupportedOperationException("scaffold: sql-exec builds this");
    }

    /** A new session: a connection's worth of state (in part 2, its transaction). */
    public Session session() {
        throw new UnsupportedOperationException("scaffold: sql-exec builds this");
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("scaffold: sql-exec builds this");
    }
}
