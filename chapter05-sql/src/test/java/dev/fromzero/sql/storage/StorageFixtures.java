package dev.fromzero.sql.storage;

import dev.fromzero.kv.Durability;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.StoreOptions;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Small helpers the step-5 suites share: a store, schemas, and one-statement writes. */
final class StorageFixtures {

    private StorageFixtures() {
    }

    /** A store in {@code dir} that syncs only when closed: these tests reopen it, they do not cut the power. */
    static KvStore open(Path dir) {
        return KvStore.open(dir, StoreOptions.defaults().withDurability(Durability.never()));
    }

    static ColumnDef column(String name, DataType type) {
        return new ColumnDef(name, type);
    }

    /** {@code people(id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE, score FLOAT DEFAULT 0)}. */
    static TableSchema people() {
        return new TableSchema("people", List.of(
                column("id", DataType.INTEGER),
                column("name", DataType.TEXT).notNull(),
                column("email", DataType.TEXT).withUnique(),
                column("score", DataType.FLOAT).withDefault(Value.of(0L))), List.of("id"));
    }

    static List<Value> person(long id, String name, String email, double score) {
        return List.of(Value.of(id), Value.of(name), email == null ? Value.NULL : Value.of(email), Value.of(score));
    }

    /** Inserts {@code rows} into {@code table} in one statement. */
    static void insert(Catalog catalog, String table, List<List<Value>> rows) {
        Table t = catalog.table(table);
        WriteSet writes = catalog.writeSet();
        for (List<Value> row : rows) {
            writes.insert(t, row);
        }
        writes.commit();
    }

    /** Every row of {@code table}, in scan order. */
    static List<Row> rows(Catalog catalog, String table) {
        List<Row> rows = new ArrayList<>();
        for (Iterator<Row> it = catalog.table(table).scan(); it.hasNext(); ) {
            rows.add(it.next());
        }
        return rows;
    }

    /** The values of every row of {@code table}, in scan order. */
    static List<List<Value>> values(Catalog catalog, String table) {
        return rows(catalog, table).stream().map(Row::values).toList();
    }
}
