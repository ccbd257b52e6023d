package dev.fromzero.sql.exec;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.plan.Scope;
import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
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

    /** An evaluator for rows whose columns are {@code scope}'s. */
    public Evaluator(Scope scope) {
        this.scope = scope;
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
        throw new UnsupportedOperationException("TODO(chapter05): Evaluate each kind of Expr with the operator classes of this package (docs/chapter05-sql.md#step-3-values-and-expressions)");
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
        throw new UnsupportedOperationException("TODO(chapter05): IN is TRUE if an element equals the value, else NULL if the value or an element is NULL, else FALSE (docs/chapter05-sql.md#step-3-values-and-expressions)");
    }

    private Value caseOf(Expr.Case caseExpr, List<Value> row) {
        throw new UnsupportedOperationException("TODO(chapter05): The first WHEN that holds gives the result (simple form: equals the operand; searched: is TRUE); else ELSE, else NULL (docs/chapter05-sql.md#step-3-values-and-expressions)");
    }
}
