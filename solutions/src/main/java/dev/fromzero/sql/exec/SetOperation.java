//@ chapter 5
package dev.fromzero.sql.exec;

import dev.fromzero.sql.parser.Statement.SetOperator;
import dev.fromzero.sql.types.Value;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A compound query's set operator (step 15) over the rows of two operators of one width. Rows are
 * equal as DISTINCT compares them: value by value by {@link ValueKey} (1 and 1.0 are one value),
 * NULL equal to NULL.
 *
 * <ul>
 *   <li>UNION ALL streams the left rows, then the right ones, keeping everything;</li>
 *   <li>UNION streams them too, dropping each row it has passed on before;</li>
 *   <li>EXCEPT and INTERSECT first read every right row into a set of keys, then stream the left
 *       rows, keeping each distinct one that is absent from the set (EXCEPT) or present (INTERSECT).</li>
 * </ul>
 *
 * Only the right side of EXCEPT and INTERSECT, and the rows passed on by the others, are held in
 * memory; each row is kept where it first came, so the result's order is the members' (a compound
 * without ORDER BY promises none).
 */
final class SetOperation implements Operator {

    private final Operator left;
    private final Operator right;
    private final SetOperator operator;
    /** The keys of the rows passed on (all but UNION ALL). */
    private final Set<List<Value>> seen = new HashSet<>();
    /** The keys of the right rows, for EXCEPT and INTERSECT; null until first needed. */
    private Set<List<Value>> rightRows;
    private boolean leftDone;

    SetOperation(Operator left, Operator right, SetOperator operator) {
        this.left = left;
        this.right = right;
        this.operator = operator;
    }

    @Override
    public List<Value> next() {
        //@ todo 5: UNION [ALL]: the left rows, then the right; EXCEPT and INTERSECT: the left rows absent from (present in) the right; all but UNION ALL without repeats, compared by ValueKey (docs/chapter05-sql.md#step-15-bonus-compound-queries)
        if (operator == SetOperator.EXCEPT || operator == SetOperator.INTERSECT) {
            if (rightRows == null) {
                rightRows = new HashSet<>();
                for (List<Value> row = right.next(); row != null; row = right.next()) {
                    rightRows.add(ValueKey.of(row));
                }
            }
            for (List<Value> row = left.next(); row != null; row = left.next()) {
                List<Value> key = ValueKey.of(row);
                if (rightRows.contains(key) == (operator == SetOperator.INTERSECT) && seen.add(key)) {
                    return row;
                }
            }
            return null;
        }
        for (List<Value> row = pull(); row != null; row = pull()) {
            if (operator == SetOperator.UNION_ALL || seen.add(ValueKey.of(row))) {
                return row;
            }
        }
        return null;
        //@ end
    }

    /** The next row of the left operator, then of the right one. */
    private List<Value> pull() {
        if (!leftDone) {
            List<Value> row = left.next();
            if (row != null) {
                return row;
            }
            leftDone = true;
        }
        return right.next();
    }
}
