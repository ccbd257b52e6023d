//@ chapter 5
package dev.fromzero.sql.exec;

import dev.fromzero.sql.plan.Plan;
import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * ORDER BY: reads every source row, then hands them out in order. Each key is evaluated once per
 * row, before sorting, not once per comparison. Keys compare as {@link Comparison#order} says,
 * reversed for DESC; NULLs go first or last as the key says, whatever its direction (SQLite's
 * default, which the parser fills in: NULL is the smallest value, so first ascending and last
 * descending). The sort is stable: rows with equal keys keep their source order.
 */
final class Sort implements Operator {

    /** A source row with its sort keys evaluated. */
    private record Keyed(List<Value> keys, List<Value> row) {}

    private final Operator source;
    private final List<Plan.SortKey> keys;
    private final Evaluator evaluator;
    private Iterator<Keyed> sorted;

    Sort(Operator source, List<Plan.SortKey> keys, Evaluator evaluator) {
        this.source = source;
        this.keys = keys;
        this.evaluator = evaluator;
    }

    @Override
    public List<Value> next() {
        if (sorted == null) {
            sorted = sortAll().iterator();
        }
        return sorted.hasNext() ? sorted.next().row() : null;
    }

    private List<Keyed> sortAll() {
        //@ todo 5: Read all rows, evaluate their keys once, and sort them stably by the keys in order, DESC and NULL placement per key (docs/chapter05-sql.md#step-6-queries)
        List<Keyed> rows = new ArrayList<>();
        for (List<Value> row = source.next(); row != null; row = source.next()) {
            List<Value> values = new ArrayList<>(keys.size());
            for (Plan.SortKey key : keys) {
                values.add(evaluator.evaluate(key.expression(), row));
            }
            rows.add(new Keyed(values, row));
        }
        rows.sort((a, b) -> {
            for (int i = 0; i < keys.size(); i++) {
                int order = compare(keys.get(i), a.keys().get(i), b.keys().get(i));
                if (order != 0) {
                    return order;
                }
            }
            return 0;
        });
        return rows;
        //@ end
    }

    private static int compare(Plan.SortKey key, Value a, Value b) {
        //@ todo 5: Order two values of one key: NULLs where the key puts them, the rest by Comparison.order, reversed for DESC (docs/chapter05-sql.md#step-6-queries)
        if (a.isNull() || b.isNull()) {
            if (a.isNull() && b.isNull()) {
                return 0;
            }
            return a.isNull() == key.nullsFirst() ? -1 : 1;
        }
        int order = Comparison.order("ORDER BY", a, b);
        return key.descending() ? -order : order;
        //@ end
    }
}
