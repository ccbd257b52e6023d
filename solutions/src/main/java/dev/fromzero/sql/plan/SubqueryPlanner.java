//@ chapter 5
package dev.fromzero.sql.plan;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.parser.SelectItem;
import dev.fromzero.sql.parser.Statement;
import dev.fromzero.sql.storage.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Subqueries in the planner (step 14): plans each subquery of a query, and, when the query is
 * itself a subquery, marks the names it reads from the queries around it.
 *
 * <p><b>The scope chain.</b> A query sees the columns of its own FROM first, then those of the query
 * it is nested in, and so on outwards: {@code enclosing} holds those scopes, innermost first (empty
 * for the statement's own query). A name is looked up in that order and belongs to the first scope
 * that has it, so an inner table hides an outer one of the same name; a name that no scope has, or
 * that is ambiguous in the first scope that has it, is {@link Scope}'s error.
 *
 * <p><b>Outer columns.</b> A name found in an enclosing scope becomes an {@link Expr.OuterColumn}
 * with a slot number, and {@link #reads} lists those names by slot. When the subquery runs, the
 * enclosing row fills the slots: the {@link Expr.PlannedSubquery} carries, for each slot, an
 * expression over the enclosing row (the column itself, or, if the column is further out still,
 * an outer column of the enclosing query in its turn). A subquery with no slots is not correlated:
 * its value is the same for every row, and the executor runs it once.
 */
final class SubqueryPlanner {

    private final Function<String, TableSchema> tables;
    private final UnaryOperator<Plan> finish;
    private final List<Scope> enclosing;
    private final List<Expr.Column> reads = new ArrayList<>();

    /**
     * @param finish    what to do to a subquery's plan once planned (the optimizer)
     * @param enclosing the scopes of the queries this one is nested in, innermost first
     */
    SubqueryPlanner(Function<String, TableSchema> tables, UnaryOperator<Plan> finish, List<Scope> enclosing) {
        this.tables = tables;
        this.finish = finish;
        this.enclosing = List.copyOf(enclosing);
    }

    /** {@code select} with every expression bound by {@link #bind(Expr, Scope)}, LIMIT and OFFSET aside (constants). */
    Statement.Select bind(Statement.Select select, Scope scope) {
        List<String> aliases = new ArrayList<>();
        List<SelectItem> items = new ArrayList<>();
        for (SelectItem item : select.items()) {
            if (item instanceof SelectItem.Expression e) {
                items.add(new SelectItem.Expression(bind(e.expr(), scope), e.alias(), e.text()));
                aliases.add(e.alias());
            } else {
                items.add(item);
            }
        }
        List<Expr> groupBy = select.groupBy().stream().map(e -> isAlias(e, aliases) ? e : bind(e, scope)).toList();
        List<Statement.OrderItem> orderBy = select.orderBy().stream()
                .map(o -> isAlias(o.expr(), aliases) ? o
                        : new Statement.OrderItem(bind(o.expr(), scope), o.descending(), o.nullsFirst()))
                .toList();
        return new Statement.Select(select.distinct(), items, select.from(), bind(select.where(), scope), groupBy,
                bind(select.having(), scope), orderBy, select.limit(), select.offset());
    }

    /** A bare name of ORDER BY or GROUP BY that names a SELECT item is the planner's to resolve, not an outer column. */
    private static boolean isAlias(Expr expr, List<String> aliases) {
        return expr instanceof Expr.Column column && column.table() == null
                && aliases.stream().anyMatch(column.name()::equalsIgnoreCase);
    }

    /**
     * {@code expr} (null: null) with each subquery planned, and, in a subquery, each name that
     * {@code scope} (the query's own columns) does not have marked as an outer column.
     */
    Expr bind(Expr expr, Scope scope) {
        if (expr == null) {
            return null;
        }
        return Exprs.transform(expr, e -> {
            if (e instanceof Expr.Column column && !enclosing.isEmpty() && !resolves(column, scope)) {
                return outer(column, scope);
            }
            if (e instanceof Expr.Subquery || e instanceof Expr.Exists || e instanceof Expr.InSubquery) {
                return plan(e, scope);
            }
            return null;
        });
    }

    /** Whether {@code scope} has {@code column}; throws if it has it more than once (an ambiguous name). */
    private static boolean resolves(Expr.Column column, Scope scope) {
        try {
            scope.indexOf(column);
            return true;
        } catch (SqlException e) {
            if (e.sqlState().equals("42703")) {
                return false;
            }
            throw e;
        }
    }

    /** The outer column for {@code column}, which this query's own {@code scope} does not have. */
    private Expr outer(Expr.Column column, Scope scope) {
        //@ todo 5: Find the first enclosing scope with the column; give it a slot in reads (one per distinct column) and return an OuterColumn; no scope has it: scope's "no such column" (docs/chapter05-sql.md#step-14-bonus-subqueries)
        for (Scope outer : enclosing) {
            if (resolves(column, outer)) {
                int slot = reads.indexOf(column);
                if (slot < 0) {
                    reads.add(column);
                    slot = reads.size() - 1;
                }
                return new Expr.OuterColumn(slot, column);
            }
        }
        scope.indexOf(column);
        throw new IllegalStateException("unreachable: indexOf throws for a column its scope lacks");
        //@ end
    }

    /** The plan of {@code subquery} (a Subquery, Exists or InSubquery) written in a query whose columns are {@code scope}. */
    private Expr plan(Expr subquery, Scope scope) {
        //@ todo 5: Plan the query with a Planner whose chain starts with scope; check its width; bind IN's operand; fill each of its slots from this scope (docs/chapter05-sql.md#step-14-bonus-subqueries)
        List<Scope> chain = new ArrayList<>();
        chain.add(scope);
        chain.addAll(enclosing);
        SubqueryPlanner inner = new SubqueryPlanner(tables, finish, chain);
        Statement.Select query = subquery instanceof Expr.Subquery s ? s.query()
                : subquery instanceof Expr.Exists e ? e.query() : ((Expr.InSubquery) subquery).query();
        Plan plan = new Planner(tables, inner).plan(query);
        int width = plan.scope().columns().size();
        if (!(subquery instanceof Expr.Exists) && width != 1) {
            throw new SqlException("subquery must return only one column, not " + width
                    + (subquery instanceof Expr.Subquery ? " (used as a value)" : " (after IN)"), "42601");
        }
        Expr bound = subquery instanceof Expr.InSubquery in
                ? new Expr.InSubquery(bind(in.operand(), scope), in.query(), in.negated())
                : subquery;
        List<Expr> outer = inner.reads.stream().map(column -> bind(column, scope)).toList();
        return new Expr.PlannedSubquery(bound, finish.apply(plan), outer);
        //@ end
    }
}
