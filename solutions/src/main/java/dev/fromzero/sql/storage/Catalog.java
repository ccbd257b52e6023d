//@ chapter 5
package dev.fromzero.sql.storage;

import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.WriteBatch;
import dev.fromzero.sql.SerializationFailure;
import dev.fromzero.sql.SqlException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The tables of a database, kept in the key-value store (see {@link KeyLayout}) so that they
 * survive a restart, and the door to their rows: {@link #table} to read, {@link #writeSet} to write.
 *
 * <p>The catalog reads every schema once, when it is made, and keeps them in memory; CREATE and
 * DROP write the store first and change memory after, so memory never holds a table the store
 * does not. The store belongs to the caller, who closes it.
 *
 * <p><b>Views.</b> Schemas are read and written on the store itself. Rows are read and written
 * through a {@link KvView}: the store itself for a catalog made by {@link #Catalog(KvStore)}, or a
 * transaction for the catalog {@link #in} returns, which shares this catalog's tables and lock.
 *
 * <p><b>Threads.</b> Any number of threads may read at once. Writes (create, drop, and
 * {@link WriteSet#commit}) take the catalog's lock, so one statement's checks and batch are not
 * interleaved with another's.
 */
public final class Catalog {

    private final KvStore store;
    /** Every table's schema, by its name in lower case; shared by the catalogs {@link #in} makes. */
    private final Map<String, TableSchema> tables;
    /** What rows are read and written through. */
    private final KvView view;
    /** The lock of every write, shared by the catalogs {@link #in} makes. */
    private final Object lock;
    /** The schema of every table whose rows were written through this catalog, as they were written. */
    private final Map<String, TableSchema> written = new HashMap<>();

    /**
     * A catalog of the tables kept in {@code store}: those created before, in this process or an
     * earlier one.
     *
     * @throws IllegalArgumentException if a stored schema is damaged
     */
    public Catalog(KvStore store) {
        this.store = store;
        this.tables = new TreeMap<>();
        this.view = KvView.of(store);
        this.lock = new Object();
        //@ todo 5: Read every schema under the catalog prefix into tables (docs/chapter05-sql.md#step-5-the-catalog-and-tables)
        for (Iterator<KeyValue> it = store.scanPrefix(KeyLayout.catalogPrefix()); it.hasNext(); ) {
            TableSchema schema = SchemaCodec.decode(it.next().value());
            tables.put(TableSchema.fold(schema.name()), schema);
        }
        //@ end
    }

    private Catalog(Catalog shared, KvView view) {
        this.store = shared.store;
        this.tables = shared.tables;
        this.view = view;
        this.lock = shared.lock;
    }

    /**
     * This catalog with rows read and written through {@code view} (a transaction): the same
     * tables and the same lock, so a table created through either is seen through both.
     */
    public Catalog in(KvView view) {
        return new Catalog(this, view);
    }

    /** The lock that every write of the catalog, and every {@link WriteSet#commit}, holds. */
    Object lock() {
        return lock;
    }

    /**
     * Runs {@code work} holding the catalog's lock: no CREATE, DROP or commit runs meanwhile. A DDL
     * statement runs in it, in a transaction begun inside it, so that it sees every committed row.
     */
    public <T> T locked(Supplier<T> work) {
        synchronized (lock) {
            return work.get();
        }
    }

    /**
     * Commits the transaction this catalog's view belongs to: runs {@code commit} holding the
     * catalog's lock, once every table whose rows it wrote is still the table it wrote them to.
     *
     * @throws SerializationFailure if such a table was dropped or re-created since; {@code commit} did not run
     */
    public void commit(Runnable commit) {
        synchronized (lock) {
            for (TableSchema schema : written.values()) {
                if (!schema.equals(tables.get(TableSchema.fold(schema.name())))) {
                    throw new SerializationFailure("table " + schema.name() + " was dropped or re-created while "
                            + "the transaction wrote to it");
                }
            }
            commit.run();
        }
    }

    /** Notes that rows of the table of {@code schema} were written through this catalog. */
    void wrote(TableSchema schema) {
        written.put(TableSchema.fold(schema.name()), schema);
    }

    /**
     * Creates a table with no rows.
     *
     * @throws SqlException if a table of that name (in any case) exists
     */
    public void createTable(TableSchema schema) {
        synchronized (lock) {
            createLocked(schema);
        }
    }

    private void createLocked(TableSchema schema) {
        //@ todo 5: Refuse an existing name, store the schema under its catalog key, then remember it (docs/chapter05-sql.md#step-5-the-catalog-and-tables)
        String key = TableSchema.fold(schema.name());
        if (tables.containsKey(key)) {
            throw new SqlException("table " + schema.name() + " already exists", "42P07");
        }
        store.put(KeyLayout.catalogKey(schema.name()), SchemaCodec.encode(schema));
        tables.put(key, schema);
        //@ end
    }

    /**
     * Drops a table, every row of it and every entry of its indexes, in one batch: after a crash,
     * either the table and its rows are there or none of them.
     *
     * @throws SqlException if there is no such table
     */
    public void dropTable(String name) {
        synchronized (lock) {
            dropLocked(name);
        }
    }

    private void dropLocked(String name) {
        //@ todo 5: Delete the schema and every row key of the table in one WriteBatch, then forget it (docs/chapter05-sql.md#step-5-the-catalog-and-tables)
        TableSchema schema = schema(name);
        WriteBatch batch = new WriteBatch().delete(KeyLayout.catalogKey(schema.name()));
        for (Iterator<KeyValue> it = store.scanPrefix(KeyLayout.rowPrefix(schema.name())); it.hasNext(); ) {
            batch.delete(it.next().key());
        }
        deleteAll(KeyLayout.indexPrefix(schema.name()), batch);
        store.write(batch);
        tables.remove(TableSchema.fold(name));
        //@ end
    }

    /**
     * Creates index {@code index} on table {@code table}, with an entry for every row the table
     * holds. The entries are written through this catalog's view, as rows are, so a transaction
     * sees them exactly as it sees their rows; the schema is written to the store only once they
     * are committed ({@link KvView#afterCommit}), so that no index can name entries a crash lost.
     * A crash between the two leaves entries of an index that does not exist, which no read looks
     * at, and which the next CREATE INDEX of that name (or DROP TABLE) deletes first.
     *
     * @throws SqlException if there is no such table or column, or an index of that name (in any case) exists
     * @throws ConstraintViolation of kind UNIQUE naming the index, the table and the values, if the index
     *     is UNIQUE and two rows hold the same values without a NULL; then nothing was written
     */
    public void createIndex(String table, IndexDef index) {
        synchronized (lock) {
            TableSchema schema = schema(table);
            //@ todo 5: Refuse a name any table's index has; delete leftover entries under the index's prefix, write every row's entry through the view, then, once they are committed (view.afterCommit), the new schema, and remember it (docs/chapter05-sql.md#step-9-indexes)
            Optional<String> owner = indexOwner(index.name());
            if (owner.isPresent()) {
                throw new SqlException("index " + index.name() + " already exists (on table " + owner.get() + ")");
            }
            TableSchema indexed = schema.withIndex(index);
            WriteBatch entries = new WriteBatch();
            IndexEntries.build(view, indexed, index, entries);
            WriteBatch leftovers = new WriteBatch();
            deleteAll(KeyLayout.indexPrefix(schema.name(), index.name()), leftovers);
            if (!leftovers.isEmpty()) {
                store.write(leftovers);
            }
            view.write(entries);
            view.afterCommit(() -> {
                store.put(KeyLayout.catalogKey(schema.name()), SchemaCodec.encode(indexed));
                tables.put(TableSchema.fold(schema.name()), indexed);
            });
            //@ end
        }
    }

    /**
     * Drops index {@code name} and every entry of it (every version, in a transaction's store), in
     * one batch with the table's new schema.
     *
     * @throws SqlException {@code no such index: NAME} if no table has it
     */
    public void dropIndex(String name) {
        synchronized (lock) {
            String table = indexOwner(name).orElseThrow(() -> new SqlException("no such index: " + name));
            TableSchema schema = schema(table);
            TableSchema without = schema.withoutIndex(name);
            WriteBatch batch = new WriteBatch().put(KeyLayout.catalogKey(schema.name()), SchemaCodec.encode(without));
            //@ todo 5: Delete every key under the index's prefix in the same batch, write it, then remember the schema (docs/chapter05-sql.md#step-9-indexes)
            deleteAll(KeyLayout.indexPrefix(schema.name(), name), batch);
            store.write(batch);
            tables.put(TableSchema.fold(schema.name()), without);
            //@ end
        }
    }

    /** The name of the table that has index {@code name} (in any case), if one has. */
    public Optional<String> indexOwner(String name) {
        synchronized (lock) {
            return tables.values().stream().filter(t -> t.index(name).isPresent()).map(TableSchema::name).findFirst();
        }
    }

    /** Adds a delete of every key in the store under {@code prefix} (every version of it, under transactions). */
    private void deleteAll(byte[] prefix, WriteBatch batch) {
        for (Iterator<KeyValue> it = store.scanPrefix(prefix); it.hasNext(); ) {
            batch.delete(it.next().key());
        }
    }

    /** Table {@code name}, if it exists (the name in any case). */
    public Optional<Table> find(String name) {
        synchronized (lock) {
            TableSchema schema = tables.get(TableSchema.fold(name));
            return schema == null ? Optional.empty() : Optional.of(new Table(view, schema));
        }
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
    public List<TableSchema> schemas() {
        synchronized (lock) {
            return new ArrayList<>(tables.values());
        }
    }

    /**
     * A new, empty set of row changes for one statement. Nothing reaches the store until its
     * {@link WriteSet#commit}.
     */
    public WriteSet writeSet() {
        return new WriteSet(this, view);
    }

    /** The current schema of table {@code name}, or an error naming it. */
    TableSchema schema(String name) {
        synchronized (lock) {
            TableSchema schema = tables.get(TableSchema.fold(name));
            if (schema == null) {
                throw new SqlException("no such table: " + name, "42P01");
            }
            return schema;
        }
    }
}
