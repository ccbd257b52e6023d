//@ chapter 5
package dev.fromzero.sql.parser;

import dev.fromzero.sql.parser.Expr.BinaryOp;
import dev.fromzero.sql.parser.Expr.UnaryOp;
import dev.fromzero.sql.parser.Token.Type;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Expressions, by precedence climbing. Each operator has a level; {@link #expression(int)} reads
 * an operand, then keeps folding operators of at least the level it was asked for into the left
 * operand, reading each right operand one level higher so that operators of one level group to
 * the left ({@code a - b - c} is {@code (a - b) - c}). From loosest to tightest:
 *
 * <pre>
 * level  operators                                   kind
 *   1    OR                                          infix, left
 *   2    AND                                         infix, left
 *   3    NOT                                         prefix
 *   4    = &lt;&gt; != &lt; &lt;= &gt; &gt;=, IS [NOT] NULL,          infix and postfix, left
 *        [NOT] BETWEEN, [NOT] IN (...), [NOT] LIKE
 *   5    + - ||                                      infix, left
 *   6    * / %                                       infix, left
 *   7    - +                                         prefix
 * </pre>
 *
 * <p>A prefix operator's operand is read at its own level: {@code NOT a = b} is
 * {@code NOT (a = b)}, and {@code -a * b} is {@code (-a) * b}. BETWEEN's bounds and LIKE's
 * pattern are read at level 5, so the AND of {@code x BETWEEN 1 AND 2 AND y} ends the bound.
 *
 * <p>Depth costs stack: ten thousand {@code (} would overflow the parser's, and a chain of ten
 * thousand {@code a + a + ...}, read by a loop here, would give a tree ten thousand deep that
 * overflows the stack of whatever walks it next (the planner, the evaluator, even
 * {@code toString}). So {@link #enter()} counts one level for each expression begun and for each
 * operator folded into one, {@link #leave(int)} gives them back when it is read, and past
 * {@link #MAX_DEPTH} the text is refused, as SQLite refuses an expression tree deeper than 1000.
 * The count bounds the height of every tree the parser returns.
 */
final class ExpressionParser {

    /** How deep an expression may be: nested parentheses, prefix operators, and operators in a chain. */
    static final int MAX_DEPTH = 400;

    static final int OR = 1;
    static final int AND = 2;
    static final int NOT = 3;
    static final int COMPARISON = 4;
    static final int ADDITIVE = 5;
    static final int MULTIPLICATIVE = 6;
    static final int UNARY = 7;

    private final Tokens tokens;
    private final SubqueryParser subqueries;
    private int depth;
    /** How many {@code ?} parameters were read so far; {@code $n} ones count in {@code numbered}. */
    private int positional;
    private int numbered;

    /** @param select reads a SELECT, the cursor on its SELECT: for subqueries (step 14) */
    ExpressionParser(Tokens tokens, Supplier<Statement.Select> select) {
        this.tokens = tokens;
        this.subqueries = new SubqueryParser(tokens, select);
    }

    /** A whole expression. */
    Expr expression() {
        return expression(OR);
    }

    /** An expression whose operators are all of level {@code minLevel} or tighter. */
    Expr expression(int minLevel) {
        //@ todo 5: enter(), read a prefix, then fold in every operator of level >= minLevel (right operands one level up), entering once more for each; leave them all (docs/chapter05-sql.md#step-2-the-parser)
        enter();
        int entered = 1;
        Expr left = prefix();
        for (int level = infixLevel(); level >= minLevel; level = infixLevel()) {
            enter();
            entered++;
            left = infix(left, level);
        }
        leave(entered);
        return left;
        //@ end
    }

    /** Counts one more level of depth, failing at the token under the cursor past {@link #MAX_DEPTH}. */
    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw tokens.error(tokens.peek(), "expression nested too deeply: more than " + MAX_DEPTH + " levels");
        }
    }

    /** Gives back the {@code levels} an expression entered, once it is read. */
    private void leave(int levels) {
        depth -= levels;
    }

    /** The level of the infix or postfix operator under the cursor, or 0 if there is none. */
    private int infixLevel() {
        //@ todo 5: Give each infix and postfix operator its level from the table; NOT after an operand starts NOT BETWEEN, NOT IN or NOT LIKE (docs/chapter05-sql.md#step-2-the-parser)
        Token token = tokens.peek();
        return switch (token.type()) {
            case EQUAL, NOT_EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL -> COMPARISON;
            case PLUS, MINUS, CONCAT -> ADDITIVE;
            case STAR, SLASH, PERCENT -> MULTIPLICATIVE;
            case KEYWORD -> switch (token.text()) {
                case "OR" -> OR;
                case "AND" -> AND;
                case "IS", "BETWEEN", "IN", "LIKE", "NOT" -> COMPARISON;
                default -> 0;
            };
            default -> 0;
        };
        //@ end
    }

    /** Reads the operator under the cursor, of {@code level}, and its right side, applied to {@code left}. */
    private Expr infix(Expr left, int level) {
        //@ todo 5: Read a binary operator and its right operand at level + 1, or IS [NOT] NULL, [NOT] BETWEEN .. AND .., [NOT] IN (..), [NOT] LIKE .. (docs/chapter05-sql.md#step-2-the-parser)
        Token token = tokens.next();
        if (token.type() == Type.KEYWORD) {
            return switch (token.text()) {
                case "IS" -> {
                    boolean negated = tokens.acceptKeyword("NOT");
                    tokens.expectKeyword("NULL", negated ? "NULL after IS NOT" : "NULL or NOT NULL after IS");
                    yield new Expr.IsNull(left, negated);
                }
                case "NOT" -> {
                    if (!tokens.atKeyword("BETWEEN") && !tokens.atKeyword("IN") && !tokens.atKeyword("LIKE")) {
                        throw tokens.expected("BETWEEN, IN or LIKE after NOT");
                    }
                    yield predicate(left, tokens.next(), true);
                }
                case "BETWEEN", "IN", "LIKE" -> predicate(left, token, false);
                default -> new Expr.Binary(token.isKeyword("OR") ? BinaryOp.OR : BinaryOp.AND, left, expression(level + 1));
            };
        }
        BinaryOp op = switch (token.type()) {
            case EQUAL -> BinaryOp.EQUAL;
            case NOT_EQUAL -> BinaryOp.NOT_EQUAL;
            case LESS -> BinaryOp.LESS;
            case LESS_OR_EQUAL -> BinaryOp.LESS_OR_EQUAL;
            case GREATER -> BinaryOp.GREATER;
            case GREATER_OR_EQUAL -> BinaryOp.GREATER_OR_EQUAL;
            case PLUS -> BinaryOp.ADD;
            case MINUS -> BinaryOp.SUBTRACT;
            case CONCAT -> BinaryOp.CONCAT;
            case STAR -> BinaryOp.MULTIPLY;
            case SLASH -> BinaryOp.DIVIDE;
            default -> BinaryOp.MODULO;
        };
        return new Expr.Binary(op, left, expression(level + 1));
        //@ end
    }

    /** The rest of {@code left [NOT] BETWEEN|IN|LIKE ...}, {@code keyword} being the token just read. */
    private Expr predicate(Expr left, Token keyword, boolean negated) {
        if (keyword.isKeyword("IN") && subqueries.atQuery()) {
            return subqueries.in(left, negated);
        }
        //@ todo 5: BETWEEN reads two bounds at ADDITIVE level around AND, LIKE a pattern at ADDITIVE level, IN a parenthesized list (docs/chapter05-sql.md#step-2-the-parser)
        switch (keyword.text()) {
            case "BETWEEN" -> {
                Expr low = expression(ADDITIVE);
                tokens.expectKeyword("AND", "AND between the bounds of BETWEEN");
                return new Expr.Between(left, low, expression(ADDITIVE), negated);
            }
            case "LIKE" -> {
                return new Expr.Like(left, expression(ADDITIVE), negated);
            }
            default -> {
                tokens.expect(Type.LEFT_PAREN, "'(' after IN");
                List<Expr> list = list();
                tokens.expect(Type.RIGHT_PAREN, "')' after the IN list");
                return new Expr.InList(left, list, negated);
            }
        }
        //@ end
    }

    /** What starts an operand: NOT, a sign, or a primary. */
    private Expr prefix() {
        //@ todo 5: NOT reads its operand at level NOT, - and + at level UNARY; a - right before a number is folded into the literal (docs/chapter05-sql.md#step-2-the-parser)
        if (tokens.acceptKeyword("NOT")) {
            return new Expr.Unary(UnaryOp.NOT, expression(NOT));
        }
        if (tokens.accept(Type.MINUS)) {
            if (tokens.at(Type.INTEGER) || tokens.at(Type.DECIMAL)) {
                return number(tokens.next(), true);
            }
            return new Expr.Unary(UnaryOp.NEGATE, expression(UNARY));
        }
        if (tokens.accept(Type.PLUS)) {
            return new Expr.Unary(UnaryOp.PLUS, expression(UNARY));
        }
        return primary();
        //@ end
    }

    /** A literal, a column, a call, a CASE, a CAST, or an expression in parentheses. */
    private Expr primary() {
        if (tokens.at(Type.PARAMETER)) {
            return parameter(tokens.next());
        }
        if (subqueries.atSubquery()) {
            return subqueries.subquery();
        }
        //@ todo 5: Read a literal, a (possibly qualified) column, a call, CASE, CAST or ( expression ); anything else is "expected an expression" (docs/chapter05-sql.md#step-2-the-parser)
        Token token = tokens.peek();
        switch (token.type()) {
            case INTEGER, DECIMAL -> {
                return number(tokens.next(), false);
            }
            case STRING -> {
                return new Expr.Literal(Value.of(tokens.next().text()));
            }
            case LEFT_PAREN -> {
                tokens.next();
                Expr inner = expression();
                tokens.expect(Type.RIGHT_PAREN,
                        "')' to close the '(' at line " + token.line() + ", column " + token.column());
                return inner;
            }
            case IDENTIFIER -> {
                String name = tokens.next().text();
                if (tokens.at(Type.LEFT_PAREN)) {
                    return call(name);
                }
                if (tokens.accept(Type.DOT)) {
                    return new Expr.Column(name, tokens.name("a column name after '" + name + ".'"));
                }
                return new Expr.Column(null, name);
            }
            case KEYWORD -> {
                switch (token.text()) {
                    case "NULL", "TRUE", "FALSE" -> {
                        tokens.next();
                        return new Expr.Literal(token.text().equals("NULL") ? Value.NULL : Value.of(token.text().equals("TRUE")));
                    }
                    case "CASE" -> {
                        return caseExpression();
                    }
                    case "CAST" -> {
                        return cast();
                    }
                    default -> throw tokens.expected("an expression");
                }
            }
            default -> throw tokens.expected("an expression");
        }
        //@ end
    }

    /** {@code ?} takes the next number; {@code $n} says its own. One statement uses one style or the other. */
    private Expr parameter(Token token) {
        if (token.text().equals("?")) {
            if (numbered > 0) {
                throw tokens.error(token, "cannot mix ? and $n parameters in one statement");
            }
            return new Expr.Parameter(++positional);
        }
        if (positional > 0) {
            throw tokens.error(token, "cannot mix ? and $n parameters in one statement");
        }
        numbered++;
        try {
            int index = Integer.parseInt(token.text().substring(1));
            if (index >= 1) {
                return new Expr.Parameter(index);
            }
        } catch (NumberFormatException tooLarge) {
            // reported below
        }
        throw tokens.error(token, "parameter " + token.text() + " is out of range: parameters count from $1");
    }

    /** The value of a number token, negated first if {@code negative} (so that -9223372036854775808 fits). */
    private Expr number(Token token, boolean negative) {
        //@ todo 5: An INTEGER token is a 64-bit Int (out of range is an error at the token), a DECIMAL a Float (infinite is an error) (docs/chapter05-sql.md#step-2-the-parser)
        String text = negative ? "-" + token.text() : token.text();
        if (token.type() == Type.INTEGER) {
            try {
                return new Expr.Literal(Value.of(Long.parseLong(text)));
            } catch (NumberFormatException e) {
                throw tokens.error(token, "integer " + text + " is out of range: INTEGER is 64-bit");
            }
        }
        double value = Double.parseDouble(text);
        if (Double.isInfinite(value)) {
            throw tokens.error(token, "number " + text + " is out of range of FLOAT");
        }
        return new Expr.Literal(Value.of(value));
        //@ end
    }

    /** {@code name(args)}, {@code name(*)} or {@code name(DISTINCT args)}, the cursor on the '('. */
    private Expr call(String name) {
        //@ todo 5: Read (*), or ([DISTINCT] arguments separated by commas), or () (docs/chapter05-sql.md#step-2-the-parser)
        tokens.expect(Type.LEFT_PAREN, "'(' after the function name");
        if (tokens.accept(Type.STAR)) {
            tokens.expect(Type.RIGHT_PAREN, "')' after " + name + "(*");
            return new Expr.Call(name, List.of(), false, true);
        }
        boolean distinct = tokens.acceptKeyword("DISTINCT");
        List<Expr> args = !distinct && tokens.at(Type.RIGHT_PAREN) ? List.of() : list();
        tokens.expect(Type.RIGHT_PAREN, "')' after the arguments of " + name);
        return new Expr.Call(name, args, distinct, false);
        //@ end
    }

    /** {@code CASE [operand] WHEN .. THEN .. [WHEN .. THEN ..]... [ELSE ..] END}. */
    private Expr caseExpression() {
        //@ todo 5: After CASE, an operand unless WHEN follows; then one or more WHEN .. THEN .., an optional ELSE, and END (docs/chapter05-sql.md#step-2-the-parser)
        tokens.expectKeyword("CASE", "CASE");
        Expr operand = tokens.atKeyword("WHEN") ? null : expression();
        List<Expr.When> whens = new ArrayList<>();
        tokens.expectKeyword("WHEN", "WHEN in CASE");
        do {
            Expr condition = expression();
            tokens.expectKeyword("THEN", "THEN after the WHEN");
            whens.add(new Expr.When(condition, expression()));
        } while (tokens.acceptKeyword("WHEN"));
        Expr otherwise = tokens.acceptKeyword("ELSE") ? expression() : null;
        tokens.expectKeyword("END", "END to close the CASE");
        return new Expr.Case(operand, whens, otherwise);
        //@ end
    }

    /** {@code CAST(expression AS type)}. */
    private Expr cast() {
        //@ todo 5: Read CAST ( expression AS type ) (docs/chapter05-sql.md#step-2-the-parser)
        tokens.expectKeyword("CAST", "CAST");
        tokens.expect(Type.LEFT_PAREN, "'(' after CAST");
        Expr operand = expression();
        tokens.expectKeyword("AS", "AS in CAST(expression AS type)");
        DataType type = dataType();
        tokens.expect(Type.RIGHT_PAREN, "')' after the type in CAST");
        return new Expr.Cast(operand, type);
        //@ end
    }

    /** Expressions separated by commas, at least one. */
    List<Expr> list() {
        List<Expr> list = new ArrayList<>();
        do {
            list.add(expression());
        } while (tokens.accept(Type.COMMA));
        return list;
    }

    /** A type name: INTEGER, INT, BIGINT, FLOAT, DOUBLE, REAL, TEXT, VARCHAR, VARCHAR(n), STRING or BOOLEAN. */
    DataType dataType() {
        //@ todo 5: Map a type name to its DataType; VARCHAR may be followed by (n), whose n is read and dropped; any other name is an error at it (docs/chapter05-sql.md#step-2-the-parser)
        String types = "INTEGER, INT, BIGINT, FLOAT, DOUBLE, REAL, TEXT, VARCHAR(n), STRING or BOOLEAN";
        Token token = tokens.peek();
        if (token.type() != Type.IDENTIFIER) {
            throw tokens.expected("a type (" + types + ")");
        }
        tokens.next();
        String name = token.text().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "integer", "int", "bigint" -> DataType.INTEGER;
            case "float", "double", "real" -> DataType.FLOAT;
            case "text", "string" -> DataType.TEXT;
            case "boolean" -> DataType.BOOLEAN;
            case "varchar" -> {
                if (tokens.accept(Type.LEFT_PAREN)) {
                    tokens.expect(Type.INTEGER, "the length of VARCHAR");
                    tokens.expect(Type.RIGHT_PAREN, "')' after the length of VARCHAR");
                }
                yield DataType.TEXT;
            }
            default -> throw tokens.error(token, "unknown type " + token.text() + ": use " + types);
        };
        //@ end
    }
}
