//@ chapter 5
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
        //@ todo 5: Evaluate each kind of Expr with the operator classes of this package (docs/chapter05-sql.md#step-3-values-and-expressions)
        if (expr instanceof Expr.Literal literal) {
            return literal.value();
        }
        if (expr instanceof Expr.Column column) {
            return row.get(scope.indexOf(column));
        }
        if (expr instanceof Expr.Unary unary) {
            return unary(unary.op(), evaluate(unary.operand(), row));
        }
        if (expr instanceof Expr.Binary binary) {
            return binary(binary, row);
        }
        if (expr instanceof Expr.IsNull isNull) {
            return Value.of(evaluate(isNull.operand(), row).isNull() != isNull.negated());
        }
        if (expr instanceof Expr.Between between) {
            return between(between, row);
        }
        if (expr instanceof Expr.InList in) {
            return in(in, row);
        }
        if (expr instanceof Expr.Like like) {
            Value matches = Like.like(evaluate(like.operand(), row), evaluate(like.pattern(), row));
            return like.negated() ? Logic.not(matches) : matches;
        }
        if (expr instanceof Expr.Case caseExpr) {
            return caseOf(caseExpr, row);
        }
        if (expr instanceof Expr.Cast cast) {
            return Cast.cast(evaluate(cast.operand(), row), cast.type());
        }
        if (expr instanceof Expr.Call call) {
            if (call.star() || call.distinct() || Exprs.isAggregate(call)) {
                throw new SqlException("aggregate function " + call.name() + " is not allowed here: only in the "
                        + "SELECT list, HAVING and ORDER BY of a query");
            }
            List<Value> args = new ArrayList<>();
            for (Expr arg : call.args()) {
                args.add(evaluate(arg, row));
            }
            return Functions.call(call.name(), args);
        }
        throw new SqlException("DEFAULT can only stand for a whole value in INSERT ... VALUES");
        //@ end
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
        //@ todo 5: NOT, unary minus, and unary plus (which accepts only a number or NULL) (docs/chapter05-sql.md#step-3-values-and-expressions)
        return switch (op) {
            case NOT -> Logic.not(operand);
            case NEGATE -> Arithmetic.negate(operand);
            case PLUS -> {
                if (!operand.isNull() && !Arithmetic.isNumber(operand)) {
                    throw new SqlException("cannot apply unary + to " + Arithmetic.describe(operand)
                            + ": it needs a number");
                }
                yield operand;
            }
        };
        //@ end
    }

    private Value binary(Expr.Binary binary, List<Value> row) {
        //@ todo 5: Binary operators; AND and OR skip their right side only when the left side decides the answer (docs/chapter05-sql.md#step-3-values-and-expressions)
        Value left = evaluate(binary.left(), row);
        if (binary.op() == Expr.BinaryOp.AND && Value.of(false).equals(left)) {
            return left;
        }
        if (binary.op() == Expr.BinaryOp.OR && Value.of(true).equals(left)) {
            return left;
        }
        Value right = evaluate(binary.right(), row);
        return switch (binary.op()) {
            case AND -> Logic.and(left, right);
            case OR -> Logic.or(left, right);
            case EQUAL, NOT_EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL ->
                    Comparison.compare(binary.op().symbol(), left, right);
            case ADD -> Arithmetic.add(left, right);
            case SUBTRACT -> Arithmetic.subtract(left, right);
            case MULTIPLY -> Arithmetic.multiply(left, right);
            case DIVIDE -> Arithmetic.divide(left, right);
            case MODULO -> Arithmetic.remainder(left, right);
            case CONCAT -> Functions.concat(left, right);
        };
        //@ end
    }

    private Value between(Expr.Between between, List<Value> row) {
        //@ todo 5: x BETWEEN a AND b is x >= a AND x <= b in three-valued logic, with x evaluated once (docs/chapter05-sql.md#step-3-values-and-expressions)
        Value value = evaluate(between.operand(), row);
        Value low = Comparison.compare(">=", value, evaluate(between.low(), row));
        Value high = Comparison.compare("<=", value, evaluate(between.high(), row));
        Value inside = Logic.and(low, high);
        return between.negated() ? Logic.not(inside) : inside;
        //@ end
    }

    private Value in(Expr.InList in, List<Value> row) {
        return in(evaluate(in.operand(), row), in.list().stream().map(element -> evaluate(element, row)).iterator(), in.negated());
    }

    /**
     * {@code value [NOT] IN} the {@code elements}, SQL's three-valued rule: an IN list's values, or an
     * {@code IN (SELECT ...)}'s (step 14). The elements are pulled only until one equals the value.
     */
    static Value in(Value value, Iterator<Value> elements, boolean negated) {
        //@ todo 5: IN is TRUE if an element equals the value, else NULL if the value or an element is NULL, else FALSE; NOT IN is NOT of that (docs/chapter05-sql.md#step-3-values-and-expressions)
        Value result = Value.of(false);
        while (elements.hasNext()) {
            Integer order = Comparison.order("IN", value, elements.next());
            if (order == null) {
                result = Value.NULL;
            } else if (order == 0) {
                result = Value.of(true);
                break;
            }
        }
        return negated ? Logic.not(result) : result;
        //@ end
    }

    private Value caseOf(Expr.Case caseExpr, List<Value> row) {
        //@ todo 5: The first WHEN that holds gives the result (simple form: equals the operand; searched: is TRUE); else ELSE, else NULL (docs/chapter05-sql.md#step-3-values-and-expressions)
        Value operand = caseExpr.operand() == null ? null : evaluate(caseExpr.operand(), row);
        for (Expr.When when : caseExpr.whens()) {
            Value condition = evaluate(when.condition(), row);
            boolean holds = operand == null
                    ? Logic.holds("CASE WHEN", condition)
                    : Logic.holds("CASE", Comparison.compare("=", operand, condition));
            if (holds) {
                return evaluate(when.result(), row);
            }
        }
        return caseExpr.otherwise() == null ? Value.NULL : evaluate(caseExpr.otherwise(), row);
        //@ end
    }
}
