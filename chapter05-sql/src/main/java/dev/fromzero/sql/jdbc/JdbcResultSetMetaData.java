package dev.fromzero.sql.jdbc;

import dev.fromzero.sql.Result;
import dev.fromzero.sql.types.DataType;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;

/**
 * The columns of a result: names and types, what a generic tool (a table viewer, a mapper) asks
 * before it reads a row. A column whose type the engine does not know (an expression whose values
 * are all NULL, or of several types) is {@link java.sql.Types#OTHER}.
 */
final class JdbcResultSetMetaData implements ResultSetMetaData {

    private final List<Result.Column> columns;

    JdbcResultSetMetaData(List<Result.Column> columns) {
        this.columns = columns;
    }

    private Result.Column column(int column) throws SQLException {
        if (column < 1 || column > columns.size()) {
            throw new SQLException("column index " + column + " is out of range: the result has " + columns.size()
                    + " column(s), counted from 1", "07009");
        }
        return columns.get(column - 1);
    }

    @Override
    public int getColumnCount() {
        return columns.size();
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        return column(column).name();
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        return column(column).name();
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        return JdbcValues.sqlType(column(column).type());
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        DataType type = column(column).type();
        return type == null ? "UNKNOWN" : type.name();
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        return JdbcValues.className(column(column).type());
    }

    @Override
    public int isNullable(int column) throws SQLException {
        column(column);
        return columnNullableUnknown;
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        DataType type = column(column).type();
        return type == DataType.INTEGER || type == DataType.FLOAT;
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        DataType type = column(column).type();
        if (type == null) {
            return Integer.MAX_VALUE;
        }
        return switch (type) {
            case INTEGER -> 20;
            case FLOAT -> 24;
            case BOOLEAN -> 5;
            case TEXT -> Integer.MAX_VALUE;
        };
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        DataType type = column(column).type();
        return type == DataType.INTEGER ? 19 : type == DataType.FLOAT ? 17 : 0;
    }

    @Override
    public int getScale(int column) throws SQLException {
        column(column);
        return 0;
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        return column(column).type() == DataType.TEXT;
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        column(column);
        return true;
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        column(column);
        return "";
    }

    @Override
    public String getTableName(int column) throws SQLException {
        column(column);
        return "";
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        column(column);
        return "";
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        column(column);
        return true;
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        column(column);
        return false;
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
