package dev.fromzero.sql.plan;

import dev.fromzero.sql.parser.Expr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * Walks and rewrites expression trees: the planner finds the column references to check with it,
 * and the aggregation planner and the optimizer rebuild trees with some subexpressions replaced.
 *
 * <p>A subquery is a wall: the walk does not enter the query of a {@link Expr.Subquery},
 * {@link Expr.Exists} or {@link Expr.InSubquery}, whose names belong to the query's own scope.
 * Once planned, a subquery's children are IN's left operand and the outer values its plan reads
 * ({@link Expr.PlannedSubquery#outer}), so that the optimizer sees which columns of the enclosing
 * row a correlated subquery depends on.
 */
public final class Exprs {

    /** The aggregate functions, by their lower-case names. */
    public static final Set<String> AGGREGATES = Set.of("count", "sum", "min", "max", "avg");

    private Exprs() {}

    /** Whether {@code expr} is a call of an aggregate function (not whether it contains one). */
    public static boolean isAggregate(Expr expr) {
        return expr instanceof Expr.Call call && AGGREGATES.contains(call.name().toLowerCase(Locale.ROOT));
    }

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
        } else if (expr instanceof Expr.InSubquery in) {
            children.add(in.operand());
        } else if (expr instanceof Expr.PlannedSubquery planned) {
            children.addAll(children(planned.subquery()));
            children.addAll(planned.outer());
        }
        return children;
    }

    /**
     * {@code expr} with subexpressions replaced, top-down: where {@code replace} returns an
     * expression, that expression takes the node's place (and is not walked further); where it
     * returns null, the node is kept with its children rewritten in the same way.
     */
    public static Expr transform(Expr expr, Function<Expr, Expr> replace) {
        Expr replaced = replace.apply(expr);
        if (replaced != null) {
            return replaced;
        }
        return rebuild(expr, child -> transform(child, replace));
    }

    /** {@code expr} with each direct subexpression {@code c} replaced by {@code f(c)}. */
    public static Expr rebuild(Expr expr, Function<Expr, Expr> f) {
        if (expr instanceof Expr.Unary u) {
            return new Expr.Unary(u.op(), f.apply(u.operand()));
        } else if (expr instanceof Expr.Binary b) {
            return new Expr.Binary(b.op(), f.apply(b.left()), f.apply(b.right()));
        } else if (expr instanceof Expr.IsNull n) {
            return new Expr.IsNull(f.apply(n.operand()), n.negated());
        } else if (expr instanceof Expr.Between b) {
            return new Expr.Between(f.apply(b.operand()), f.apply(b.low()), f.apply(b.high()), b.negated());
        } else if (expr instanceof Expr.InList in) {
            return new Expr.InList(f.apply(in.operand()), in.list().stream().map(f).toList(), in.negated());
        } else if (expr instanceof Expr.Like like) {
            return new Expr.Like(f.apply(like.operand()), f.apply(like.pattern()), like.negated());
        } else if (expr instanceof Expr.Case c) {
            List<Expr.When> whens = c.whens().stream()
                    .map(w -> new Expr.When(f.apply(w.condition()), f.apply(w.result()))).toList();
            return new Expr.Case(c.operand() == null ? null : f.apply(c.operand()), whens,
                    c.otherwise() == null ? null : f.apply(c.otherwise()));
        } else if (expr instanceof Expr.Cast cast) {
            return new Expr.Cast(f.apply(cast.operand()), cast.type());
        } else if (expr instanceof Expr.Call call) {
            return new Expr.Call(call.name(), call.args().stream().map(f).toList(), call.distinct(), call.star());
        } else if (expr instanceof Expr.InSubquery in) {
            return new Expr.InSubquery(f.apply(in.operand()), in.query(), in.negated());
        } else if (expr instanceof Expr.PlannedSubquery planned) {
            return new Expr.PlannedSubquery(rebuild(planned.subquery(), f), planned.plan(),
                    planned.outer().stream().map(f).toList());
        }
        return expr;
    }

    /** Whether {@code expr} holds a subquery or an outer column anywhere: a part whose value the optimizer cannot know. */
    public static boolean hasSubquery(Expr expr) {
        return expr instanceof Expr.Subquery || expr instanceof Expr.Exists || expr instanceof Expr.InSubquery
                || expr instanceof Expr.OuterColumn || expr instanceof Expr.PlannedSubquery
                || children(expr).stream().anyMatch(Exprs::hasSubquery);
    }

    /** The conjuncts of {@code predicate}: {@code a AND (b AND c)} gives a, b, c; null gives none. */
    public static List<Expr> conjuncts(Expr predicate) {
        List<Expr> found = new ArrayList<>();
        if (predicate instanceof Expr.Binary b && b.op() == Expr.BinaryOp.AND) {
            found.addAll(conjuncts(b.left()));
            found.addAll(conjuncts(b.right()));
        } else if (predicate != null) {
            found.add(predicate);
        }
        return found;
    }

    /** The conjuncts joined by AND, in order; null for none. */
    public static Expr and(List<Expr> conjuncts) {
        Expr all = null;
        for (Expr conjunct : conjuncts) {
            all = all == null ? conjunct : new Expr.Binary(Expr.BinaryOp.AND, all, conjunct);
        }
        return all;
    }
}
