//@ chapter 5
package dev.fromzero.sql.jdbc;

import dev.fromzero.sql.Result;
import dev.fromzero.sql.Session;
import java.sql.ClientInfoStatus;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * One connection to the embedded database: one {@link Session}, so one transaction at a time.
 * With auto-commit on (JDBC's default) each statement is its own transaction; with it off, the
 * first statement after a commit or rollback begins one, which {@link #commit} or
 * {@link #rollback} ends.
 *
 * <p>Like the session it wraps, a connection is for one thread at a time.
 */
final class JdbcConnection extends ConnectionStubs {

    /** A call into the engine, whose errors become {@link SQLException}s. */
    interface EngineCall {
        Result run();
    }

    private final SharedDatabases.Shared database;
    private final Session session;
    private boolean autoCommit = true;
    private boolean inTransaction;
    private boolean closed;

    JdbcConnection(SharedDatabases.Shared database) {
        this.database = database;
        this.session = database.database().session();
    }

    Session session() {
        return session;
    }

    SharedDatabases.Shared shared() {
        return database;
    }

    /** Runs {@code call}, first beginning a transaction if auto-commit is off and none is open. */
    Result run(EngineCall call) throws SQLException {
        ensureOpen();
        try {
            if (!autoCommit && !inTransaction) {
                session.execute("BEGIN");
                inTransaction = true;
            }
            return call.run();
        } catch (RuntimeException e) {
            throw Errors.of(e);
        }
    }

    @Override
    public Statement createStatement() throws SQLException {
        ensureOpen();
        return new JdbcStatement(this);
    }

    @Override
    public Statement createStatement(int type, int concurrency) throws SQLException {
        requireForwardReadOnly(type, concurrency);
        return createStatement();
    }

    @Override
    public PreparedStatement prepareStatement(String sql) throws SQLException {
        ensureOpen();
        try {
            return new JdbcPreparedStatement(this, session.prepare(sql));
        } catch (RuntimeException e) {
            throw Errors.of(e);
        }
    }

    @Override
    public PreparedStatement prepareStatement(String sql, int type, int concurrency) throws SQLException {
        requireForwardReadOnly(type, concurrency);
        return prepareStatement(sql);
    }

    private void requireForwardReadOnly(int type, int concurrency) throws SQLException {
        ensureOpen();
        if (type != ResultSet.TYPE_FORWARD_ONLY || concurrency != ResultSet.CONCUR_READ_ONLY) {
            throw new SQLFeatureNotSupportedException("results are forward-only and read-only");
        }
    }

    @Override
    public void setAutoCommit(boolean on) throws SQLException {
        ensureOpen();
        if (on && inTransaction) {
            commit(); // JDBC: switching auto-commit on commits the open transaction
        }
        autoCommit = on;
    }

    @Override
    public boolean getAutoCommit() throws SQLException {
        ensureOpen();
        return autoCommit;
    }

    @Override
    public void commit() throws SQLException {
        end("COMMIT");
    }

    @Override
    public void rollback() throws SQLException {
        end("ROLLBACK");
    }

    private void end(String statement) throws SQLException {
        ensureOpen();
        if (autoCommit) {
            throw new SQLException(statement + " with auto-commit on: there is no transaction to end", "25000");
        }
        if (inTransaction) {
            inTransaction = false;
            try {
                session.execute(statement);
            } catch (RuntimeException e) {
                throw Errors.of(e);
            }
        }
    }

    /** Snapshot isolation, which the SQL standard's names come closest to as REPEATABLE READ. */
    @Override
    public int getTransactionIsolation() throws SQLException {
        ensureOpen();
        return Connection.TRANSACTION_REPEATABLE_READ;
    }

    @Override
    public void setTransactionIsolation(int level) throws SQLException {
        ensureOpen();
        if (level != Connection.TRANSACTION_REPEATABLE_READ) {
            throw new SQLFeatureNotSupportedException("transactions run in snapshot isolation only:"
                    + " TRANSACTION_REPEATABLE_READ (" + Connection.TRANSACTION_REPEATABLE_READ + ")");
        }
    }

    @Override
    public DatabaseMetaData getMetaData() throws SQLException {
        ensureOpen();
        return new JdbcDatabaseMetaData(this);
    }

    @Override
    public boolean isReadOnly() throws SQLException {
        ensureOpen();
        return false;
    }

    /** A hint JDBC lets a driver ignore. */
    @Override
    public void setReadOnly(boolean readOnly) throws SQLException {
        ensureOpen();
    }

    @Override
    public String nativeSQL(String sql) throws SQLException {
        ensureOpen();
        return sql;
    }

    @Override
    public String getCatalog() throws SQLException {
        ensureOpen();
        return null;
    }

    /** The database has no catalogs: JDBC says to ignore this then. */
    @Override
    public void setCatalog(String catalog) throws SQLException {
        ensureOpen();
    }

    @Override
    public String getSchema() throws SQLException {
        ensureOpen();
        return null;
    }

    /** The database has no schemas: JDBC says to ignore this then. */
    @Override
    public void setSchema(String schema) throws SQLException {
        ensureOpen();
    }

    @Override
    public int getHoldability() throws SQLException {
        ensureOpen();
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        ensureOpen();
        return null;
    }

    @Override
    public void clearWarnings() throws SQLException {
        ensureOpen();
    }

    @Override
    public void setClientInfo(String name, String value) throws SQLClientInfoException {
        throw new SQLClientInfoException("the driver keeps no client info", Map.of(name, ClientInfoStatus.REASON_UNKNOWN_PROPERTY));
    }

    @Override
    public void setClientInfo(Properties properties) throws SQLClientInfoException {
        Map<String, ClientInfoStatus> refused = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> refused.put(name, ClientInfoStatus.REASON_UNKNOWN_PROPERTY));
        throw new SQLClientInfoException("the driver keeps no client info", refused);
    }

    @Override
    public boolean isValid(int timeout) throws SQLException {
        if (timeout < 0) {
            throw new SQLException("timeout " + timeout + " is negative", "22023");
        }
        return !closed;
    }

    /** Rolls back an open transaction, as JDBC asks, and lets go of the database (the last connection closes it). */
    @Override
    public void close() throws SQLException {
        if (closed) {
            return;
        }
        try {
            if (inTransaction) {
                inTransaction = false;
                session.execute("ROLLBACK");
            }
        } catch (RuntimeException e) {
            throw Errors.of(e);
        } finally {
            closed = true;
            database.release();
        }
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    private void ensureOpen() throws SQLException {
        if (closed) {
            throw new SQLException("the connection is closed", "08003");
        }
    }
}
