package dev.fromzero.sql.parser;

import dev.fromzero.sql.parser.Expr.UnaryOp;
import dev.fromzero.sql.types.Value;
import java.util.List;

/** Writes an expression as SQL, with parentheses only where the documented precedence table needs them. */
final class SqlWriter {

    private SqlWriter() {}

    private static int level(Expr e) {
        if (e instanceof Expr.Binary b) {
            return switch (b.op()) {
                case OR -> 1;
                case AND -> 2;
                case EQUAL, NOT_EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL -> 4;
                case ADD, SUBTRACT, CONCAT -> 5;
                case MULTIPLY, DIVIDE, MODULO -> 6;
            };
        }
        if (e instanceof Expr.Unary u) {
            return u.op() == UnaryOp.NOT ? 3 : 7;
        }
        if (e instanceof Expr.IsNull || e instanceof Expr.Between || e instanceof Expr.InList || e instanceof Expr.Like) {
            return 4;
        }
        return 8;
    }

    /** {@code e} as SQL, parenthesized if its level is below {@code least} (0 for a whole expression). */
    static String write(Expr e, int least) {
        String text = bare(e);
        return level(e) < least ? "(" + text + ")" : text;
    }

    private static String not(boolean negated) {
        return negated ? " NOT" : "";
    }

    private static String bare(Expr e) {
        if (e instanceof Expr.Literal l) {
            return l.value() instanceof Value.Float f ? Double.toString(f.value()) : l.value().toString();
        }
        if (e instanceof Expr.Column c) {
            return c.table() == null ? name(c.name()) : name(c.table()) + "." + name(c.name());
        }
        if (e instanceof Expr.Binary b) {
            int level = level(b);
            return write(b.left(), level) + " " + b.op().symbol() + " " + write(b.right(), level + 1);
        }
        if (e instanceof Expr.Unary u) {
            if (u.op() == UnaryOp.NOT) {
                return "NOT " + write(u.operand(), 3);
            }
            boolean number = u.operand() instanceof Expr.Literal l && (l.value() instanceof Value.Int || l.value() instanceof Value.Float);
            return u.op().symbol() + " " + (number ? "(" + bare(u.operand()) + ")" : write(u.operand(), 7));
        }
        if (e instanceof Expr.IsNull n) {
            return write(n.operand(), 4) + " IS" + not(n.negated()) + " NULL";
        }
        if (e instanceof Expr.Between b) {
            return write(b.operand(), 4) + not(b.negated()) + " BETWEEN " + write(b.low(), 5) + " AND " + write(b.high(), 5);
        }
        if (e instanceof Expr.InList in) {
            return write(in.operand(), 4) + not(in.negated()) + " IN (" + all(in.list()) + ")";
        }
        if (e instanceof Expr.Like l) {
            return write(l.operand(), 4) + not(l.negated()) + " LIKE " + write(l.pattern(), 5);
        }
        if (e instanceof Expr.Case c) {
            StringBuilder text = new StringBuilder("CASE");
            if (c.operand() != null) {
                text.append(' ').append(write(c.operand(), 0));
            }
            for (Expr.When when : c.whens()) {
                text.append(" WHEN ").append(write(when.condition(), 0)).append(" THEN ").append(write(when.result(), 0));
            }
            if (c.otherwise() != null) {
                text.append(" ELSE ").append(write(c.otherwise(), 0));
            }
            return text.append(" END").toString();
        }
        if (e instanceof Expr.Cast c) {
            return "CAST(" + write(c.operand(), 0) + " AS " + c.type() + ")";
        }
        Expr.Call call = (Expr.Call) e;
        return call.name() + "(" + (call.star() ? "*" : (call.distinct() ? "DISTINCT " : "") + all(call.args())) + ")";
    }

    /** A name as SQL: bare if the lexer gives it back unchanged (lower case, not a keyword), else quoted. */
    static String name(String name) {
        boolean bare = name.matches("[a-z_][a-z0-9_]*") && !Lexer.KEYWORDS.contains(name.toUpperCase());
        return bare ? name : "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String all(List<Expr> list) {
        return String.join(", ", list.stream().map(x -> write(x, 0)).toList());
    }
}
