package dev.fromzero.sql.jdbc;

import dev.fromzero.sql.Result;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A statement of SQL text, run through its connection's session. Each run closes the result of
 * the one before, as JDBC requires; a result is either rows ({@link #getResultSet}) or an update
 * count ({@link #getUpdateCount}), never both.
 */
class JdbcStatement extends StatementStubs {

    final JdbcConnection connection;
    private JdbcResultSet resultSet;
    private long updateCount = -1;
    private long maxRows;
    private boolean closed;
    private final List<String> batch = new ArrayList<>();

    JdbcStatement(JdbcConnection connection) {
        this.connection = connection;
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        ensureOpen();
        return query(connection.run(() -> connection.session().execute(sql)));
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        return (int) executeLargeUpdate(sql);
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        ensureOpen();
        return update(connection.run(() -> connection.session().execute(sql)));
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        ensureOpen();
        return take(connection.run(() -> connection.session().execute(sql)));
    }

    /** Keeps {@code result} as this statement's current one; true if it is rows. */
    final boolean take(Result result) throws SQLException {
        closeResult();
        if (result instanceof Result.Rows rows) {
            resultSet = new JdbcResultSet(this, rows, maxRows);
            return true;
        }
        updateCount = result instanceof Result.Count count ? count.rows() : 0;
        return false;
    }

    /** The rows of an executeQuery; a statement that gave none is an error (it has run, though). */
    final ResultSet query(Result result) throws SQLException {
        if (!take(result)) {
            throw new SQLException("the statement returned no rows: use executeUpdate or execute for it", "02000");
        }
        return resultSet;
    }

    /** The count of an executeUpdate; a statement that gave rows is an error (it has run, though). */
    final long update(Result result) throws SQLException {
        if (take(result)) {
            throw new SQLException("the statement returned rows: use executeQuery or execute for it", "0100E");
        }
        return updateCount;
    }

    @Override
    public ResultSet getResultSet() throws SQLException {
        ensureOpen();
        return resultSet;
    }

    @Override
    public int getUpdateCount() throws SQLException {
        return (int) getLargeUpdateCount();
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        ensureOpen();
        return updateCount;
    }

    /** Every statement has one result: after it, there are no more. */
    @Override
    public boolean getMoreResults() throws SQLException {
        ensureOpen();
        closeResult();
        return false;
    }

    private void closeResult() {
        if (resultSet != null) {
            resultSet.close();
            resultSet = null;
        }
        updateCount = -1;
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        ensureOpen();
        batch.add(sql);
    }

    @Override
    public void clearBatch() throws SQLException {
        ensureOpen();
        batch.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        ensureOpen();
        List<String> statements = List.copyOf(batch);
        batch.clear();
        int[] counts = new int[statements.size()];
        for (int i = 0; i < statements.size(); i++) {
            String sql = statements.get(i);
            counts[i] = batchCount(connection.run(() -> connection.session().execute(sql)), i, counts);
        }
        return counts;
    }

    /** The count of the {@code i}-th statement of a batch; a query in a batch is an error, as JDBC says. */
    static int batchCount(Result result, int i, int[] counts) throws BatchUpdateException {
        if (result instanceof Result.Rows) {
            throw new BatchUpdateException("statement " + (i + 1) + " of the batch returned rows: a batch holds updates only",
                    "0100E", Arrays.copyOf(counts, i));
        }
        return result instanceof Result.Count count ? (int) count.rows() : 0;
    }

    @Override
    public Connection getConnection() throws SQLException {
        ensureOpen();
        return connection;
    }

    @Override
    public int getMaxRows() throws SQLException {
        return (int) getLargeMaxRows();
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        ensureOpen();
        return maxRows;
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        setLargeMaxRows(max);
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        ensureOpen();
        if (max < 0) {
            throw new SQLException("max rows " + max + " is negative", "22023");
        }
        maxRows = max;
    }

    @Override
    public int getFetchSize() throws SQLException {
        ensureOpen();
        return 0;
    }

    /** A hint only: results arrive whole. */
    @Override
    public void setFetchSize(int rows) throws SQLException {
        ensureOpen();
        if (rows < 0) {
            throw new SQLException("fetch size " + rows + " is negative", "22023");
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        ensureOpen();
        return ResultSet.FETCH_FORWARD;
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        ensureOpen();
        if (direction != ResultSet.FETCH_FORWARD) {
            throw new SQLFeatureNotSupportedException("results are read forward only");
        }
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        ensureOpen();
        return 0;
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        ensureOpen();
        if (seconds != 0) {
            throw new SQLFeatureNotSupportedException("statements cannot time out: the engine has no way to stop one");
        }
    }

    @Override
    public int getResultSetType() throws SQLException {
        ensureOpen();
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        ensureOpen();
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getResultSetHoldability() throws SQLException {
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
    public boolean isPoolable() throws SQLException {
        ensureOpen();
        return false;
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        ensureOpen();
    }

    @Override
    public void close() {
        closeResult();
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed || connection.isClosed();
    }

    final void ensureOpen() throws SQLException {
        if (isClosed()) {
            throw new SQLException(closed ? "the statement is closed" : "the connection is closed", "08003");
        }
    }
}
