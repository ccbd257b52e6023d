//@ chapter 5
package dev.fromzero.sql.storage;

import dev.fromzero.kv.KeyValue;
import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The rows of one table, read through a {@link KvView} (the store, or a transaction): a scan in
 * primary-key order, one row by its key, or the rows in a range of the primary key or of an
 * index. Writes go through a {@link WriteSet}.
 */
public final class Table {

    private final KvView store;
    private final TableSchema schema;

    Table(KvView store, TableSchema schema) {
        this.store = store;
        this.schema = schema;
    }

    public TableSchema schema() {
        return schema;
    }

    /** The table's name, as declared. */
    public String name() {
        return schema.name();
    }

    /**
     * Every row, in primary-key order ({@link KeyCodec#ORDER} of the key values; insertion order for
     * a hidden row id). The iterator reads the view as it goes, with
     * {@link dev.fromzero.kv.KvStore#scan}'s consistency; a statement's own write set is not visible
     * to it until committed.
     */
    public Iterator<Row> scan() {
        //@ todo 5: Scan the table's row prefix and turn each key-value into a Row (docs/chapter05-sql.md#step-5-the-catalog-and-tables)
        Iterator<KeyValue> rows = store.scanPrefix(KeyLayout.rowPrefix(schema.name()));
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                return row(rows.next());
            }
        };
        //@ end
    }

    /**
     * The row whose key is {@code key} (the primary-key values in key order, coerced to their
     * columns' types, or the hidden row id), if there is one.
     *
     * @throws SqlException if {@code key} has the wrong number of values
     * @throws ConstraintViolation of kind TYPE if a key value cannot be of its column's type
     */
    public Optional<Row> get(List<Value> key) {
        //@ todo 5: Look the row up by its key and decode it (docs/chapter05-sql.md#step-5-the-catalog-and-tables)
        List<Value> coerced = coerceKey(key);
        byte[] value = store.get(KeyLayout.rowKey(schema.name(), coerced));
        return value == null ? Optional.empty() : Optional.of(new Row(coerced, RowCodec.decode(value, schema.types())));
        //@ end
    }

    /**
     * The rows in {@code range} of index {@code index}, or of the primary key if {@code index} is
     * null, in index order, each once. The range's values must be of their columns' types (the
     * caller converts them, as it alone knows what a comparison with another type means).
     *
     * @throws SqlException if the table has no index {@code index}, or no primary key to look up
     */
    public Iterator<Row> range(String index, KeyRange range) {
        List<Integer> columns;
        List<Boolean> descending;
        byte[] base;
        IndexDef def = null;
        if (index == null) {
            if (!schema.hasPrimaryKey()) {
                throw new SqlException("table " + name() + " has no primary key to look rows up by");
            }
            columns = schema.primaryKeyIndexes();
            descending = List.of();
            base = KeyLayout.rowPrefix(schema.name());
        } else {
            def = schema.index(index)
                    .orElseThrow(() -> new SqlException("table " + name() + " has no index " + index));
            columns = schema.indexColumns(def);
            descending = def.descending();
            base = KeyLayout.indexPrefix(schema.name(), def.name());
        }
        int next = range.prefix().size();
        if (next + (range.low() != null || range.high() != null ? 1 : 0) > columns.size()) {
            throw new SqlException("a lookup of " + range + " in " + (index == null ? "the primary key" : "index "
                    + index) + " of table " + name() + " names more values than its " + columns.size() + " column(s)");
        }
        //@ todo 5: Scan from the range's first key to past its last (NULLs never in a bounded range), and turn each row key or index entry into its Row (docs/chapter05-sql.md#step-9-indexes)
        if (range.prefix().stream().anyMatch(Value::isNull)
                || range.low() != null && range.low().value().isNull()
                || range.high() != null && range.high().value().isNull()) {
            return Collections.emptyIterator();
        }
        byte[] prefix = KeyLayout.concat(base, KeyCodec.encode(range.prefix(), descending));
        Span span = next < descending.size() && descending.get(next) ? descendingSpan(prefix, range)
                : ascendingSpan(prefix, range);
        if (Arrays.compareUnsigned(span.from(), span.to()) >= 0) {
            return Collections.emptyIterator();
        }
        Iterator<KeyValue> keys = store.scan(span.from(), span.to());
        IndexDef entries = def;
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return keys.hasNext();
            }

            @Override
            public Row next() {
                KeyValue kv = keys.next();
                if (entries == null) {
                    return row(kv);
                }
                List<Value> key = IndexEntries.rowKey(schema.name(), entries, kv);
                return get(key).orElseThrow(() -> new IllegalStateException("index " + index + " of table " + name()
                        + " has an entry for a row that is not there: " + key));
            }
        };
        //@ end
    }

    /** The keys a range scan reads: from {@code from} (inclusive) to {@code to} (exclusive). */
    private record Span(byte[] from, byte[] to) {}

    /** The keys after {@code prefix} whose next value, in an ascending column, is in the range's bounds. */
    private static Span ascendingSpan(byte[] prefix, KeyRange range) {
        //@ todo 5: The low bound (or, with only a high bound, the first value after the NULLs) starts the scan, the high bound (or the end of the prefix) ends it (docs/chapter05-sql.md#step-9-indexes)
        KeyRange.Bound low = range.low();
        KeyRange.Bound high = range.high();
        byte[] from = low != null ? bound(prefix, low.value(), !low.inclusive(), false)
                : high != null ? KeyLayout.concat(prefix, new byte[] {KeyCodec.NULL + 1}) : prefix;
        byte[] to = high != null ? bound(prefix, high.value(), high.inclusive(), false)
                : KeyLayout.concat(prefix, new byte[] {(byte) 0xff});
        return new Span(from, to);
        //@ end
    }

    /**
     * The keys after {@code prefix} whose next value, in a descending column, is in the range's
     * bounds: there the largest values come first and the NULLs last, so the high bound starts the
     * scan and the low bound ends it.
     */
    private static Span descendingSpan(byte[] prefix, KeyRange range) {
        //@ todo 5: The high bound (or the prefix) starts the scan; the low bound ends it, or with only a high bound the first NULL (fe), or with none the end of the prefix (docs/chapter05-sql.md#step-16-bonus-descending-and-multi-column-indexes)
        KeyRange.Bound low = range.low();
        KeyRange.Bound high = range.high();
        byte[] from = high != null ? bound(prefix, high.value(), !high.inclusive(), true) : prefix;
        byte[] to = low != null ? bound(prefix, low.value(), low.inclusive(), true)
                : KeyLayout.concat(prefix, new byte[] {(byte) (high != null ? ~KeyCodec.NULL : 0xff)});
        return new Span(from, to);
        //@ end
    }

    /**
     * The first key after every key starting with {@code prefix} and {@code value} (written
     * descending if {@code descending}) if {@code after}, else before them.
     */
    private static byte[] bound(byte[] prefix, Value value, boolean after, boolean descending) {
        byte[] at = KeyLayout.concat(prefix, KeyCodec.encode(List.of(value), List.of(descending)));
        return after ? KeyLayout.concat(at, new byte[] {(byte) 0xff}) : at;
    }

    /** The key of a row with {@code values}; null for a table with a hidden row id, whose id is given at commit. */
    List<Value> keyOf(List<Value> values) {
        if (!schema.hasPrimaryKey()) {
            return null;
        }
        List<Value> key = new ArrayList<>();
        for (int i : schema.primaryKeyIndexes()) {
            key.add(values.get(i));
        }
        return key;
    }

    /** {@code key} with each value coerced to its key column's type. */
    List<Value> coerceKey(List<Value> key) {
        if (!schema.hasPrimaryKey()) {
            if (key.size() != 1 || !(key.get(0) instanceof Value.Int)) {
                throw new SqlException("table " + name() + " has no primary key: its rows are found by their row id, "
                        + "one INTEGER, not " + key);
            }
            return key;
        }
        if (key.size() != schema.primaryKey().size()) {
            throw new SqlException("table " + name() + " has a primary key of " + schema.primaryKey().size()
                    + " column(s) " + schema.primaryKey() + ", not " + key.size() + ": " + key);
        }
        List<Value> coerced = new ArrayList<>();
        List<Integer> indexes = schema.primaryKeyIndexes();
        for (int i = 0; i < key.size(); i++) {
            coerced.add(Coercion.coerce(name(), schema.columns().get(indexes.get(i)), key.get(i)));
        }
        return coerced;
    }

    private Row row(KeyValue kv) {
        List<Value> values = RowCodec.decode(kv.value(), schema.types());
        List<Value> key = schema.hasPrimaryKey() ? keyOf(values) : KeyLayout.keyValues(schema.name(), kv.key());
        return new Row(key, values);
    }
}
