package dev.fromzero.sql.pgwire;

import dev.fromzero.sql.Database;
import java.io.IOException;
import java.nio.file.Path;

/** A database in {@code dir} served on an ephemeral port of 127.0.0.1, for one test. */
record Served(Database database, PgServer server) implements AutoCloseable {

    static Served in(Path dir) throws IOException {
        Database database = Database.open(dir);
        try {
            return new Served(database, PgServer.start(database, 0));
        } catch (IOException | RuntimeException e) {
            database.close();
            throw e;
        }
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            database.close();
        }
    }
}
