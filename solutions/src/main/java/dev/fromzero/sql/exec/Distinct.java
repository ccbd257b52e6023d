//@ chapter 5
package dev.fromzero.sql.exec;

import dev.fromzero.sql.types.Value;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * SELECT DISTINCT: passes on each row the first time it comes and drops its repeats. Rows are
 * equal when their values are equal one by one ({@link ValueKey}: 1 and 1.0 too), and, unlike
 * {@code =}, a NULL equals a NULL here: two rows (NULL, 1) are one row. It streams, keeping only
 * the rows seen, so the order of the source (an ORDER BY below it) is kept.
 */
final class Distinct implements Operator {

    private final Operator source;
    private final Set<List<Value>> seen = new HashSet<>();

    Distinct(Operator source) {
        this.source = source;
    }

    @Override
    public List<Value> next() {
        //@ todo 5: Pull rows until one whose values (by ValueKey, NULL equal to NULL) were not seen before; null at the end (docs/chapter05-sql.md#step-8-aggregation-and-distinct)
        for (List<Value> row = source.next(); row != null; row = source.next()) {
            if (seen.add(ValueKey.of(row))) {
                return row;
            }
        }
        return null;
        //@ end
    }
}
