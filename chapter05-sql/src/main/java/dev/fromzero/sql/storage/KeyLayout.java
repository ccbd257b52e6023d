package dev.fromzero.sql.storage;

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
 * </pre>
 *
 * <p>A table name in a key is lower-cased, as names are compared case-insensitively. Because an
 * encoded TEXT ends with its terminator, the rows of table {@code a} and of table {@code ab} never
 * share a prefix. Part 2 adds keyspaces after these (03 for index entries: table, index, the
 * indexed values, then the primary key), and MVCC versions keys as a whole.
 */
public final class KeyLayout {

    /** The first byte of every catalog key. */
    public static final byte CATALOG = 0x01;
    /** The first byte of every row key. */
    public static final byte ROWS = 0x02;

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

    /** The key of the row of table {@code table} whose key values are {@code key}. */
    public static byte[] rowKey(String table, List<Value> key) {
        byte[] prefix = rowPrefix(table);
        byte[] encoded = KeyCodec.encode(key);
        byte[] rowKey = Arrays.copyOf(prefix, prefix.length + encoded.length);
        System.arraycopy(encoded, 0, rowKey, prefix.length, encoded.length);
        return rowKey;
    }

    /** The key values of a row key of table {@code table}: what follows its {@link #rowPrefix}. */
    public static List<Value> keyValues(String table, byte[] rowKey) {
        return KeyCodec.decode(rowKey, rowPrefix(table).length);
    }

    private static byte[] prefixed(byte keyspace, Value name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(keyspace);
        KeyCodec.write(out, name);
        return out.toByteArray();
    }
}
