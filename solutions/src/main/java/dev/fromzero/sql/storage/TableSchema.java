//@ chapter 5
package dev.fromzero.sql.storage;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.types.DataType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A table as CREATE TABLE declared it: its name, its columns in order, and its primary key.
 *
 * <p>Names of tables and columns are compared case-insensitively ({@code Users} and {@code users}
 * are one table), and kept as declared for display.
 *
 * <p><b>The primary key</b> is a list of column names, in key order: one name for a column-level
 * {@code PRIMARY KEY}, several for a table-level {@code PRIMARY KEY (a, b)}. Its columns become NOT
 * NULL. A table declared without one gets a <b>hidden row id</b>: an INTEGER that is not a column
 * (SELECT * does not show it), given to each inserted row as one more than the largest row id in
 * the table, and used as the row's key. Rows of such a table are scanned in insertion order, and
 * the id of a deleted last row may be given again.
 *
 * @param name the table's name
 * @param columns the columns, in declaration order (the order of a row's values)
 * <p><b>Indexes</b> (CREATE INDEX) belong to the schema too: an index's name is unique within the
 * table (the catalog makes it unique in the database), and names columns of the table, each once.
 *
 * @param primaryKey the names of the primary-key columns in key order; empty for a hidden row id
 * @param indexes the table's indexes, in the order they were created
 */
public record TableSchema(String name, List<ColumnDef> columns, List<String> primaryKey, List<IndexDef> indexes) {

    /** A table without indexes. */
    public TableSchema(String name, List<ColumnDef> columns, List<String> primaryKey) {
        this(name, columns, primaryKey, List.of());
    }

    public TableSchema {
        if (name == null || name.isBlank()) {
            throw new SqlException("a table needs a name");
        }
        if (columns == null || columns.isEmpty()) {
            throw new SqlException("table " + name + " needs at least one column");
        }
        Set<String> seen = new HashSet<>();
        for (ColumnDef column : columns) {
            if (!seen.add(fold(column.name()))) {
                throw new SqlException("table " + name + ": column " + column.name() + " is declared twice");
            }
        }
        primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
        Set<String> inKey = new HashSet<>();
        for (String keyColumn : primaryKey) {
            if (!seen.contains(fold(keyColumn))) {
                throw new SqlException("table " + name + ": the primary key names " + keyColumn
                        + ", which is not a column of the table");
            }
            if (!inKey.add(fold(keyColumn))) {
                throw new SqlException("table " + name + ": the primary key names " + keyColumn + " twice");
            }
        }
        List<ColumnDef> checked = new ArrayList<>(columns.size());
        for (ColumnDef column : columns) {
            boolean keyColumn = inKey.contains(fold(column.name()));
            checked.add(keyColumn && column.nullable() ? column.notNull() : column);
        }
        columns = List.copyOf(checked);
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
        Set<String> indexNames = new HashSet<>();
        for (IndexDef index : indexes) {
            if (!indexNames.add(fold(index.name()))) {
                throw new SqlException("table " + name + " already has an index " + index.name());
            }
            Set<String> indexed = new HashSet<>();
            for (String column : index.columns()) {
                if (!seen.contains(fold(column))) {
                    throw new SqlException("index " + index.name() + ": table " + name + " has no column " + column);
                }
                if (!indexed.add(fold(column))) {
                    throw new SqlException("index " + index.name() + " names column " + column + " twice");
                }
            }
        }
    }

    /** A table whose key is a hidden row id. */
    public static TableSchema withRowId(String name, List<ColumnDef> columns) {
        return new TableSchema(name, columns, List.of());
    }

    /** Whether the table has a declared primary key (if not, its rows are keyed by a hidden row id). */
    public boolean hasPrimaryKey() {
        return !primaryKey.isEmpty();
    }

    /** The position of column {@code name} in a row, or -1 if the table has no such column. */
    public int indexOf(String name) {
        String folded = fold(name);
        for (int i = 0; i < columns.size(); i++) {
            if (fold(columns.get(i).name()).equals(folded)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The column {@code name}.
     *
     * @throws SqlException naming the table and the column if there is no such column
     */
    public ColumnDef column(String name) {
        int i = indexOf(name);
        if (i < 0) {
            throw new SqlException("table " + this.name + " has no column " + name, "42703");
        }
        return columns.get(i);
    }

    /** The positions in a row of the primary-key columns, in key order; empty for a hidden row id. */
    public List<Integer> primaryKeyIndexes() {
        return primaryKey.stream().map(this::indexOf).toList();
    }

    /** The column types, in column order. */
    public List<DataType> types() {
        return columns.stream().map(ColumnDef::type).toList();
    }

    /** The index {@code name} (in any case), if the table has one. */
    public Optional<IndexDef> index(String name) {
        return indexes.stream().filter(i -> fold(i.name()).equals(fold(name))).findFirst();
    }

    /** This table with {@code index} added. */
    public TableSchema withIndex(IndexDef index) {
        List<IndexDef> more = new ArrayList<>(indexes);
        more.add(index);
        return new TableSchema(name, columns, primaryKey, more);
    }

    /** This table without its index {@code name}. */
    public TableSchema withoutIndex(String name) {
        return new TableSchema(this.name, columns, primaryKey,
                indexes.stream().filter(i -> !fold(i.name()).equals(fold(name))).toList());
    }

    /** The positions in a row of {@code index}'s columns, in index order. */
    public List<Integer> indexColumns(IndexDef index) {
        return index.columns().stream().map(this::indexOf).toList();
    }

    /** A name as names are compared: lower case. */
    static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
