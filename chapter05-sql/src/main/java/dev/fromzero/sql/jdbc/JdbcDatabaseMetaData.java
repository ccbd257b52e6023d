package dev.fromzero.sql.jdbc;

import dev.fromzero.sql.Result;
import dev.fromzero.sql.storage.ColumnDef;
import dev.fromzero.sql.storage.TableSchema;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a generic tool asks about the database: its tables and their columns, and what the driver
 * supports. The lists are results like any query's, with the columns JDBC names for them
 * ({@code TABLE_NAME}, {@code COLUMN_NAME}, {@code DATA_TYPE}, ...). The database has no catalogs
 * or schemas, so those columns are NULL and those arguments must match everything.
 */
final class JdbcDatabaseMetaData extends DatabaseMetaDataStubs {

    private static final List<String> TABLE_COLUMNS = List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE",
            "REMARKS", "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION");
    private static final List<String> COLUMN_COLUMNS = List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME",
            "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "BUFFER_LENGTH", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE",
            "REMARKS", "COLUMN_DEF", "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION",
            "IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE", "SOURCE_DATA_TYPE", "IS_AUTOINCREMENT",
            "IS_GENERATEDCOLUMN");
    /** The columns of getColumns that hold numbers; the others hold text. */
    private static final List<String> COLUMN_NUMBERS = List.of("DATA_TYPE", "COLUMN_SIZE", "BUFFER_LENGTH",
            "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE", "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH",
            "ORDINAL_POSITION", "SOURCE_DATA_TYPE");

    private final JdbcConnection connection;

    JdbcDatabaseMetaData(JdbcConnection connection) {
        this.connection = connection;
    }

    @Override
    public ResultSet getTables(String catalog, String schemaPattern, String tablePattern, String[] types)
            throws SQLException {
        List<List<Value>> rows = new ArrayList<>();
        boolean wantsTables = types == null || Arrays.asList(types).contains("TABLE");
        if (wantsTables && noCatalogOrSchema(catalog, schemaPattern)) {
            for (TableSchema table : tables()) {
                if (matches(tablePattern, table.name())) {
                    rows.add(List.of(Value.NULL, Value.NULL, Value.of(table.name()), Value.of("TABLE"), Value.of(""),
                            Value.NULL, Value.NULL, Value.NULL, Value.NULL, Value.NULL));
                }
            }
        }
        return result(TABLE_COLUMNS, List.of(), rows);
    }

    @Override
    public ResultSet getColumns(String catalog, String schemaPattern, String tablePattern, String columnPattern)
            throws SQLException {
        List<List<Value>> rows = new ArrayList<>();
        if (noCatalogOrSchema(catalog, schemaPattern)) {
            for (TableSchema table : tables()) {
                if (!matches(tablePattern, table.name())) {
                    continue;
                }
                for (int i = 0; i < table.columns().size(); i++) {
                    ColumnDef column = table.columns().get(i);
                    if (matches(columnPattern, column.name())) {
                        rows.add(columnRow(table, column, i + 1));
                    }
                }
            }
        }
        return result(COLUMN_COLUMNS, COLUMN_NUMBERS, rows);
    }

    private static List<Value> columnRow(TableSchema table, ColumnDef column, int position) {
        boolean nullable = column.nullable() && !table.primaryKey().contains(column.name());
        DataType type = column.type();
        long size = type == DataType.INTEGER ? 19 : type == DataType.FLOAT ? 17 : type == DataType.BOOLEAN ? 1
                : Integer.MAX_VALUE;
        return List.of(Value.NULL, Value.NULL, Value.of(table.name()), Value.of(column.name()),
                Value.of(JdbcValues.sqlType(type)), Value.of(type.name()), Value.of(size), Value.NULL,
                type == DataType.FLOAT ? Value.of(17L) : Value.of(0L), Value.of(10L),
                Value.of(nullable ? columnNullable : columnNoNulls), Value.of(""),
                column.defaultValue() == null || column.defaultValue().isNull() ? Value.NULL
                        : Value.of(column.defaultValue().toString()),
                Value.NULL, Value.NULL, type == DataType.TEXT ? Value.of((long) Integer.MAX_VALUE) : Value.NULL,
                Value.of(position), Value.of(nullable ? "YES" : "NO"), Value.NULL, Value.NULL, Value.NULL, Value.NULL,
                Value.of("NO"), Value.of("NO"));
    }

    private List<TableSchema> tables() throws SQLException {
        try {
            return connection.shared().database().tables();
        } catch (RuntimeException e) {
            throw Errors.of(e);
        }
    }

    /** Whether the catalog and schema arguments, which this database does not have, can match its tables. */
    private static boolean noCatalogOrSchema(String catalog, String schemaPattern) {
        return (catalog == null || catalog.isEmpty()) && (schemaPattern == null || schemaPattern.equals("%")
                || schemaPattern.isEmpty());
    }

    /** JDBC's LIKE pattern: {@code %} any run, {@code _} one character, {@code \} escapes; null matches all. */
    static boolean matches(String pattern, String name) {
        if (pattern == null) {
            return true;
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(name).matches();
    }

    private static ResultSet result(List<String> names, List<String> numbers, List<List<Value>> rows) {
        List<Result.Column> columns = names.stream()
                .map(name -> new Result.Column(name, numbers.contains(name) ? DataType.INTEGER : DataType.TEXT))
                .toList();
        return new JdbcResultSet(null, new Result.Rows(columns, rows), 0);
    }

    @Override
    public ResultSet getTableTypes() {
        return result(List.of("TABLE_TYPE"), List.of(), List.of(List.of(Value.of("TABLE"))));
    }

    @Override
    public ResultSet getSchemas() {
        return result(List.of("TABLE_SCHEM", "TABLE_CATALOG"), List.of(), List.of());
    }

    @Override
    public ResultSet getCatalogs() {
        return result(List.of("TABLE_CAT"), List.of(), List.of());
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public String getURL() {
        return JdbcDriver.PREFIX + connection.shared().dir();
    }

    @Override
    public String getUserName() {
        return "";
    }

    @Override
    public String getDatabaseProductName() {
        return "fromzero";
    }

    @Override
    public String getDatabaseProductVersion() {
        return "1.0";
    }

    @Override
    public int getDatabaseMajorVersion() {
        return 1;
    }

    @Override
    public int getDatabaseMinorVersion() {
        return 0;
    }

    @Override
    public String getDriverName() {
        return "fromzero JDBC driver";
    }

    @Override
    public String getDriverVersion() {
        return "1.0";
    }

    @Override
    public int getDriverMajorVersion() {
        return 1;
    }

    @Override
    public int getDriverMinorVersion() {
        return 0;
    }

    @Override
    public int getJDBCMajorVersion() {
        return 4;
    }

    @Override
    public int getJDBCMinorVersion() {
        return 2;
    }

    @Override
    public String getIdentifierQuoteString() {
        return "\"";
    }

    @Override
    public String getSearchStringEscape() {
        return "\\";
    }

    @Override
    public boolean storesLowerCaseIdentifiers() {
        return true;
    }

    @Override
    public boolean storesUpperCaseIdentifiers() {
        return false;
    }

    @Override
    public boolean storesMixedCaseIdentifiers() {
        return false;
    }

    @Override
    public boolean supportsMixedCaseQuotedIdentifiers() {
        return true;
    }

    @Override
    public boolean supportsTransactions() {
        return true;
    }

    @Override
    public int getDefaultTransactionIsolation() {
        return Connection.TRANSACTION_REPEATABLE_READ;
    }

    @Override
    public boolean supportsTransactionIsolationLevel(int level) {
        return level == Connection.TRANSACTION_REPEATABLE_READ;
    }

    @Override
    public boolean supportsBatchUpdates() {
        return true;
    }

    @Override
    public boolean supportsResultSetType(int type) {
        return type == ResultSet.TYPE_FORWARD_ONLY;
    }

    @Override
    public boolean supportsResultSetConcurrency(int type, int concurrency) {
        return type == ResultSet.TYPE_FORWARD_ONLY && concurrency == ResultSet.CONCUR_READ_ONLY;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }
}
