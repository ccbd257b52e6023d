//@ chapter 5
package dev.fromzero.sql.optimizer;

import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.parser.TableRef.JoinType;
import dev.fromzero.sql.plan.Exprs;
import dev.fromzero.sql.plan.Plan;
import dev.fromzero.sql.plan.Plans;
import dev.fromzero.sql.plan.Scope;
import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The second rule: moves each condition of a filter (each conjunct of its AND) down the tree, as
 * close to the rows it reads as it can go without changing the result. A condition on one table
 * lands in that table's scan, so the rows it rejects never reach a join; a condition that compares
 * the two sides of a join becomes that join's condition, where the next rule can use it for a hash
 * join ({@code FROM a, b WHERE a.id = b.a_id} is an inner join on {@code a.id = b.a_id}).
 *
 * <p>Outer joins limit the moves. A LEFT join keeps every left row, padding it with NULLs when no
 * right row matches, and WHERE runs after that padding: so a WHERE condition on the right side
 * must stay above the join ({@code WHERE r.x IS NULL} finds exactly the padded rows), while one on
 * the left side may go down into the left. ON decides only which pairs match, so an ON condition
 * on the right side alone may go down into the right, but one on the left side may not: it would
 * remove left rows that the join must keep, padded. RIGHT joins mirror this; a FULL join moves
 * nothing.
 */
final class Pushdown {

    private Pushdown() {}

    static Plan push(Plan plan) {
        return into(plan, List.of());
    }

    /**
     * A plan for the rows of {@code plan} for which every condition of {@code conditions} is TRUE,
     * with those conditions, and the filters inside {@code plan}, placed as low as they may go.
     */
    private static Plan into(Plan plan, List<Expr> conditions) {
        if (plan instanceof Plan.Filter filter) {
            List<Expr> all = new ArrayList<>(Exprs.conjuncts(filter.predicate()));
            all.addAll(conditions);
            return into(filter.source(), all);
        }
        if (plan instanceof Plan.Scan scan) {
            List<Expr> all = new ArrayList<>(Exprs.conjuncts(scan.filter()));
            all.addAll(conditions);
            return new Plan.Scan(scan.table(), scan.qualifier(), Exprs.and(withoutTrue(all)));
        }
        if (plan instanceof Plan.NestedLoopJoin join) {
            return join(join, conditions);
        }
        Plan rebuilt = Plans.withSources(plan, Plans.sources(plan).stream().map(source -> into(source, List.of())).toList());
        List<Expr> left = withoutTrue(conditions);
        return left.isEmpty() ? rebuilt : new Plan.Filter(rebuilt, Exprs.and(left));
    }

    /** Which source of a join a condition reads. */
    enum Side { LEFT, RIGHT, BOTH }

    private static Plan join(Plan.NestedLoopJoin join, List<Expr> above) {
        //@ todo 5: Send each condition of ON and of the filter above to the left, the right, the join's condition or a filter above it, as the join's type allows (docs/chapter05-sql.md#step-10-the-optimizer-and-explain)
        JoinType type = join.type();
        int width = join.left().scope().columns().size();
        Scope scope = join.scope();
        List<Expr> toLeft = new ArrayList<>();
        List<Expr> toRight = new ArrayList<>();
        List<Expr> condition = new ArrayList<>();
        List<Expr> stayAbove = new ArrayList<>();
        for (Expr on : Exprs.conjuncts(join.condition())) {
            Side side = side(on, scope, width);
            if (side == Side.LEFT && (type == JoinType.INNER || type == JoinType.RIGHT)) {
                toLeft.add(on);
            } else if (side == Side.RIGHT && (type == JoinType.INNER || type == JoinType.LEFT)) {
                toRight.add(on);
            } else {
                condition.add(on);
            }
        }
        for (Expr where : above) {
            Side side = side(where, scope, width);
            if (side == Side.LEFT && type != JoinType.RIGHT && type != JoinType.FULL) {
                toLeft.add(where);
            } else if (side == Side.RIGHT && type != JoinType.LEFT && type != JoinType.FULL) {
                toRight.add(where);
            } else if (type == JoinType.INNER || type == JoinType.CROSS) {
                condition.add(where);
            } else {
                stayAbove.add(where);
            }
        }
        condition = withoutTrue(condition);
        JoinType joined = type == JoinType.CROSS && !condition.isEmpty() ? JoinType.INNER : type;
        Plan pushed = new Plan.NestedLoopJoin(into(join.left(), toLeft), into(join.right(), toRight), joined,
                Exprs.and(condition));
        stayAbove = withoutTrue(stayAbove);
        return stayAbove.isEmpty() ? pushed : new Plan.Filter(pushed, Exprs.and(stayAbove));
        //@ end
    }

    /**
     * The side of a join whose columns {@code condition} reads: LEFT if only columns of the left
     * source (the first {@code width} of the joined row), RIGHT if only the right's, BOTH if it
     * reads both or none (a condition without columns stays where it was written).
     */
    static Side side(Expr condition, Scope scope, int width) {
        boolean left = false;
        boolean right = false;
        for (Expr.Column column : Exprs.columns(condition)) {
            if (scope.indexOf(column) < width) {
                left = true;
            } else {
                right = true;
            }
        }
        return left && !right ? Side.LEFT : right && !left ? Side.RIGHT : Side.BOTH;
    }

    private static List<Expr> withoutTrue(List<Expr> conditions) {
        return conditions.stream().filter(c -> !c.equals(new Expr.Literal(Value.of(true)))).toList();
    }
}
