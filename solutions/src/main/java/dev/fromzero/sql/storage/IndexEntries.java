//@ chapter 5
package dev.fromzero.sql.storage;

import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.WriteBatch;
import dev.fromzero.sql.types.Value;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Index entries: what a row puts into each index of its table ({@link KeyLayout#indexKey}), and
 * how a statement keeps them right. Every entry is written or deleted in the same batch as its
 * row, so that after a failure or a crash an index never holds a row the table does not, nor
 * misses one it does.
 *
 * <p>A row's entries change only when its indexed values or its key change, so an update that
 * leaves them alone writes no entry. A UNIQUE index is checked through its own entries: finding
 * the rows that hold some values is one prefix scan, not a scan of the table.
 */
final class IndexEntries {

    private static final byte[] EMPTY = new byte[0];

    private IndexEntries() {
    }

    /** The values of {@code index}'s columns in a row of {@code schema} with {@code values}. */
    static List<Value> indexed(TableSchema schema, IndexDef index, List<Value> values) {
        List<Value> indexed = new ArrayList<>();
        for (int column : schema.indexColumns(index)) {
            indexed.add(values.get(column));
        }
        return indexed;
    }

    /**
     * The entries, in every index of {@code schema}, of a row with {@code values} and key
     * {@code key}: each entry's store key, with its value. An entry ends with the row's key, and its
     * value is empty; but in a UNIQUE index, values without a NULL are the whole store key and the
     * row's key is the value, so that two transactions giving two rows the same values write the
     * same key, and the second to commit gets a serialization failure.
     */
    static Map<ByteBuffer, ByteBuffer> entries(TableSchema schema, List<Value> values, List<Value> key) {
        //@ todo 5: One KeyLayout.indexKey per index of the table: the row's indexed values, then its key; or, for a UNIQUE index and values without NULL, the values alone, with the encoded key as the value (docs/chapter05-sql.md#step-9-indexes)
        Map<ByteBuffer, ByteBuffer> entries = new LinkedHashMap<>();
        for (IndexDef index : schema.indexes()) {
            List<Value> indexed = indexed(schema, index, values);
            if (index.unique() && indexed.stream().noneMatch(Value::isNull)) {
                entries.put(ByteBuffer.wrap(KeyLayout.indexKey(schema.name(), index, indexed, List.of())),
                        ByteBuffer.wrap(KeyCodec.encode(key)));
            } else {
                entries.put(ByteBuffer.wrap(KeyLayout.indexKey(schema.name(), index, indexed, key)),
                        ByteBuffer.wrap(EMPTY));
            }
        }
        return entries;
        //@ end
    }

    /** The key of the row an entry of {@code index} leads to: see {@link #entries}. */
    static List<Value> rowKey(String table, IndexDef index, KeyValue entry) {
        int width = index.columns().size();
        List<Value> values = KeyLayout.indexEntryValues(table, index, entry.key());
        return values.size() > width ? values.subList(width, values.size()) : KeyCodec.decode(entry.value());
    }

    /**
     * Adds to {@code batch} the index changes of one statement on one table: the entries of the
     * stored rows it deletes (an update deletes its old row) go, the entries of the rows it puts
     * come, and an entry in both, with the same value, is left as it is.
     */
    static void maintain(KvView store, TableChanges changes, Map<ByteBuffer, TableChanges.Put> byKey, WriteBatch batch) {
        TableSchema schema = changes.table.schema();
        if (schema.indexes().isEmpty()) {
            return;
        }
        //@ todo 5: Collect the entries of each stored row the statement deletes and of each row it puts; delete the old ones no put keeps, put the new ones that differ (docs/chapter05-sql.md#step-9-indexes)
        Map<ByteBuffer, ByteBuffer> old = new LinkedHashMap<>();
        for (ByteBuffer rowKey : changes.deletes) {
            byte[] stored = store.get(rowKey.array());
            if (stored != null) {
                List<Value> key = KeyLayout.keyValues(schema.name(), rowKey.array());
                old.putAll(entries(schema, RowCodec.decode(stored, schema.types()), key));
            }
        }
        Map<ByteBuffer, ByteBuffer> added = new LinkedHashMap<>();
        for (TableChanges.Put put : byKey.values()) {
            added.putAll(entries(schema, put.values(), put.key()));
        }
        for (ByteBuffer entry : old.keySet()) {
            if (!added.containsKey(entry)) {
                batch.delete(entry.array());
            }
        }
        for (Map.Entry<ByteBuffer, ByteBuffer> entry : added.entrySet()) {
            if (!entry.getValue().equals(old.get(entry.getKey()))) {
                batch.put(entry.getKey().array(), entry.getValue().array());
            }
        }
        //@ end
    }

    /**
     * Checks every UNIQUE index against the table as the statement leaves it: no two rows the
     * statement puts share values without a NULL, and no put shares them with a stored row the
     * statement keeps.
     *
     * @throws ConstraintViolation of kind UNIQUE naming the index, the table and the values
     */
    static void checkUnique(KvView store, TableChanges changes, Map<ByteBuffer, TableChanges.Put> byKey) {
        TableSchema schema = changes.table.schema();
        for (IndexDef index : schema.indexes()) {
            if (!index.unique()) {
                continue;
            }
            //@ todo 5: Skip values with a NULL; refuse values two puts share, or that an entry of a stored row the statement neither deletes nor moves has (docs/chapter05-sql.md#step-9-indexes)
            Map<ByteBuffer, List<Value>> seen = new HashMap<>();
            for (TableChanges.Put put : byKey.values()) {
                List<Value> values = indexed(schema, index, put.values());
                if (values.stream().anyMatch(Value::isNull)) {
                    continue;
                }
                byte[] prefix = KeyLayout.indexKey(schema.name(), index, values, List.of());
                if (seen.put(ByteBuffer.wrap(prefix), values) != null) {
                    throw ConstraintViolation.duplicateIndex(schema.name(), index, values);
                }
                for (Iterator<KeyValue> it = store.scanPrefix(prefix); it.hasNext(); ) {
                    List<Value> key = rowKey(schema.name(), index, it.next());
                    if (!changes.deletes.contains(changes.rowKey(key))) {
                        throw ConstraintViolation.duplicateIndex(schema.name(), index, values);
                    }
                }
            }
            //@ end
        }
    }

    /**
     * Adds to {@code batch} an entry of the new index {@code index} for every row of the table.
     *
     * @throws ConstraintViolation of kind UNIQUE naming the index, the table and the values, if the
     *     index is UNIQUE and two rows hold the same values without a NULL
     */
    static void build(KvView store, TableSchema schema, IndexDef index, WriteBatch batch) {
        //@ todo 5: Scan the table's rows and add each one's entry; for a UNIQUE index refuse values (without a NULL) seen before (docs/chapter05-sql.md#step-9-indexes)
        Set<ByteBuffer> seen = new LinkedHashSet<>();
        TableSchema indexOnly = new TableSchema(schema.name(), schema.columns(), schema.primaryKey(), List.of(index));
        Table table = new Table(store, schema);
        for (Iterator<Row> rows = table.scan(); rows.hasNext(); ) {
            Row row = rows.next();
            List<Value> values = indexed(schema, index, row.values());
            if (index.unique() && values.stream().noneMatch(Value::isNull)
                    && !seen.add(ByteBuffer.wrap(KeyCodec.encode(values)))) {
                throw ConstraintViolation.duplicateIndex(schema.name(), index, values);
            }
            entries(indexOnly, row.values(), row.key()).forEach((key, value) -> batch.put(key.array(), value.array()));
        }
        //@ end
    }
}
