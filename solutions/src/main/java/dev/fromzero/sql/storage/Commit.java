//@ chapter 5
package dev.fromzero.sql.storage;

import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.WriteBatch;
import dev.fromzero.kv.log.RecordCodec;
import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.types.Value;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The commit of one {@link WriteSet}, run under the catalog's lock: give new rows of tables
 * without a primary key their row ids, check every primary key and UNIQUE column against the
 * tables as the statement leaves them, and write everything in one batch.
 *
 * <p>Uniqueness needs both halves: rows the statement puts must differ from each other (two rows
 * of one INSERT), and from the stored rows it keeps (a row inserted over an existing one). A stored
 * row the statement deletes or moves does not count, so a key may be freed and taken again by one
 * statement. A UNIQUE column is checked with one scan of the table per statement; a UNIQUE index,
 * and every index's entries, are {@link IndexEntries}'s, and go into the same batch as the rows.
 */
final class Commit {

    private final KvStore store;
    private final List<TableChanges> tables;

    Commit(KvStore store, List<TableChanges> tables) {
        this.store = store;
        this.tables = tables;
    }

    void run() {
        WriteBatch batch = new WriteBatch();
        for (TableChanges changes : tables) {
            List<TableChanges.Put> puts = withRowIds(changes);
            Map<ByteBuffer, TableChanges.Put> byKey = checkPrimaryKey(changes, puts);
            checkUnique(changes, byKey);
            IndexEntries.checkUnique(store, changes, byKey);
            add(batch, changes, byKey);
            IndexEntries.maintain(store, changes, byKey, batch);
        }
        //@ todo 5: Write the whole statement's batch to the store at once (docs/chapter05-sql.md#step-5-the-catalog-and-tables)
        store.write(batch);
        //@ end
    }

    /** The puts, each new row of a table without a primary key given the next row id. */
    private List<TableChanges.Put> withRowIds(TableChanges changes) {
        if (changes.table.schema().hasPrimaryKey()) {
            return changes.puts;
        }
        long next = lastRowId(changes.table) + 1;
        List<TableChanges.Put> puts = new ArrayList<>();
        for (TableChanges.Put put : changes.puts) {
            if (put.key() != null) {
                puts.add(put);
                continue;
            }
            if (next == Long.MIN_VALUE) {
                throw new SqlException("table " + changes.table.name() + " has used up its row ids");
            }
            puts.add(new TableChanges.Put(List.of(Value.of(next++)), put.values()));
        }
        return puts;
    }

    private long lastRowId(Table table) {
        Iterator<KeyValue> last = store.descendingScanPrefix(KeyLayout.rowPrefix(table.name()));
        if (!last.hasNext()) {
            return 0;
        }
        return ((Value.Int) KeyLayout.keyValues(table.name(), last.next().key()).get(0)).value();
    }

    /** The puts by row key, once each is known to be the only row with its key once the statement is done. */
    private Map<ByteBuffer, TableChanges.Put> checkPrimaryKey(TableChanges changes, List<TableChanges.Put> puts) {
        //@ todo 5: Refuse two puts with one key, and a put onto a stored key the statement does not delete (docs/chapter05-sql.md#step-5-the-catalog-and-tables)
        Map<ByteBuffer, TableChanges.Put> byKey = new LinkedHashMap<>();
        for (TableChanges.Put put : puts) {
            ByteBuffer key = changes.rowKey(put.key());
            if (byKey.putIfAbsent(key, put) != null
                    || !changes.deletes.contains(key) && store.contains(key.array())) {
                throw duplicateKey(changes.table, put.key());
            }
        }
        return byKey;
        //@ end
    }

    /** Checks that no UNIQUE column holds one non-NULL value twice in the table as the statement leaves it. */
    private void checkUnique(TableChanges changes, Map<ByteBuffer, TableChanges.Put> byKey) {
        TableSchema schema = changes.table.schema();
        List<Integer> unique = new ArrayList<>();
        for (int i = 0; i < schema.columns().size(); i++) {
            if (schema.columns().get(i).unique()) {
                unique.add(i);
            }
        }
        if (unique.isEmpty() || byKey.isEmpty()) {
            return;
        }
        //@ todo 5: Refuse a non-NULL value put twice in a UNIQUE column, or put where a stored row the statement keeps has it (docs/chapter05-sql.md#step-5-the-catalog-and-tables)
        // Values are compared as keys compare them: 0.0 and -0.0 are one value.
        List<Map<ByteBuffer, Value>> seen = new ArrayList<>();
        for (int column : unique) {
            Map<ByteBuffer, Value> values = new HashMap<>();
            for (TableChanges.Put put : byKey.values()) {
                Value value = put.values().get(column);
                if (!value.isNull() && values.put(ByteBuffer.wrap(KeyCodec.encode(value)), value) != null) {
                    throw duplicateUnique(schema, column, value);
                }
            }
            seen.add(values);
        }
        for (Iterator<KeyValue> it = store.scanPrefix(KeyLayout.rowPrefix(schema.name())); it.hasNext(); ) {
            KeyValue stored = it.next();
            ByteBuffer key = ByteBuffer.wrap(stored.key());
            if (changes.deletes.contains(key) || byKey.containsKey(key)) {
                continue;
            }
            List<Value> values = RowCodec.decode(stored.value(), schema.types());
            for (int u = 0; u < unique.size(); u++) {
                Value value = values.get(unique.get(u));
                if (!value.isNull() && seen.get(u).containsKey(ByteBuffer.wrap(KeyCodec.encode(value)))) {
                    throw duplicateUnique(schema, unique.get(u), value);
                }
            }
        }
        //@ end
    }

    /** Deletes of the keys no put takes again, then the puts. */
    private static void add(WriteBatch batch, TableChanges changes, Map<ByteBuffer, TableChanges.Put> byKey) {
        for (ByteBuffer key : changes.deletes) {
            if (!byKey.containsKey(key)) {
                batch.delete(key.array());
            }
        }
        for (Map.Entry<ByteBuffer, TableChanges.Put> put : byKey.entrySet()) {
            byte[] row = RowCodec.encode(put.getValue().values(), changes.table.schema().types());
            if (row.length > RecordCodec.MAX_VALUE_SIZE) {
                throw new SqlException("a row of table " + changes.table.name() + " takes " + row.length
                        + " bytes, over the store's limit of " + RecordCodec.MAX_VALUE_SIZE + " bytes for a value");
            }
            batch.put(put.getKey().array(), row);
        }
    }

    private static ConstraintViolation duplicateKey(Table table, List<Value> key) {
        String columns = String.join(", ", table.schema().primaryKey());
        String shown = key.size() == 1 ? key.get(0).toString()
                : key.stream().map(Value::toString).collect(Collectors.joining(", ", "(", ")"));
        return ConstraintViolation.duplicateKey(table.name(), columns, key.size() == 1 ? key.get(0) : null, shown);
    }

    private static ConstraintViolation duplicateUnique(TableSchema schema, int column, Value value) {
        return ConstraintViolation.duplicateUnique(schema.name(), schema.columns().get(column).name(), value);
    }
}
