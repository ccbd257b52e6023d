package dev.fromzero.sql.exec;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.plan.Exprs;
import dev.fromzero.sql.plan.Scope;
import dev.fromzero.sql.plan.SqlText;
import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Evaluates an expression of the syntax tree against one row: a tree-walking interpreter, as in
 * Crafting Interpreters' jlox. The meaning of each operator lives in the small classes beside it
 * ({@link Arithmetic}, {@link Comparison}, {@link Logic}, {@link Functions}, {@link Like},
 * {@link Cast}); this class walks the tree and decides what gets evaluated.
 *
 * <p>Two evaluation-order rules are visible to users. AND and OR look at their left side first and
 * skip the right side when the left decides the answer: FALSE for AND, TRUE for OR; never NULL,
 * which decides nothing ({@code NULL AND FALSE} is FALSE). IN and BETWEEN evaluate their left
 * operand once. The SQL rules of IN: TRUE if some element equals the value; otherwise NULL if the
 * value or some element is NULL (one of them might have been equal); otherwise FALSE.
 */
public final class Evaluator {

    private final Scope scope;
    private final Subqueries subqueries;
    private final List<Value> outer;

    /** An evaluator for rows whose columns are {@code scope}'s; a subquery or an outer column is an error. */
    public Evaluator(Scope scope) {
        this(scope, null, List.of());
    }

    /** An evaluator that runs subqueries with {@code subqueries} and reads outer column n as {@code outer.get(n)}. */
    Evaluator(Scope scope, Subqueries subqueries, List<Value> outer) {
        this.scope = scope;
        this.subqueries = subqueries;
        this.outer = outer;
    }

    /** An evaluator of constants: any column reference is an error. */
    public static Evaluator constants() {
        return new Evaluator(Scope.EMPTY);
    }

    /** The value of {@code expr} for {@code row}, a row of this evaluator's scope. */
    public Value evaluate(Expr expr, List<Value> row) {
        if (expr instanceof Expr.Parameter parameter) {
            throw new SqlException("parameter $" + parameter.index() + " has no value: run the statement through"
                    + " Session.prepare and give it one", "42P02");
        }
        if (expr instanceof Expr.OuterColumn || expr instanceof Expr.PlannedSubquery
                || expr instanceof Expr.Subquery || expr instanceof Expr.Exists || expr instanceof Expr.InSubquery) {
            return subquery(expr, row);
        }
        throw new UnsupportedOperationException("TODO(chapter05): Evaluate each kind of Expr with the operator classes of this package (docs/chapter05-sql.md#step-3-values-and-expressions)");
    }

    /**
     * An outer column's value, or a planned subquery's for this row: its outer values and IN's operand
     * are evaluated here, the query run by {@link Subqueries}. Outside a query's plan (a constant
     * being folded, an UPDATE) there is nothing to run it with, and it is an error.
     */
    private Value subquery(Expr expr, List<Value> row) {
        if (subqueries == null || !(expr instanceof Expr.OuterColumn || expr instanceof Expr.PlannedSubquery)) {
            throw new SqlException("a subquery can only be used in a SELECT: " + SqlText.of(expr), "0A000");
        }
        if (expr instanceof Expr.OuterColumn column) {
            return outer.get(column.index());
        }
        Expr.PlannedSubquery planned = (Expr.PlannedSubquery) expr;
        Value operand = planned.subquery() instanceof Expr.InSubquery in ? evaluate(in.operand(), row) : null;
        List<Value> values = new ArrayList<>();
        for (Expr value : planned.outer()) {
            values.add(evaluate(value, row));
        }
        return subqueries.value(planned, values, operand);
    }

    private static Value unary(Expr.UnaryOp op, Value operand) {
        throw new UnsupportedOperationException("TODO(chapter05): NOT, unary minus, and unary plus (which accepts only a number or NULL) (docs/chapter05-sql.md#step-3-values-and-expressions)");
    }

    private Value binary(Expr.Binary binary, List<Value> row) {
        throw new UnsupportedOperationException("TODO(chapter05): Binary operators; AND and OR skip their right side only when the left side decides the answer (docs/chapter05-sql.md#step-3-values-and-expressions)");
    }

    private Value between(Expr.Between between, List<Value> row) {
        throw new UnsupportedOperationException("TODO(chapter05): x BETWEEN a AND b is x >= a AND x <= b in three-valued logic, with x evaluated once (docs/chapter05-sql.md#step-3-values-and-expressions)");
    }

    private Value in(Expr.InList in, List<Value> row) {
        return in(evaluate(in.operand(), row), in.list().stream().map(element -> evaluate(element, row)).iterator(), in.negated());
    }

    /**
     * {@code value [NOT] IN} the {@code elements}, SQL's three-valued rule: an IN list's values, or an
     * {@code IN (SELECT ...)}'s (step 14). The elements are pulled only until one equals the value.
     */
    static Value in(Value value, Iterator<Value> elements, boolean negated) {
        throw new UnsupportedOperationException("TODO(chapter05): IN is TRUE if an element equals the value, else NULL if the value or an element is NULL, else FALSE; NOT IN is NOT of that (docs/chapter05-sql.md#step-3-values-and-expressions)");
    }

    private Value caseOf(Expr.Case caseExpr, List<Value> row) {
        throw new UnsupportedOperationException("TODO(chapter05): The first WHEN that holds gives the result (simple form: equals the operand; searched: is TRUE); else ELSE, else NULL (docs/chapter05-sql.md#step-3-values-and-expressions)");
    }
}
