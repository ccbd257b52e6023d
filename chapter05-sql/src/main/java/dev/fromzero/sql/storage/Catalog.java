package dev.fromzero.sql.storage;

import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.WriteBatch;
import dev.fromzero.sql.SqlException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The tables of a database, kept in the key-value store (see {@link KeyLayout}) so that they
 * survive a restart, and the door to their rows: {@link #table} to read, {@link #writeSet} to write.
 *
 * <p>The catalog reads every schema once, when it is made, and keeps them in memory; CREATE and
 * DROP write the store first and change memory after, so memory never holds a table the store
 * does not. The store belongs to the caller, who closes it.
 *
 * <p><b>Threads.</b> Any number of threads may read at once. Writes (create, drop, and
 * {@link WriteSet#commit}) take this catalog's lock, so one statement's checks and batch are not
 * interleaved with another's.
 */
public final class Catalog {

    private final KvStore store;
    /** Every table's schema, by its name in lower case. */
    private final Map<String, TableSchema> tables = new TreeMap<>();

    /**
     * A catalog of the tables kept in {@code store}: those created before, in this process or an
     * earlier one.
     *
     * @throws IllegalArgumentException if a stored schema is damaged
     */
    public Catalog(KvStore store) {
        this.store = store;
        throw new UnsupportedOperationException("TODO(chapter05): Read every schema under the catalog prefix into tables (docs/chapter05-sql.md#step-5-the-catalog-and-tables)");
    }

    /**
     * Creates a table with no rows.
     *
     * @throws SqlException if a table of that name (in any case) exists
     */
    public synchronized void createTable(TableSchema schema) {
        throw new UnsupportedOperationException("TODO(chapter05): Refuse an existing name, store the schema under its catalog key, then remember it (docs/chapter05-sql.md#step-5-the-catalog-and-tables)");
    }

    /**
     * Drops a table, every row of it and every entry of its indexes, in one batch: after a crash,
     * either the table and its rows are there or none of them.
     *
     * @throws SqlException if there is no such table
     */
    public synchronized void dropTable(String name) {
        throw new UnsupportedOperationException("TODO(chapter05): Delete the schema and every row key of the table in one WriteBatch, then forget it (docs/chapter05-sql.md#step-5-the-catalog-and-tables)");
    }

    /**
     * Creates index {@code index} on table {@code table}, with an entry for every row the table
     * holds, in one batch with the new schema.
     *
     * @throws SqlException if there is no such table or column, or an index of that name (in any case) exists
     * @throws ConstraintViolation of kind UNIQUE naming the index, the table and the values, if the index
     *     is UNIQUE and two rows hold the same values without a NULL; then nothing was written
     */
    public synchronized void createIndex(String table, IndexDef index) {
        TableSchema schema = schema(table);
        throw new UnsupportedOperationException("TODO(chapter05): Refuse a name any table's index has, build every row's entry into one batch with the new schema, write it, then remember the schema (docs/chapter05-sql.md#step-9-indexes)");
    }

    /**
     * Drops index {@code name} and every entry of it, in one batch with the table's new schema.
     *
     * @throws SqlException {@code no such index: NAME} if no table has it
     */
    public synchronized void dropIndex(String name) {
        String table = indexOwner(name).orElseThrow(() -> new SqlException("no such index: " + name));
        TableSchema schema = schema(table);
        TableSchema without = schema.withoutIndex(name);
        WriteBatch batch = new WriteBatch().put(KeyLayout.catalogKey(schema.name()), SchemaCodec.encode(without));
        throw new UnsupportedOperationException("TODO(chapter05): Delete every entry under the index's prefix in the same batch, write it, then remember the schema (docs/chapter05-sql.md#step-9-indexes)");
    }

    /** The name of the table that has index {@code name} (in any case), if one has. */
    public synchronized Optional<String> indexOwner(String name) {
        return tables.values().stream().filter(t -> t.index(name).isPresent()).map(TableSchema::name).findFirst();
    }

    private void deleteAll(byte[] prefix, WriteBatch batch) {
        for (Iterator<KeyValue> it = store.scanPrefix(prefix); it.hasNext(); ) {
            batch.delete(it.next().key());
        }
    }

    /** Table {@code name}, if it exists (the name in any case). */
    public synchronized Optional<Table> find(String name) {
        TableSchema schema = tables.get(TableSchema.fold(name));
        return schema == null ? Optional.empty() : Optional.of(new Table(store, schema));
    }

    /**
     * Table {@code name}.
     *
     * @throws SqlException {@code no such table: NAME} if it does not exist
     */
    public Table table(String name) {
        return find(name).orElseThrow(() -> new SqlException("no such table: " + name, "42P01"));
    }

    /** The schema of every table, by name. */
    public synchronized List<TableSchema> schemas() {
        return new ArrayList<>(tables.values());
    }

    /**
     * A new, empty set of row changes for one statement. Nothing reaches the store until its
     * {@link WriteSet#commit}.
     */
    public WriteSet writeSet() {
        return new WriteSet(this, store);
    }

    /** The current schema of table {@code name}, or an error naming it. */
    synchronized TableSchema schema(String name) {
        TableSchema schema = tables.get(TableSchema.fold(name));
        if (schema == null) {
            throw new SqlException("no such table: " + name, "42P01");
        }
        return schema;
    }
}
