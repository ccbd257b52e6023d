//@ chapter 5
package dev.fromzero.sql.jdbc;

import dev.fromzero.sql.Prepared;
import dev.fromzero.sql.types.Value;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A statement parsed once, with {@code ?} parameters bound to typed values before each run
 * ({@link Prepared}): a value never becomes SQL text, so it cannot change what the statement does,
 * and a loop of inserts parses its statement once. Parameters count from 1; every one must be set
 * before a run, and a value stays set for the next run until changed or cleared.
 */
final class JdbcPreparedStatement extends PreparedStatementStubs {

    private final Prepared prepared;
    private final Value[] parameters;
    private final List<List<Value>> batch = new ArrayList<>();

    JdbcPreparedStatement(JdbcConnection connection, Prepared prepared) {
        super(connection);
        this.prepared = prepared;
        this.parameters = new Value[prepared.parameterCount()];
    }

    private void set(int index, Value value) throws SQLException {
        ensureOpen();
        if (index < 1 || index > parameters.length) {
            throw new SQLException("parameter index " + index + " is out of range: the statement has "
                    + parameters.length + " parameter(s), counted from 1", "07009");
        }
        parameters[index - 1] = value;
    }

    /** The values of the parameters, each of which must be set. */
    private List<Value> values() throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] == null) {
                throw new SQLException("parameter " + (i + 1) + " has no value: set it (setNull for NULL) before running",
                        "07001");
            }
        }
        return Arrays.asList(parameters.clone());
    }

    @Override
    public ResultSet executeQuery() throws SQLException {
        ensureOpen();
        List<Value> values = values();
        return query(connection.run(() -> prepared.execute(values)));
    }

    @Override
    public int executeUpdate() throws SQLException {
        return (int) executeLargeUpdate();
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        ensureOpen();
        List<Value> values = values();
        return update(connection.run(() -> prepared.execute(values)));
    }

    @Override
    public boolean execute() throws SQLException {
        ensureOpen();
        List<Value> values = values();
        return take(connection.run(() -> prepared.execute(values)));
    }

    @Override
    public void addBatch() throws SQLException {
        ensureOpen();
        batch.add(values());
    }

    @Override
    public void clearBatch() throws SQLException {
        ensureOpen();
        batch.clear();
    }

    @Override
    public int[] executeBatch() throws SQLException {
        ensureOpen();
        List<List<Value>> runs = List.copyOf(batch);
        batch.clear();
        int[] counts = new int[runs.size()];
        for (int i = 0; i < runs.size(); i++) {
            List<Value> values = runs.get(i);
            counts[i] = batchCount(connection.run(() -> prepared.execute(values)), i, counts);
        }
        return counts;
    }

    @Override
    public void clearParameters() throws SQLException {
        ensureOpen();
        Arrays.fill(parameters, null);
    }

    @Override
    public void setNull(int index, int sqlType) throws SQLException {
        set(index, Value.NULL);
    }

    @Override
    public void setNull(int index, int sqlType, String typeName) throws SQLException {
        set(index, Value.NULL);
    }

    @Override
    public void setBoolean(int index, boolean x) throws SQLException {
        set(index, Value.of(x));
    }

    @Override
    public void setByte(int index, byte x) throws SQLException {
        set(index, Value.of((long) x));
    }

    @Override
    public void setShort(int index, short x) throws SQLException {
        set(index, Value.of((long) x));
    }

    @Override
    public void setInt(int index, int x) throws SQLException {
        set(index, Value.of((long) x));
    }

    @Override
    public void setLong(int index, long x) throws SQLException {
        set(index, Value.of(x));
    }

    @Override
    public void setFloat(int index, float x) throws SQLException {
        set(index, Value.of((double) x));
    }

    @Override
    public void setDouble(int index, double x) throws SQLException {
        set(index, Value.of(x));
    }

    @Override
    public void setBigDecimal(int index, BigDecimal x) throws SQLException {
        set(index, JdbcValues.fromObject(x, index));
    }

    @Override
    public void setString(int index, String x) throws SQLException {
        set(index, x == null ? Value.NULL : Value.of(x));
    }

    @Override
    public void setObject(int index, Object x) throws SQLException {
        set(index, JdbcValues.fromObject(x, index));
    }

    /** The value as its own Java type says: {@code targetSqlType} converts nothing. */
    @Override
    public void setObject(int index, Object x, int targetSqlType) throws SQLException {
        set(index, JdbcValues.fromObject(x, index));
    }

    /** Unknown until the statement runs: JDBC allows null here. */
    @Override
    public ResultSetMetaData getMetaData() throws SQLException {
        ensureOpen();
        return null;
    }

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        throw textOnPrepared();
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        throw textOnPrepared();
    }

    private static SQLException textOnPrepared() {
        return new SQLException("a PreparedStatement runs its own statement: call the method without SQL text", "42000");
    }
}
