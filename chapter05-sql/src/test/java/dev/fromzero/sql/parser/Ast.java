package dev.fromzero.sql.parser;

import dev.fromzero.sql.parser.Expr.BinaryOp;
import dev.fromzero.sql.parser.Expr.UnaryOp;
import dev.fromzero.sql.types.Value;
import java.util.List;

/** Short names for building the syntax trees the parser tests expect. */
final class Ast {

    private Ast() {}

    static Expr col(String name) {
        return new Expr.Column(null, name);
    }

    static Expr col(String table, String name) {
        return new Expr.Column(table, name);
    }

    static Expr lit(long value) {
        return new Expr.Literal(Value.of(value));
    }

    static Expr lit(double value) {
        return new Expr.Literal(Value.of(value));
    }

    static Expr lit(String value) {
        return new Expr.Literal(Value.of(value));
    }

    static Expr lit(boolean value) {
        return new Expr.Literal(Value.of(value));
    }

    static Expr nul() {
        return new Expr.Literal(Value.NULL);
    }

    static Expr bin(Expr left, BinaryOp op, Expr right) {
        return new Expr.Binary(op, left, right);
    }

    static Expr and(Expr left, Expr right) {
        return bin(left, BinaryOp.AND, right);
    }

    static Expr or(Expr left, Expr right) {
        return bin(left, BinaryOp.OR, right);
    }

    static Expr eq(Expr left, Expr right) {
        return bin(left, BinaryOp.EQUAL, right);
    }

    static Expr not(Expr operand) {
        return new Expr.Unary(UnaryOp.NOT, operand);
    }

    static Expr neg(Expr operand) {
        return new Expr.Unary(UnaryOp.NEGATE, operand);
    }

    static Expr call(String name, Expr... args) {
        return new Expr.Call(name, List.of(args), false, false);
    }

    /** The expression of a one-item SELECT without FROM, through Parser.parse, as a cross-check of parseExpression. */
    static Expr selected(String expression) {
        Statement statement = Parser.parse("SELECT " + expression);
        if (statement instanceof Statement.Select select && select.items().size() == 1
                && select.items().get(0) instanceof SelectItem.Expression item) {
            return item.expr();
        }
        throw new AssertionError("SELECT " + expression + " must parse to a SELECT of one expression, not " + statement);
    }
}
