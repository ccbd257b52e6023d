//@ chapter 5
package dev.fromzero.sql.optimizer;

import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.parser.TableRef.JoinType;
import dev.fromzero.sql.plan.Exprs;
import dev.fromzero.sql.plan.Plan;
import dev.fromzero.sql.plan.Plans;
import java.util.ArrayList;
import java.util.List;

/**
 * The third rule: a nested-loop join compares every left row with every right row, n × m
 * evaluations of its condition; when the condition says that an expression of the left side
 * equals one of the right side, a hash join finds the matching rows directly, in n + m steps. Each
 * conjunct {@code l = r} of the condition (or {@code r = l}) where {@code l} reads only left
 * columns and {@code r} only right ones, each at least one, becomes a pair of keys, in the order
 * the conjuncts are written; the other conjuncts stay, as the residual that a pair of rows with
 * equal keys must also pass. A condition without such an equality stays a nested-loop join.
 */
final class HashJoins {

    private HashJoins() {}

    static Plan choose(Plan plan) {
        return Plans.transformUp(plan, node -> node instanceof Plan.NestedLoopJoin join ? hashJoin(join) : node);
    }

    private static Plan hashJoin(Plan.NestedLoopJoin join) {
        //@ todo 5: Split the condition into left = right key pairs and the residual; with at least one pair, a HashJoin (docs/chapter05-sql.md#step-10-the-optimizer-and-explain)
        int width = join.left().scope().columns().size();
        List<Expr> leftKeys = new ArrayList<>();
        List<Expr> rightKeys = new ArrayList<>();
        List<Expr> residual = new ArrayList<>();
        for (Expr condition : Exprs.conjuncts(join.condition())) {
            if (condition instanceof Expr.Binary equal && equal.op() == Expr.BinaryOp.EQUAL) {
                Pushdown.Side left = reads(equal.left(), join, width);
                Pushdown.Side right = reads(equal.right(), join, width);
                if (left == Pushdown.Side.LEFT && right == Pushdown.Side.RIGHT) {
                    leftKeys.add(equal.left());
                    rightKeys.add(equal.right());
                    continue;
                }
                if (left == Pushdown.Side.RIGHT && right == Pushdown.Side.LEFT) {
                    leftKeys.add(equal.right());
                    rightKeys.add(equal.left());
                    continue;
                }
            }
            residual.add(condition);
        }
        if (leftKeys.isEmpty()) {
            return join;
        }
        JoinType type = join.type() == JoinType.CROSS ? JoinType.INNER : join.type();
        return new Plan.HashJoin(join.left(), join.right(), type, leftKeys, rightKeys, Exprs.and(residual));
        //@ end
    }

    /** The side an operand of an equality reads; null when it reads no column. */
    private static Pushdown.Side reads(Expr operand, Plan.NestedLoopJoin join, int width) {
        return Exprs.columns(operand).isEmpty() ? null : Pushdown.side(operand, join.scope(), width);
    }
}
