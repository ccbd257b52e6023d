package dev.fromzero.sql.jdbc;

import dev.fromzero.sql.Database;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The databases the driver's connections have open, one per directory, each counted by its
 * connections. A database takes its directory's lock when it opens, so two connections to one
 * directory must share one database rather than open it twice.
 */
final class SharedDatabases {

    /** One open database and how many connections use it. */
    static final class Shared {
        private final Path dir;
        private final Database database;
        private int users = 1;

        private Shared(Path dir, Database database) {
            this.dir = dir;
            this.database = database;
        }

        Database database() {
            return database;
        }

        /** The database's directory, absolute. */
        Path dir() {
            return dir;
        }

        /** Called once by each connection as it closes: the last one closes the database. */
        void release() {
            synchronized (OPEN) {
                if (--users == 0) {
                    OPEN.remove(dir);
                    database.close();
                }
            }
        }
    }

    private static final Map<Path, Shared> OPEN = new HashMap<>();

    private SharedDatabases() {
    }

    /** The database in {@code dir}, opened if no connection has it open. */
    static Shared open(Path dir) throws SQLException {
        Path key = dir.toAbsolutePath().normalize();
        synchronized (OPEN) {
            Shared shared = OPEN.get(key);
            if (shared != null) {
                shared.users++;
                return shared;
            }
            try {
                shared = new Shared(key, Database.open(key));
            } catch (RuntimeException e) {
                throw new SQLException("cannot open the database in " + key + ": " + e.getMessage(), "08001", e);
            }
            OPEN.put(key, shared);
            return shared;
        }
    }
}
