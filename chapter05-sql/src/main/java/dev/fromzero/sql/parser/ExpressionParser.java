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
        throw new UnsupportedOperationException("TODO(chapter05): enter(), read a prefix, then fold in every operator of level >= minLevel (right operands one level up), entering once more for each; leave them all (docs/chapter05-sql.md#step-2-the-parser)");
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
        throw new UnsupportedOperationException("TODO(chapter05): Give each infix and postfix operator its level from the table; NOT after an operand starts NOT BETWEEN, NOT IN or NOT LIKE (docs/chapter05-sql.md#step-2-the-parser)");
    }

    /** Reads the operator under the cursor, of {@code level}, and its right side, applied to {@code left}. */
    private Expr infix(Expr left, int level) {
        throw new UnsupportedOperationException("TODO(chapter05): Read a binary operator and its right operand at level + 1, or IS [NOT] NULL, [NOT] BETWEEN .. AND .., [NOT] IN (..), [NOT] LIKE .. (docs/chapter05-sql.md#step-2-the-parser)");
    }

    /** The rest of {@code left [NOT] BETWEEN|IN|LIKE ...}, {@code keyword} being the token just read. */
    private Expr predicate(Expr left, Token keyword, boolean negated) {
        if (keyword.isKeyword("IN") && subqueries.atQuery()) {
            return subqueries.in(left, negated);
        }
        throw new UnsupportedOperationException("TODO(chapter05): BETWEEN reads two bounds at ADDITIVE level around AND, LIKE a pattern at ADDITIVE level, IN a parenthesized list (docs/chapter05-sql.md#step-2-the-parser)");
    }

    /** What starts an operand: NOT, a sign, or a primary. */
    private Expr prefix() {
        throw new UnsupportedOperationException("TODO(chapter05): NOT reads its operand at level NOT, - and + at level UNARY; a - right before a number is folded into the literal (docs/chapter05-sql.md#step-2-the-parser)");
    }

    /** A literal, a column, a call, a CASE, a CAST, or an expression in parentheses. */
    private Expr primary() {
        if (tokens.at(Type.PARAMETER)) {
            return parameter(tokens.next());
        }
        if (subqueries.atSubquery()) {
            return subqueries.subquery();
        }
        throw new UnsupportedOperationException("TODO(chapter05): Read a literal, a (possibly qualified) column, a call, CASE, CAST or ( expression ); anything else is \"expected an expression\" (docs/chapter05-sql.md#step-2-the-parser)");
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
        throw new UnsupportedOperationException("TODO(chapter05): An INTEGER token is a 64-bit Int (out of range is an error at the token), a DECIMAL a Float (infinite is an error) (docs/chapter05-sql.md#step-2-the-parser)");
    }

    /** {@code name(args)}, {@code name(*)} or {@code name(DISTINCT args)}, the cursor on the '('. */
    private Expr call(String name) {
        throw new UnsupportedOperationException("TODO(chapter05): Read (*), or ([DISTINCT] arguments separated by commas), or () (docs/chapter05-sql.md#step-2-the-parser)");
    }

    /** {@code CASE [operand] WHEN .. THEN .. [WHEN .. THEN ..]... [ELSE ..] END}. */
    private Expr caseExpression() {
        throw new UnsupportedOperationException("TODO(chapter05): After CASE, an operand unless WHEN follows; then one or more WHEN .. THEN .., an optional ELSE, and END (docs/chapter05-sql.md#step-2-the-parser)");
    }

    /** {@code CAST(expression AS type)}. */
    private Expr cast() {
        throw new UnsupportedOperationException("TODO(chapter05): Read CAST ( expression AS type ) (docs/chapter05-sql.md#step-2-the-parser)");
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
        throw new UnsupportedOperationException("TODO(chapter05): Map a type name to its DataType; VARCHAR may be followed by (n), whose n is read and dropped; any other name is an error at it (docs/chapter05-sql.md#step-2-the-parser)");
    }
}
