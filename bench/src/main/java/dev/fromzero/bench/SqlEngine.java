package dev.fromzero.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;

/**
 * Chapter 5's SQL engines, each reached through its JDBC driver by URL only, so that the
 * benchmarks run the very same JDBC code against all three. Each is embedded, on one directory
 * on disk, with its defaults:
 *
 * <ul>
 *   <li>{@code fromzero}: the reference engine, {@code jdbc:fromzero:<dir>}, on the chapter-3
 *       store with its default durability: every write batch (a statement's, or a commit's) is
 *       synced before it returns, as SQLite's commits are.
 *   <li>{@code h2}: H2 (the version in the parent pom), {@code jdbc:h2:file:<dir>/db}: MVStore
 *       file, its default page cache and write delay (a commit is written by a background thread
 *       within 500 ms, not synced per commit). One setting is not its default:
 *       {@code OPTIMIZE_REUSE_RESULTS=0}. By default H2 hands back a query's previous result when
 *       its parameters are the same and no table it reads has changed, so a benchmark that asks
 *       the same join or GROUP BY of unchanging tables measures that cache (240,000 GROUP BYs
 *       of 100k rows a second), not the query.
 *   <li>{@code sqlite}: SQLite through {@code org.xerial:sqlite-jdbc}, {@code jdbc:sqlite:<dir>/db.sqlite}:
 *       rollback journal ({@code journal_mode=DELETE}), {@code synchronous=FULL} (synced per commit).
 * </ul>
 *
 * <p>The schema and the data are the same for every engine ({@link #createSchema}, {@link #insertItems},
 * {@link #loadAll}); the SQL is the plain subset all three read: INTEGER and VARCHAR
 * columns, a primary key, CREATE INDEX, JOIN … ON, GROUP BY.
 */
final class SqlEngine {

    /** Rows of {@code items}: the insert workload's size and the table the other queries read. */
    static final int ITEMS = 100_000;
    /** Rows per transaction when loading. */
    static final int BATCH = 1_000;
    /** Rows of each join table. */
    static final int JOIN_ROWS = 10_000;
    /** {@code items.grp} takes this many values. */
    static final int GROUPS = 100;

    private SqlEngine() {
    }

    static String url(String engine, Path dir) {
        return switch (engine) {
            case "fromzero" -> "jdbc:fromzero:" + dir;
            case "h2" -> "jdbc:h2:file:" + dir.resolve("db") + ";OPTIMIZE_REUSE_RESULTS=0";
            case "sqlite" -> "jdbc:sqlite:" + dir.resolve("db.sqlite");
            default -> throw new IllegalArgumentException("engine is one of fromzero, h2, sqlite, not " + engine);
        };
    }

    static Connection open(String engine, Path dir) throws SQLException {
        return DriverManager.getConnection(url(engine, dir));
    }

    /**
     * {@code items(id, grp, val, name)}: {@code val} is a permutation of the ids (so a range of
     * {@code val} reads rows scattered over the primary key), with an index on it; and the join's
     * two tables, {@code customers(id, name)} and {@code orders(id, customer, amount)} with an
     * index on {@code orders.customer}.
     */
    static void createSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE items (id INTEGER PRIMARY KEY, grp INTEGER NOT NULL, val INTEGER NOT NULL,"
                    + " name VARCHAR(32) NOT NULL)");
            s.executeUpdate("CREATE INDEX items_val ON items (val)");
            s.executeUpdate("CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(32) NOT NULL)");
            s.executeUpdate("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER NOT NULL, amount INTEGER NOT NULL)");
            s.executeUpdate("CREATE INDEX orders_customer ON orders (customer)");
        }
    }

    /** The value of {@code items.val} for row {@code id}: 7919 is prime to 100,000, so this is a permutation. */
    static int val(int id) {
        return (int) ((id * 7919L) % ITEMS);
    }

    /** Inserts {@link #ITEMS} rows into {@code items}, {@link #BATCH} per transaction, one statement per row. */
    static void insertItems(Connection c) throws SQLException {
        insertInTransactions(c, "INSERT INTO items (id, grp, val, name) VALUES (?, ?, ?, ?)", ITEMS, SqlEngine::bindItem);
    }

    /** The same rows as {@link #insertItems}, by 100 INSERTs of {@link #BATCH} rows each, in auto-commit. */
    static void insertItemsMultiRow(Connection c) throws SQLException {
        insertInStatements(c, "items (id, grp, val, name)", 4, ITEMS, SqlEngine::bindItem);
    }

    /**
     * The query benchmarks' data, loaded (not timed) with one multi-row INSERT per {@link #BATCH}
     * rows in auto-commit: {@code items}, then {@link #JOIN_ROWS} customers and as many orders, one
     * order per customer, in scattered order. A statement is a transaction of its own on every
     * engine, so this needs no BEGIN and COMMIT, and loads as fast as the insert workload.
     */
    static void loadAll(Connection c) throws SQLException {
        insertItemsMultiRow(c);
        insertInStatements(c, "customers (id, name)", 2, JOIN_ROWS, (p, at, id) -> {
            p.setInt(at, id);
            p.setString(at + 1, "customer-" + id);
        });
        insertInStatements(c, "orders (id, customer, amount)", 3, JOIN_ROWS, (p, at, id) -> {
            p.setInt(at, id);
            p.setInt(at + 1, (int) ((id * 7919L) % JOIN_ROWS));
            p.setInt(at + 2, id % 1000);
        });
    }

    private static void bindItem(PreparedStatement p, int at, int id) throws SQLException {
        p.setInt(at, id);
        p.setInt(at + 1, id % GROUPS);
        p.setInt(at + 2, val(id));
        p.setString(at + 3, "name-" + id);
    }

    /** Binds row {@code row}'s values to the parameters from number {@code at} on. */
    @FunctionalInterface
    interface RowBinder {
        void bind(PreparedStatement p, int at, int row) throws SQLException;
    }

    /**
     * Rows 0 to {@code rows - 1}, {@link #BATCH} per transaction. One {@code executeUpdate} per
     * row rather than JDBC batches: an embedded engine has no round trip to save, and every driver
     * runs a statement the same way.
     */
    static void insertInTransactions(Connection c, String sql, int rows, RowBinder binder) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int row = 0; row < rows; row++) {
                binder.bind(p, 1, row);
                p.executeUpdate();
                if ((row + 1) % BATCH == 0 || row == rows - 1) {
                    c.commit();
                }
            }
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** Rows 0 to {@code rows - 1} of {@code table}, {@link #BATCH} rows of {@code columns} values per INSERT. */
    static void insertInStatements(Connection c, String table, int columns, int rows, RowBinder binder) throws SQLException {
        String row = "(" + "?, ".repeat(columns - 1) + "?)";
        for (int first = 0; first < rows; first += BATCH) {
            int count = Math.min(BATCH, rows - first);
            String sql = "INSERT INTO " + table + " VALUES " + String.join(", ", Collections.nCopies(count, row));
            try (PreparedStatement p = c.prepareStatement(sql)) {
                for (int i = 0; i < count; i++) {
                    binder.bind(p, 1 + i * columns, first + i);
                }
                p.executeUpdate();
            }
        }
    }
}
