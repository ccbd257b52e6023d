package dev.fromzero.sql.storage;

import dev.fromzero.kv.log.RecordCodec;
import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.types.Value;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Where the SQL engine keeps things in the key-value store. Every key starts with one byte that
 * says which keyspace it is in; the rest is {@link KeyCodec}'s order-preserving encoding, so that
 * each table's rows are one contiguous range of keys, in primary-key order.
 *
 * <pre>
 *   keyspace   key                                         value
 *   catalog    01, table name (TEXT, lower case)           the table's schema (SchemaCodec)
 *   rows       02, table name (TEXT, lower case),          the row's values (RowCodec)
 *              primary-key values (or the hidden row id)
 *   indexes    03, table name (TEXT, lower case),          empty: the key says it all
 *              index name (TEXT, lower case),
 *              the indexed values (a DESC column's inverted),
 *              then the primary key
 *              (UNIQUE index, values without NULL:         the primary key (KeyCodec)
 *              the same without the primary key)
 * </pre>
 *
 * <p>A table name in a key is lower-cased, as names are compared case-insensitively. Because an
 * encoded TEXT ends with its terminator, the rows of table {@code a} and of table {@code ab} never
 * share a prefix. An index entry ends with its row's primary key, so that rows with equal indexed
 * values have distinct entries, ordered by key, and an entry leads to its row. In a UNIQUE index,
 * values without a NULL belong to one row only, so the key is the values alone and the row's key
 * is the value: two transactions that give two rows the same values then write the same key,
 * and the store's transactions refuse the second. MVCC (part 2)
 * versions keys as a whole.
 */
public final class KeyLayout {

    /** The first byte of every catalog key. */
    public static final byte CATALOG = 0x01;
    /** The first byte of every row key. */
    public static final byte ROWS = 0x02;
    /** The first byte of every index entry. */
    public static final byte INDEXES = 0x03;

    private KeyLayout() {
    }

    /** The key under which table {@code table}'s schema is kept. */
    public static byte[] catalogKey(String table) {
        return prefixed(CATALOG, Value.of(TableSchema.fold(table)));
    }

    /** The prefix of every catalog key. */
    public static byte[] catalogPrefix() {
        return new byte[] {CATALOG};
    }

    /** The prefix of every row key of table {@code table}. */
    public static byte[] rowPrefix(String table) {
        return prefixed(ROWS, Value.of(TableSchema.fold(table)));
    }

    /**
     * The key of the row of table {@code table} whose key values are {@code key}.
     *
     * @throws SqlException if the key is longer than the store allows (a long TEXT in the primary key)
     */
    public static byte[] rowKey(String table, List<Value> key) {
        byte[] prefix = rowPrefix(table);
        byte[] encoded = KeyCodec.encode(key);
        if (prefix.length + encoded.length > RecordCodec.MAX_KEY_SIZE) {
            throw new SqlException("the primary key of a row of table " + table + " takes " + (prefix.length
                    + encoded.length) + " bytes, over the store's limit of " + RecordCodec.MAX_KEY_SIZE
                    + " bytes for a key: keep TEXT in a primary key shorter");
        }
        byte[] rowKey = Arrays.copyOf(prefix, prefix.length + encoded.length);
        System.arraycopy(encoded, 0, rowKey, prefix.length, encoded.length);
        return rowKey;
    }

    /** The key values of a row key of table {@code table}: what follows its {@link #rowPrefix}. */
    public static List<Value> keyValues(String table, byte[] rowKey) {
        return KeyCodec.decode(rowKey, rowPrefix(table).length);
    }

    /** The prefix of every entry of every index of table {@code table}. */
    public static byte[] indexPrefix(String table) {
        return prefixed(INDEXES, Value.of(TableSchema.fold(table)));
    }

    /** The prefix of every entry of index {@code index} of table {@code table}. */
    public static byte[] indexPrefix(String table, String index) {
        return concat(indexPrefix(table), KeyCodec.encode(Value.of(TableSchema.fold(index))));
    }

    /**
     * The entry of index {@code index} of table {@code table} for a row whose indexed values are
     * {@code values} (each in its column's direction) and whose key is {@code key} (ascending).
     *
     * @throws SqlException if the entry is longer than the store allows (a long TEXT in an indexed column)
     */
    public static byte[] indexKey(String table, IndexDef index, List<Value> values, List<Value> key) {
        byte[] entry = concat(indexPrefix(table, index.name()), KeyCodec.encode(values, index.descending()),
                KeyCodec.encode(key));
        if (entry.length > RecordCodec.MAX_KEY_SIZE) {
            throw new SqlException("an entry of index " + index.name() + " of table " + table + " takes " + entry.length
                    + " bytes, over the store's limit of " + RecordCodec.MAX_KEY_SIZE + " bytes for a key: keep TEXT "
                    + "in an indexed column shorter");
        }
        return entry;
    }

    /** The values of an entry of index {@code index} of table {@code table}: the indexed values, then the row's key. */
    public static List<Value> indexEntryValues(String table, IndexDef index, byte[] entry) {
        return KeyCodec.decode(entry, indexPrefix(table, index.name()).length, index.descending());
    }

    /** The bytes of every array, one after the other. */
    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static byte[] prefixed(byte keyspace, Value name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(keyspace);
        KeyCodec.write(out, name);
        return out.toByteArray();
    }
}
