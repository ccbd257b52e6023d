//@ chapter 5
package dev.fromzero.sql.plan;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plans GROUP BY and the aggregate functions ({@code count, sum, min, max, avg}): which groups,
 * which aggregates, and how the SELECT list, HAVING and ORDER BY read them afterwards.
 *
 * <p>A {@link Plan.Aggregate} node produces one row per group: the GROUP BY values, then one
 * value per aggregate. Every expression above it is rewritten to read that row: an aggregate call
 * becomes a reference to its column, and so does a subexpression equal to a GROUP BY expression
 * (equal after qualifying its columns, so {@code GROUP BY a} matches {@code t.a}). A plain GROUP BY
 * column keeps its name and qualifier in the node's scope, so {@code a} and {@code t.a} still
 * find it; any other GROUP BY expression and each aggregate get a column named by its SQL text
 * ({@code a + b}, {@code count(*)}), which is also how EXPLAIN shows it. A column reference that
 * is left over, outside any aggregate and not grouped, is an error (PostgreSQL's rule: SQLite
 * would answer with the value of some row of the group).
 */
final class Aggregation {

    private final Scope source;
    private final List<Expr> groupBy = new ArrayList<>();
    private final List<Expr> normalizedGroupBy = new ArrayList<>();
    private final List<Expr.Call> aggregates = new ArrayList<>();
    private final List<Expr> normalizedAggregates = new ArrayList<>();
    private final List<Scope.Column> groupColumns = new ArrayList<>();

    /** @param groupBy the GROUP BY expressions, with column numbers and aliases already replaced */
    Aggregation(Scope source, List<Expr> groupBy) {
        this.source = source;
        for (Expr expr : groupBy) {
            Planner.check(expr, source);
            refuse(expr, "GROUP BY");
            Expr normalized = normalize(expr);
            if (normalizedGroupBy.contains(normalized)) {
                continue; // a key given twice (GROUP BY a, t.a) groups no finer, and two group columns of one name would be ambiguous
            }
            this.groupBy.add(expr);
            normalizedGroupBy.add(normalized);
            groupColumns.add(expr instanceof Expr.Column column
                    ? source.columns().get(source.indexOf(column))
                    : new Scope.Column(null, SqlText.of(expr), null));
        }
    }

    /** Whether {@code expr} calls an aggregate function anywhere. */
    static boolean contains(Expr expr) {
        if (Exprs.isAggregate(expr)) {
            return true;
        }
        return Exprs.children(expr).stream().anyMatch(Aggregation::contains);
    }

    /** Throws if {@code expr} (of {@code clause}, such as WHERE) calls an aggregate function. */
    static void refuse(Expr expr, String clause) {
        if (expr != null && contains(expr)) {
            throw new SqlException("aggregate functions are not allowed in " + clause + ": " + SqlText.of(expr));
        }
    }

    /**
     * {@code expr} (of the SELECT list, HAVING or ORDER BY) rewritten to read the aggregate's rows;
     * the aggregates it calls are added to the node.
     */
    Expr rewrite(Expr expr, String clause) {
        return Exprs.transform(expr, e -> {
            Expr normalized = normalize(e);
            int group = normalizedGroupBy.indexOf(normalized);
            if (group >= 0) {
                return e instanceof Expr.Column ? e : reference(groupColumns.get(group));
            }
            if (Exprs.isAggregate(e)) {
                return reference(aggregate((Expr.Call) e, normalized));
            }
            if (e instanceof Expr.Column column) {
                source.indexOf(column);
                throw new SqlException("column " + SqlText.of(column) + " must appear in GROUP BY or be used in an "
                        + "aggregate function (in " + clause + ")");
            }
            return null;
        });
    }

    /** The node, once every expression above it has been rewritten. */
    Plan.Aggregate node(Plan source) {
        List<Scope.Column> columns = new ArrayList<>(groupColumns);
        for (Expr.Call call : aggregates) {
            columns.add(new Scope.Column(null, SqlText.of(call), type(call)));
        }
        return new Plan.Aggregate(source, groupBy, aggregates, new Scope(columns));
    }

    private Scope.Column aggregate(Expr.Call call, Expr normalized) {
        int known = normalizedAggregates.indexOf(normalized);
        if (known < 0) {
            check(call);
            aggregates.add(call);
            normalizedAggregates.add(normalized);
            known = aggregates.size() - 1;
        }
        return new Scope.Column(null, SqlText.of(aggregates.get(known)), null);
    }

    private void check(Expr.Call call) {
        String name = call.name().toLowerCase(Locale.ROOT);
        if (call.star() && !name.equals("count")) {
            throw new SqlException(name + "(*) is not an aggregate: only count takes *");
        }
        if (!call.star() && call.args().size() != 1) {
            throw new SqlException(name + " takes 1 argument, not " + call.args().size());
        }
        for (Expr arg : call.args()) {
            Planner.check(arg, source);
            if (contains(arg)) {
                throw new SqlException("aggregate functions cannot be nested: " + SqlText.of(call));
            }
        }
    }

    /** The type of an aggregate's values, where it is known before they are: count, avg, and sum, min, max of a column. */
    private DataType type(Expr.Call call) {
        String name = call.name().toLowerCase(Locale.ROOT);
        if (name.equals("count")) {
            return DataType.INTEGER;
        }
        if (name.equals("avg")) {
            return DataType.FLOAT;
        }
        if (call.args().get(0) instanceof Expr.Column column) {
            DataType type = source.columns().get(source.indexOf(column)).type();
            return name.equals("sum") && type != DataType.INTEGER && type != DataType.FLOAT ? null : type;
        }
        return null;
    }

    private static Expr reference(Scope.Column column) {
        return new Expr.Column(column.qualifier(), column.name());
    }

    /** {@code expr} with every column reference qualified as the source scope resolves it. */
    private Expr normalize(Expr expr) {
        return Exprs.transform(expr, e -> {
            if (e instanceof Expr.Column column) {
                Scope.Column resolved = source.columns().get(source.indexOf(column));
                return new Expr.Column(resolved.qualifier(), resolved.name());
            }
            return null;
        });
    }
}
