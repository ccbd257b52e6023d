package dev.fromzero.sql.storage;

import dev.fromzero.kv.KvStore;
import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The row changes of one statement, checked and then written to the store in one
 * {@link dev.fromzero.kv.WriteBatch}: a statement that fails, in a check or in a crash, writes
 * nothing.
 *
 * <p>Each row is checked where it can be alone as it is added: its values are coerced to their
 * columns' types ({@link Coercion}), and NOT NULL is enforced. Uniqueness (primary key and
 * UNIQUE) is checked at {@link #commit}, against the table <em>as the statement leaves it</em>:
 * the stored rows the statement does not delete or update, plus every row it inserts or updates.
 * So {@code UPDATE t SET id = id + 1} succeeds when the new keys are distinct, whatever order the
 * rows are visited in, and two rows of one INSERT with one key fail even though neither is in the
 * store yet.
 *
 * <p>The executor reads the rows to change with {@link Table#scan} (which does not see this write
 * set), calls {@link #insert}, {@link #update} and {@link #delete}, then {@link #commit}. After any
 * exception it drops the write set: nothing was written. A write set is used by one thread, once.
 */
public final class WriteSet {

    private final Catalog catalog;
    private final KvStore store;
    /** The changes to each table, by table name in lower case, in the order the tables were first touched. */
    private final Map<String, TableChanges> changes = new LinkedHashMap<>();
    private boolean committed;

    WriteSet(Catalog catalog, KvStore store) {
        this.catalog = catalog;
        this.store = store;
    }

    /**
     * Adds a new row to {@code table}. {@code values} holds one value per column, in column order:
     * the executor fills in the DEFAULT of every column the INSERT does not name.
     *
     * @throws ConstraintViolation (TYPE or NOT_NULL) naming the table, column and value
     */
    public void insert(Table table, List<Value> values) {
        List<Value> row = checked(table, values);
        changesTo(table).puts.add(new TableChanges.Put(table.keyOf(row), row));
    }

    /**
     * Replaces the values of {@code row}, a row of {@code table} read by {@link Table#scan} or
     * {@link Table#get}, with {@code values} (one per column). If the primary key changes, the row
     * moves to its new key.
     *
     * @throws ConstraintViolation (TYPE or NOT_NULL) naming the table, column and value
     */
    public void update(Table table, Row row, List<Value> values) {
        List<Value> updated = checked(table, values);
        TableChanges changes = changesTo(table);
        changes.deleteKey(row.key());
        List<Value> key = table.schema().hasPrimaryKey() ? table.keyOf(updated) : row.key();
        changes.puts.add(new TableChanges.Put(key, updated));
    }

    /** Deletes {@code row}, a row of {@code table} read by {@link Table#scan} or {@link Table#get}. */
    public void delete(Table table, Row row) {
        changesTo(table).deleteKey(row.key());
    }

    /** Whether the statement changed no row. */
    public boolean isEmpty() {
        return changes.values().stream().allMatch(TableChanges::isEmpty);
    }

    /**
     * Checks the uniqueness of every primary key and UNIQUE column in the tables as the statement
     * leaves them, then writes every change in one batch.
     *
     * @throws ConstraintViolation (PRIMARY_KEY or UNIQUE) naming the table, column and value; then nothing was written
     * @throws SqlException if a table was dropped or re-created since the statement read it
     * @throws IllegalStateException if the write set was committed already
     */
    public void commit() {
        if (committed) {
            throw new IllegalStateException("this write set was committed already: a statement commits once");
        }
        committed = true;
        synchronized (catalog) {
            List<TableChanges> checked = new ArrayList<>();
            for (TableChanges tableChanges : changes.values()) {
                TableSchema now = catalog.schema(tableChanges.table.name());
                if (!now.equals(tableChanges.table.schema())) {
                    throw new SqlException("table " + tableChanges.table.name() + " was dropped, re-created or "
                            + "indexed while the statement ran; run it again");
                }
                checked.add(tableChanges);
            }
            new Commit(store, checked).run();
        }
    }

    private TableChanges changesTo(Table table) {
        if (committed) {
            throw new IllegalStateException("this write set was committed already: start a new one for the next statement");
        }
        return changes.computeIfAbsent(TableSchema.fold(table.name()), name -> new TableChanges(table));
    }

    /** {@code values} coerced to their columns' types, with NOT NULL enforced. */
    private static List<Value> checked(Table table, List<Value> values) {
        TableSchema schema = table.schema();
        if (values.size() != schema.columns().size()) {
            throw new SqlException("table " + table.name() + " has " + schema.columns().size() + " columns, but "
                    + values.size() + " values were given: " + values);
        }
        throw new UnsupportedOperationException("TODO(chapter05): Coerce each value to its column's type, and refuse NULL in a NOT NULL column (docs/chapter05-sql.md#step-5-the-catalog-and-tables)");
    }
}
