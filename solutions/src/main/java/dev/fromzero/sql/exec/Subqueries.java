//@ chapter 5
package dev.fromzero.sql.exec;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.storage.Catalog;
import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs the subqueries of one statement (step 14) and gives their values: a scalar subquery's one
 * value, EXISTS's TRUE or FALSE, IN's TRUE, FALSE or NULL.
 *
 * <p>A subquery's rows depend only on the values it reads from the enclosing row, its outer values
 * ({@link Expr.PlannedSubquery#outer}), so they are kept per subquery and per list of outer values,
 * for the statement's run: a subquery that is not correlated (no outer values) runs once, however
 * many rows ask for it, and a correlated one once per distinct list of the values it reads. Each
 * run opens the subquery's plan anew in an {@link Executor} whose outer columns read those values.
 *
 * <p>Only as many rows are read as the answer needs: one for EXISTS, two for a scalar subquery
 * (a second row is an error, PostgreSQL's 21000, rather than a silent pick of one), all for IN.
 */
final class Subqueries {

    private final Supplier<Catalog> catalog;
    private final Map<Expr.PlannedSubquery, Map<List<Value>, List<List<Value>>>> runs = new IdentityHashMap<>();

    Subqueries(Supplier<Catalog> catalog) {
        this.catalog = catalog;
    }

    /** The value of {@code planned} given its outer values; {@code operand} is IN's left value (null for the others). */
    Value value(Expr.PlannedSubquery planned, List<Value> outer, Value operand) {
        //@ todo 5: Scalar: NULL for no row, the value for one, error 21000 for more; EXISTS: whether there is a row; IN: step 3's Evaluator.in over the first column (docs/chapter05-sql.md#step-14-bonus-subqueries)
        Expr subquery = planned.subquery();
        if (subquery instanceof Expr.Exists) {
            return Value.of(!rows(planned, outer, 1).isEmpty());
        }
        if (subquery instanceof Expr.Subquery) {
            List<List<Value>> rows = rows(planned, outer, 2);
            if (rows.size() > 1) {
                throw new SqlException("more than one row returned by a subquery used as an expression", "21000");
            }
            return rows.isEmpty() ? Value.NULL : rows.get(0).get(0);
        }
        Expr.InSubquery in = (Expr.InSubquery) subquery;
        return Evaluator.in(operand, rows(planned, outer, Long.MAX_VALUE).stream().map(row -> row.get(0)).iterator(), in.negated());
        //@ end
    }

    /** At most {@code limit} rows of {@code planned} for {@code outer}: run once per subquery and outer values. */
    private List<List<Value>> rows(Expr.PlannedSubquery planned, List<Value> outer, long limit) {
        //@ todo 5: Keep the rows per subquery (by identity) and per outer values; else open the plan in an Executor reading outer and pull at most limit rows (docs/chapter05-sql.md#step-14-bonus-subqueries)
        Map<List<Value>, List<List<Value>>> byOuter = runs.computeIfAbsent(planned, p -> new HashMap<>());
        List<List<Value>> rows = byOuter.get(outer);
        if (rows == null) {
            Operator top = new Executor(catalog, this, List.copyOf(outer)).open(planned.plan());
            rows = new ArrayList<>();
            for (List<Value> row; rows.size() < limit && (row = top.next()) != null; ) {
                rows.add(row);
            }
            byOuter.put(List.copyOf(outer), rows);
        }
        return rows;
        //@ end
    }
}
