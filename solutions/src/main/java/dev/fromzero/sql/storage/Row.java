//@ chapter 5
package dev.fromzero.sql.storage;

import dev.fromzero.sql.types.Value;
import java.util.List;

/**
 * One stored row: its key and its values.
 *
 * @param key the primary-key values in key order, or for a table without a primary key its hidden
 *     row id, one {@link Value.Int}; this is what identifies the row to {@link WriteSet#update} and
 *     {@link WriteSet#delete}
 * @param values the row's values, one per column in declaration order (the hidden row id is not one)
 */
public record Row(List<Value> key, List<Value> values) {

    public Row {
        key = List.copyOf(key);
        values = List.copyOf(values);
    }
}
