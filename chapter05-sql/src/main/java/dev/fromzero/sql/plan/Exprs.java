package dev.fromzero.sql.plan;

import dev.fromzero.sql.parser.Expr;
import java.util.ArrayList;
import java.util.List;

/** Walks an expression tree; the planner uses it to find the column references to check. */
public final class Exprs {

    private Exprs() {}

    /** Every column reference in {@code expr}, in the order they are written. */
    public static List<Expr.Column> columns(Expr expr) {
        List<Expr.Column> found = new ArrayList<>();
        collect(expr, found);
        return found;
    }

    private static void collect(Expr expr, List<Expr.Column> found) {
        for (Expr child : children(expr)) {
            collect(child, found);
        }
        if (expr instanceof Expr.Column column) {
            found.add(column);
        }
    }

    /** The direct subexpressions of {@code expr}. */
    public static List<Expr> children(Expr expr) {
        List<Expr> children = new ArrayList<>();
        if (expr instanceof Expr.Unary u) {
            children.add(u.operand());
        } else if (expr instanceof Expr.Binary b) {
            children.add(b.left());
            children.add(b.right());
        } else if (expr instanceof Expr.IsNull n) {
            children.add(n.operand());
        } else if (expr instanceof Expr.Between b) {
            children.addAll(List.of(b.operand(), b.low(), b.high()));
        } else if (expr instanceof Expr.InList in) {
            children.add(in.operand());
            children.addAll(in.list());
        } else if (expr instanceof Expr.Like like) {
            children.add(like.operand());
            children.add(like.pattern());
        } else if (expr instanceof Expr.Case c) {
            if (c.operand() != null) {
                children.add(c.operand());
            }
            for (Expr.When when : c.whens()) {
                children.add(when.condition());
                children.add(when.result());
            }
            if (c.otherwise() != null) {
                children.add(c.otherwise());
            }
        } else if (expr instanceof Expr.Cast cast) {
            children.add(cast.operand());
        } else if (expr instanceof Expr.Call call) {
            children.addAll(call.args());
        }
        return children;
    }
}
