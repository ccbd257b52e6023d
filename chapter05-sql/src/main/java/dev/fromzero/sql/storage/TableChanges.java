package dev.fromzero.sql.storage;

import dev.fromzero.sql.types.Value;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one statement does to one table: the row keys it deletes (an update deletes its row's old
 * key too) and the rows it puts. Keys are held as the store's row keys, wrapped in
 * {@link ByteBuffer}s so that sets compare them by content.
 */
final class TableChanges {

    /** A row to write; {@code key} is null for a new row of a table with a hidden row id. */
    record Put(List<Value> key, List<Value> values) {}

    final Table table;
    final Set<ByteBuffer> deletes = new LinkedHashSet<>();
    final List<Put> puts = new ArrayList<>();

    TableChanges(Table table) {
        this.table = table;
    }

    void deleteKey(List<Value> key) {
        deletes.add(rowKey(key));
    }

    ByteBuffer rowKey(List<Value> key) {
        return ByteBuffer.wrap(KeyLayout.rowKey(table.name(), key));
    }

    boolean isEmpty() {
        return deletes.isEmpty() && puts.isEmpty();
    }
}
