package dev.fromzero.sql.jdbc;

import dev.fromzero.sql.Result;
import dev.fromzero.sql.types.Value;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.List;

/**
 * The rows of one query, read forward only. The engine hands over the whole result at once
 * ({@link Result.Rows}), so this is a cursor over a list: {@link #next} moves it, each getter
 * converts one value of the current row ({@link JdbcValues}) and remembers whether it was NULL,
 * for {@link #wasNull}. Columns count from 1, as everywhere in JDBC.
 */
final class JdbcResultSet extends ResultSetStubs {

    private final Statement statement;
    private final Result.Rows result;
    private final List<List<Value>> rows;
    private int row = -1;
    private boolean lastWasNull;
    private boolean closed;

    /** The rows of {@code result}, at most {@code maxRows} of them (0: all); {@code statement} is null for metadata. */
    JdbcResultSet(Statement statement, Result.Rows result, long maxRows) {
        this.statement = statement;
        this.result = result;
        this.rows = maxRows > 0 && result.rows().size() > maxRows ? result.rows().subList(0, (int) maxRows) : result.rows();
    }

    @Override
    public boolean next() throws SQLException {
        ensureOpen();
        if (row < rows.size()) {
            row++;
        }
        return row < rows.size();
    }

    /** The value at {@code column} of the current row, remembered for {@link #wasNull}. */
    private Value value(int column) throws SQLException {
        ensureOpen();
        if (row < 0 || row >= rows.size()) {
            throw new SQLException(row < 0 ? "no current row: call next() first" : "no current row: next() returned false",
                    "24000");
        }
        if (column < 1 || column > result.columns().size()) {
            throw new SQLException("column index " + column + " is out of range: the result has "
                    + result.columns().size() + " column(s), counted from 1", "07009");
        }
        throw new UnsupportedOperationException("TODO(chapter05): Take the value of the current row at column (from 1) and remember whether it is NULL, for wasNull() (docs/chapter05-sql.md#step-12-the-jdbc-driver)");
    }

    @Override
    public boolean wasNull() throws SQLException {
        ensureOpen();
        return lastWasNull;
    }

    private String name(int column) {
        return result.columns().get(column - 1).name();
    }

    @Override
    public String getString(int column) throws SQLException {
        return JdbcValues.toText(value(column));
    }

    @Override
    public boolean getBoolean(int column) throws SQLException {
        return JdbcValues.toBoolean(value(column), name(column));
    }

    @Override
    public byte getByte(int column) throws SQLException {
        int i = getInt(column);
        if (i != (byte) i) {
            throw new java.sql.SQLDataException("column " + name(column) + ": " + i + " does not fit in a byte", "22003");
        }
        return (byte) i;
    }

    @Override
    public short getShort(int column) throws SQLException {
        int i = getInt(column);
        if (i != (short) i) {
            throw new java.sql.SQLDataException("column " + name(column) + ": " + i + " does not fit in a short", "22003");
        }
        return (short) i;
    }

    @Override
    public int getInt(int column) throws SQLException {
        return JdbcValues.toInt(value(column), name(column));
    }

    @Override
    public long getLong(int column) throws SQLException {
        return JdbcValues.toLong(value(column), name(column));
    }

    @Override
    public float getFloat(int column) throws SQLException {
        return (float) getDouble(column);
    }

    @Override
    public double getDouble(int column) throws SQLException {
        return JdbcValues.toDouble(value(column), name(column));
    }

    @Override
    public BigDecimal getBigDecimal(int column) throws SQLException {
        return JdbcValues.toBigDecimal(value(column), name(column));
    }

    @Override
    public Object getObject(int column) throws SQLException {
        return JdbcValues.toObject(value(column));
    }

    @Override
    public <T> T getObject(int column, Class<T> type) throws SQLException {
        Object converted;
        if (type == Long.class) {
            converted = getLong(column);
        } else if (type == Integer.class) {
            converted = getInt(column);
        } else if (type == Double.class) {
            converted = getDouble(column);
        } else if (type == Boolean.class) {
            converted = getBoolean(column);
        } else if (type == String.class) {
            converted = getString(column);
        } else if (type == BigDecimal.class) {
            converted = getBigDecimal(column);
        } else if (type == Object.class) {
            converted = getObject(column);
        } else {
            throw new SQLFeatureNotSupportedException("getObject(" + column + ", " + type.getName() + "): the driver"
                    + " converts to Long, Integer, Double, Boolean, String and BigDecimal");
        }
        return lastWasNull ? null : type.cast(converted);
    }

    @Override
    public int findColumn(String label) throws SQLException {
        ensureOpen();
        List<Result.Column> columns = result.columns();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(label)) {
                return i + 1;
            }
        }
        throw new SQLException("no column " + label + " in the result; it has "
                + columns.stream().map(Result.Column::name).toList(), "42703");
    }

    @Override
    public String getString(String label) throws SQLException {
        return getString(findColumn(label));
    }

    @Override
    public boolean getBoolean(String label) throws SQLException {
        return getBoolean(findColumn(label));
    }

    @Override
    public byte getByte(String label) throws SQLException {
        return getByte(findColumn(label));
    }

    @Override
    public short getShort(String label) throws SQLException {
        return getShort(findColumn(label));
    }

    @Override
    public int getInt(String label) throws SQLException {
        return getInt(findColumn(label));
    }

    @Override
    public long getLong(String label) throws SQLException {
        return getLong(findColumn(label));
    }

    @Override
    public float getFloat(String label) throws SQLException {
        return getFloat(findColumn(label));
    }

    @Override
    public double getDouble(String label) throws SQLException {
        return getDouble(findColumn(label));
    }

    @Override
    public BigDecimal getBigDecimal(String label) throws SQLException {
        return getBigDecimal(findColumn(label));
    }

    @Override
    public Object getObject(String label) throws SQLException {
        return getObject(findColumn(label));
    }

    @Override
    public <T> T getObject(String label, Class<T> type) throws SQLException {
        return getObject(findColumn(label), type);
    }

    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        ensureOpen();
        return new JdbcResultSetMetaData(result.columns());
    }

    @Override
    public Statement getStatement() throws SQLException {
        ensureOpen();
        return statement;
    }

    @Override
    public int getRow() throws SQLException {
        ensureOpen();
        return row >= 0 && row < rows.size() ? row + 1 : 0;
    }

    @Override
    public boolean isBeforeFirst() throws SQLException {
        ensureOpen();
        return row < 0 && !rows.isEmpty();
    }

    @Override
    public boolean isAfterLast() throws SQLException {
        ensureOpen();
        return row >= rows.size() && !rows.isEmpty();
    }

    @Override
    public boolean isFirst() throws SQLException {
        ensureOpen();
        return row == 0 && !rows.isEmpty();
    }

    @Override
    public boolean isLast() throws SQLException {
        ensureOpen();
        return row == rows.size() - 1;
    }

    @Override
    public int getType() throws SQLException {
        ensureOpen();
        return ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public int getConcurrency() throws SQLException {
        ensureOpen();
        return ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public int getHoldability() throws SQLException {
        ensureOpen();
        return ResultSet.HOLD_CURSORS_OVER_COMMIT;
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
            throw new SQLFeatureNotSupportedException("a result is read forward only");
        }
    }

    @Override
    public int getFetchSize() throws SQLException {
        ensureOpen();
        return 0;
    }

    /** A hint only: the whole result is in memory already. */
    @Override
    public void setFetchSize(int rows) throws SQLException {
        ensureOpen();
        if (rows < 0) {
            throw new SQLException("fetch size " + rows + " is negative", "22023");
        }
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
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    private void ensureOpen() throws SQLException {
        if (closed) {
            throw new SQLException("the result set is closed", "24000");
        }
    }

}
