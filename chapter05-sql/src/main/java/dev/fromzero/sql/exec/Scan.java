package dev.fromzero.sql.exec;

import dev.fromzero.sql.storage.Row;
import dev.fromzero.sql.storage.Table;
import dev.fromzero.sql.types.Value;
import java.util.Iterator;
import java.util.List;

/** The leaf of a query over a table: its rows, in primary-key order, as the storage layer reads them. */
final class Scan implements Operator {

    private final Table table;
    private Iterator<Row> rows;

    Scan(Table table) {
        this.table = table;
    }

    @Override
    public List<Value> next() {
        throw new UnsupportedOperationException("TODO(chapter05): Start the table's scan on the first call, then return each row's values; null at the end (docs/chapter05-sql.md#step-6-queries)");
    }
}
