package dev.fromzero.sql.plan;

import dev.fromzero.sql.parser.Expr;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An expression written back as SQL, for EXPLAIN and for the names of computed columns
 * ({@code count(*)}, {@code a + b}). Parentheses appear only where the precedence of the parser
 * needs them, so the text reads as a person would write it and parses back to the same tree:
 * {@code (a + b) * c}, {@code a + b * c}, {@code a > 1 AND (b = 2 OR c = 3)}.
 */
public final class SqlText {

    private static final int OR = 1;
    private static final int AND = 2;
    private static final int NOT = 3;
    private static final int COMPARISON = 4;
    private static final int ADDITIVE = 5;
    private static final int MULTIPLICATIVE = 6;
    private static final int UNARY = 7;
    private static final int ATOM = 8;

    private SqlText() {}

    public static String of(Expr expr) {
        if (expr instanceof Expr.Literal literal) {
            return literal.value().toString();
        }
        if (expr instanceof Expr.Column column) {
            return column.table() == null ? column.name() : column.table() + "." + column.name();
        }
        if (expr instanceof Expr.Unary unary) {
            String op = unary.op() == Expr.UnaryOp.NOT ? "NOT " : unary.op().symbol();
            return op + operand(unary.operand(), level(expr) + (unary.op() == Expr.UnaryOp.NOT ? 0 : 1));
        }
        if (expr instanceof Expr.Binary binary) {
            int level = level(expr);
            return operand(binary.left(), level) + " " + binary.op().symbol() + " " + operand(binary.right(), level + 1);
        }
        if (expr instanceof Expr.IsNull isNull) {
            return operand(isNull.operand(), ADDITIVE) + (isNull.negated() ? " IS NOT NULL" : " IS NULL");
        }
        if (expr instanceof Expr.Between between) {
            return operand(between.operand(), ADDITIVE) + (between.negated() ? " NOT" : "") + " BETWEEN "
                    + operand(between.low(), ADDITIVE) + " AND " + operand(between.high(), ADDITIVE);
        }
        if (expr instanceof Expr.InList in) {
            return operand(in.operand(), ADDITIVE) + (in.negated() ? " NOT" : "") + " IN (" + list(in.list()) + ")";
        }
        if (expr instanceof Expr.Like like) {
            return operand(like.operand(), ADDITIVE) + (like.negated() ? " NOT" : "") + " LIKE "
                    + operand(like.pattern(), ADDITIVE);
        }
        if (expr instanceof Expr.Case c) {
            StringBuilder text = new StringBuilder("CASE");
            if (c.operand() != null) {
                text.append(' ').append(of(c.operand()));
            }
            for (Expr.When when : c.whens()) {
                text.append(" WHEN ").append(of(when.condition())).append(" THEN ").append(of(when.result()));
            }
            if (c.otherwise() != null) {
                text.append(" ELSE ").append(of(c.otherwise()));
            }
            return text.append(" END").toString();
        }
        if (expr instanceof Expr.Cast cast) {
            return "CAST(" + of(cast.operand()) + " AS " + cast.type() + ")";
        }
        if (expr instanceof Expr.Call call) {
            if (call.star()) {
                return call.name() + "(*)";
            }
            return call.name() + "(" + (call.distinct() ? "DISTINCT " : "") + list(call.args()) + ")";
        }
        return subquery(expr);
    }

    /**
     * A subquery is written {@code (SELECT ...)}: its plan has lines of its own in EXPLAIN, under the
     * node that runs it. An outer column is written as the column it reads.
     */
    private static String subquery(Expr expr) {
        if (expr instanceof Expr.PlannedSubquery planned) {
            return subquery(planned.subquery());
        }
        if (expr instanceof Expr.Subquery) {
            return "(SELECT ...)";
        }
        if (expr instanceof Expr.Exists) {
            return "EXISTS (SELECT ...)";
        }
        if (expr instanceof Expr.InSubquery in) {
            return operand(in.operand(), ADDITIVE) + (in.negated() ? " NOT" : "") + " IN (SELECT ...)";
        }
        if (expr instanceof Expr.OuterColumn outer) {
            return of(outer.column());
        }
        return "DEFAULT";
    }

    /** Expressions separated by commas. */
    public static String list(List<? extends Expr> exprs) {
        return exprs.stream().map(SqlText::of).collect(Collectors.joining(", "));
    }

    /** {@code expr} as an operand that needs at least {@code level}: in parentheses if it binds looser. */
    private static String operand(Expr expr, int level) {
        return level(expr) < level ? "(" + of(expr) + ")" : of(expr);
    }

    private static int level(Expr expr) {
        if (expr instanceof Expr.Binary binary) {
            return switch (binary.op()) {
                case OR -> OR;
                case AND -> AND;
                case EQUAL, NOT_EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL -> COMPARISON;
                case ADD, SUBTRACT, CONCAT -> ADDITIVE;
                case MULTIPLY, DIVIDE, MODULO -> MULTIPLICATIVE;
            };
        }
        if (expr instanceof Expr.Unary unary) {
            return unary.op() == Expr.UnaryOp.NOT ? NOT : UNARY;
        }
        if (expr instanceof Expr.IsNull || expr instanceof Expr.Between || expr instanceof Expr.InList
                || expr instanceof Expr.Like || expr instanceof Expr.InSubquery) {
            return COMPARISON;
        }
        if (expr instanceof Expr.PlannedSubquery planned) {
            return level(planned.subquery());
        }
        if (expr instanceof Expr.Literal literal && literal.value().toString().startsWith("-")) {
            return UNARY;
        }
        return ATOM;
    }
}
