package dev.fromzero.sql.parser;

import dev.fromzero.sql.parser.Expr.BinaryOp;
import dev.fromzero.sql.parser.Expr.UnaryOp;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
import java.util.List;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/** Random syntax trees for the parser's properties, drawn from QuickTheories' randomness so that failures shrink. */
final class RandomAst {

    private RandomAst() {}

    static int pick(RandomnessSource in, int bound) {
        return (int) in.next(Constraint.between(0, bound - 1));
    }

    static final String[] NAMES = {"a", "b", "price", "x1", "\"Mixed\"", "\"select\""};
    static final String[] FUNCTIONS = {"abs", "coalesce", "lower", "f"};

    /** A random expression of at most {@code depth} levels. */
    static Expr expression(RandomnessSource in, int depth) {
        int kind = depth == 0 ? pick(in, 3) : pick(in, 14);
        return switch (kind) {
            case 0 -> literal(in);
            case 1 -> column(in);
            case 2 -> new Expr.Call(FUNCTIONS[pick(in, FUNCTIONS.length)], List.of(), false, pick(in, 2) == 0);
            case 3, 4, 5, 6 -> new Expr.Binary(BinaryOp.values()[pick(in, BinaryOp.values().length)],
                    expression(in, depth - 1), expression(in, depth - 1));
            case 7 -> new Expr.Unary(UnaryOp.values()[pick(in, UnaryOp.values().length)], expression(in, depth - 1));
            case 8 -> new Expr.IsNull(expression(in, depth - 1), pick(in, 2) == 0);
            case 9 -> new Expr.Between(expression(in, depth - 1), expression(in, depth - 1), expression(in, depth - 1),
                    pick(in, 2) == 0);
            case 10 -> new Expr.InList(expression(in, depth - 1), list(in, depth - 1, 1), pick(in, 2) == 0);
            case 11 -> new Expr.Like(expression(in, depth - 1), expression(in, depth - 1), pick(in, 2) == 0);
            case 12 -> {
                List<Expr.When> whens = new ArrayList<>();
                for (int i = 0, n = 1 + pick(in, 2); i < n; i++) {
                    whens.add(new Expr.When(expression(in, depth - 1), expression(in, depth - 1)));
                }
                yield new Expr.Case(pick(in, 2) == 0 ? null : expression(in, depth - 1), whens,
                        pick(in, 2) == 0 ? null : expression(in, depth - 1));
            }
            default -> {
                if (pick(in, 2) == 0) {
                    yield new Expr.Cast(expression(in, depth - 1), DataType.values()[pick(in, DataType.values().length)]);
                }
                List<Expr> args = list(in, depth - 1, 0);
                yield new Expr.Call(FUNCTIONS[pick(in, FUNCTIONS.length)], args, !args.isEmpty() && pick(in, 3) == 0, false);
            }
        };
    }

    static List<Expr> list(RandomnessSource in, int depth, int least) {
        List<Expr> list = new ArrayList<>();
        for (int i = 0, n = least + pick(in, 3); i < n; i++) {
            list.add(expression(in, depth));
        }
        return list;
    }

    static Expr literal(RandomnessSource in) {
        return new Expr.Literal(switch (pick(in, 6)) {
            case 0 -> Value.of(in.next(Constraint.between(Long.MIN_VALUE, Long.MAX_VALUE).withShrinkPoint(0)));
            case 1 -> Value.of(in.next(Constraint.between(-1000, 1000).withShrinkPoint(0)) / 8.0);
            case 2 -> Value.of(new String[] {"", "x", "it's", "''", "a b;--"}[pick(in, 5)]);
            case 3 -> Value.of(pick(in, 2) == 0);
            case 4 -> Value.of(in.next(Constraint.between(0, 100)));
            default -> Value.NULL;
        });
    }

    static Expr column(RandomnessSource in) {
        String name = NAMES[pick(in, NAMES.length)];
        String bare = name.startsWith("\"") ? name.substring(1, name.length() - 1) : name;
        return new Expr.Column(pick(in, 3) == 0 ? "t" : null, bare);
    }
}
