package dev.fromzero.sql.optimizer;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.exec.Evaluator;
import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.plan.Exprs;
import dev.fromzero.sql.plan.Plan;
import dev.fromzero.sql.plan.Plans;
import dev.fromzero.sql.types.Value;
import java.util.List;

/**
 * The first rule: computes, once, every part of an expression that reads no column, so that
 * {@code WHERE a > 60 * 60} compares with 3600 on each row instead of multiplying on each row,
 * and a filter whose condition turns out constant is decided before any row is read.
 *
 * <p>A part is folded only if computing it succeeds: {@code 1 / 0} folds to NULL (division by
 * zero is NULL here), but an overflow or a type error is left in place, to be raised when, and
 * only if, a row needs the value, as it would be without the optimizer ({@code SELECT 9223372036854775807 + 1
 * FROM t} fails on the first row of t, and not at all when t is empty). Aggregate calls are never
 * folded: {@code count(*)} has no columns, but it is not a constant.
 */
final class ConstantFolding {

    private ConstantFolding() {}

    static Plan fold(Plan plan) {
        return Plans.transformUp(plan, ConstantFolding::node);
    }

    /** One node with its expressions folded; a Filter that keeps every row goes, one that keeps none becomes no rows. */
    private static Plan node(Plan plan) {
        if (plan instanceof Plan.Filter filter) {
            Expr predicate = expression(filter.predicate());
            if (predicate.equals(new Expr.Literal(Value.of(true)))) {
                return filter.source();
            }
            if (predicate.equals(new Expr.Literal(Value.of(false))) || predicate.equals(new Expr.Literal(Value.NULL))) {
                return new Plan.Values(filter.scope(), List.of());
            }
            return new Plan.Filter(filter.source(), predicate);
        } else if (plan instanceof Plan.Scan scan) {
            return new Plan.Scan(scan.table(), scan.qualifier(), scan.filter() == null ? null : expression(scan.filter()));
        } else if (plan instanceof Plan.Project p) {
            return new Plan.Project(p.source(), p.expressions().stream().map(ConstantFolding::expression).toList(), p.scope());
        } else if (plan instanceof Plan.Sort sort) {
            return new Plan.Sort(sort.source(), sort.keys().stream()
                    .map(k -> new Plan.SortKey(expression(k.expression()), k.descending(), k.nullsFirst())).toList());
        } else if (plan instanceof Plan.NestedLoopJoin join) {
            return new Plan.NestedLoopJoin(join.left(), join.right(), join.type(),
                    join.condition() == null ? null : expression(join.condition()));
        } else if (plan instanceof Plan.Aggregate aggregate) {
            List<Expr.Call> calls = aggregate.aggregates().stream()
                    .map(call -> (Expr.Call) Exprs.rebuild(call, ConstantFolding::expression)).toList();
            return new Plan.Aggregate(aggregate.source(), aggregate.groupBy().stream().map(ConstantFolding::expression)
                    .toList(), calls, aggregate.scope());
        }
        return plan;
    }

    /** {@code expr} with every subexpression that reads no column and calls no aggregate replaced by its value. */
    static Expr expression(Expr expr) {
        throw new UnsupportedOperationException("TODO(chapter05): Fold the children first; a node without columns or aggregates becomes the Literal of its value, unless computing it fails (docs/chapter05-sql.md#step-10-the-optimizer-and-explain)");
    }

    private static boolean containsAggregate(Expr expr) {
        return Exprs.isAggregate(expr) || Exprs.children(expr).stream().anyMatch(ConstantFolding::containsAggregate);
    }
}
