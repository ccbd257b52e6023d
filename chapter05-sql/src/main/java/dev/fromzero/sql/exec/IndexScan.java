package dev.fromzero.sql.exec;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.plan.IndexLookup;
import dev.fromzero.sql.storage.IndexDef;
import dev.fromzero.sql.storage.KeyCodec;
import dev.fromzero.sql.storage.KeyRange;
import dev.fromzero.sql.storage.Row;
import dev.fromzero.sql.storage.Table;
import dev.fromzero.sql.storage.TableSchema;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * The leaf of a query that an index serves: the rows of the {@link IndexLookup}'s lookups in the
 * table, one lookup per point, in index order, each row once even when an IN list names a value
 * twice.
 *
 * <p>The lookup's constants are evaluated when the scan starts, then turned into values of their
 * columns' types, as the index holds them. A NULL matches nothing, so a point or bound holding one
 * finds no row. A constant that no value of the column's type equals exactly (2.5 for an INTEGER
 * column, a TEXT for a FLOAT one, an INTEGER past 2^53 for a FLOAT one) would need the comparison
 * rules in the index, and one whose computation fails (an overflow) may fail only when a row needs
 * it: for either, this scan reads the whole table instead, and the filter above it decides, as it
 * would without the index.
 */
final class IndexScan implements Operator {

    private final Table table;
    private final IndexLookup lookup;
    private Iterator<Row> rows;

    IndexScan(Table table, IndexLookup lookup) {
        this.table = table;
        this.lookup = lookup;
    }

    @Override
    public List<Value> next() {
        if (rows == null) {
            rows = rows();
        }
        return rows.hasNext() ? rows.next().values() : null;
    }

    /** The rows the lookup finds, with their keys (UPDATE and DELETE need them). */
    Iterator<Row> rows() {
        throw new UnsupportedOperationException("TODO(chapter05): Evaluate and convert the points (deduplicated, in key order) and bounds, then chain one table.range per point; scan the table if a constant does not convert (docs/chapter05-sql.md#step-9-indexes)");
    }

    /** The directions of the lookup's columns: the index's, or all ASC for the primary key. */
    private List<Boolean> directions() {
        return lookup.index() == null ? List.of()
                : table.schema().index(lookup.index()).map(IndexDef::descending).orElse(List.of());
    }

    private KeyRange.Bound bound(int column, Expr expr, boolean inclusive) {
        if (expr == null) {
            return null;
        }
        Value value = keyValue(column, expr);
        return value == null ? null : new KeyRange.Bound(value, inclusive);
    }

    /**
     * The constant {@code expr} as the lookup's column {@code column} holds it; null if no value of
     * its type equals it, or if computing it fails (an overflow is an error only when a row needs
     * the value, as without the index: the filter over the table's rows decides).
     */
    private Value keyValue(int column, Expr expr) {
        Value value;
        try {
            value = Evaluator.constants().evaluate(expr, List.of());
        } catch (SqlException e) {
            return null;
        }
        TableSchema schema = table.schema();
        DataType type = schema.column(lookup.columns().get(column)).type();
        if (value.isNull() || value.type() == type) {
            return value;
        }
        if (type == DataType.FLOAT && value instanceof Value.Int i && Math.abs(i.value()) <= 1L << 53) {
            return Value.of((double) i.value());
        }
        if (type == DataType.INTEGER && value instanceof Value.Float f && f.value() == Math.rint(f.value())
                && f.value() >= -0x1p63 && f.value() < 0x1p63) {
            return Value.of((long) f.value());
        }
        return null;
    }
}
