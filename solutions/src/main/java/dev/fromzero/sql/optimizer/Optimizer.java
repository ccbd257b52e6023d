//@ chapter 5
package dev.fromzero.sql.optimizer;

import dev.fromzero.sql.plan.AccessPath;
import dev.fromzero.sql.plan.Plan;
import dev.fromzero.sql.plan.Plans;
import java.util.function.UnaryOperator;

/**
 * Rewrites the planner's naive plan into one that gives the same rows with less work, by a fixed
 * list of rules, each a function from plan to plan, applied in this order (as toyDB's optimizer):
 *
 * <ol>
 *   <li>{@link ConstantFolding}: every expression part without columns is computed once, here;
 *       a filter that is always TRUE goes, one that is never TRUE leaves no rows to read;</li>
 *   <li>{@link Pushdown}: each condition of WHERE and ON moves as far down the tree as it may
 *       without changing the result: into the scan of the one table it reads, or into the join
 *       whose two sides it compares;</li>
 *   <li>{@link JoinOrder} (step 17): the tables of a group of inner joins are joined in an order
 *       in which each is linked to the ones before it by an equality, so that no cross product
 *       is built that the query does not ask for;</li>
 *   <li>{@link HashJoins}: a join whose condition has equalities between its two sides becomes a
 *       hash join on them;</li>
 *   <li>access paths: each scan, now holding the conditions on its table, is handed to the
 *       {@link AccessPath} (a full scan here; step 9's indexes plug in there).</li>
 * </ol>
 *
 * <p>A rule is free to do nothing: every rule's output is a correct plan, only slower. That is
 * also what happens to a rule whose {@code TODO} stub is still in place: so that steps 7 and 8 can
 * be done before step 10, this class skips a rule that throws the starter's
 * {@code UnsupportedOperationException("TODO(...)")}, and only that exception.
 */
public final class Optimizer {

    private final AccessPath access;

    public Optimizer(AccessPath access) {
        this.access = access;
    }

    public Plan optimize(Plan plan) {
        plan = apply(ConstantFolding::fold, plan);
        plan = apply(Pushdown::push, plan);
        plan = apply(JoinOrder::order, plan);
        plan = apply(HashJoins::choose, plan);
        return Plans.transformUp(plan, node -> node instanceof Plan.Scan scan
                ? access.choose(scan.table(), scan.qualifier(), scan.filter())
                : node);
    }

    private static Plan apply(UnaryOperator<Plan> rule, Plan plan) {
        try {
            return rule.apply(plan);
        } catch (UnsupportedOperationException e) {
            if (String.valueOf(e.getMessage()).startsWith("TODO(")) {
                return plan;
            }
            throw e;
        }
    }
}
