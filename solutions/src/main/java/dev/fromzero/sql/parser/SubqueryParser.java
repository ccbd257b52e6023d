//@ chapter 5
package dev.fromzero.sql.parser;

import dev.fromzero.sql.parser.Token.Type;
import java.util.function.Supplier;

/**
 * Subqueries inside expressions (part 3, step 14): a whole SELECT in parentheses where an
 * operand may stand, after EXISTS, or as the list of IN.
 *
 * <pre>
 *   primary   := '(' SELECT ... ')'            a scalar subquery
 *              | EXISTS '(' SELECT ... ')'
 *   predicate := operand [NOT] IN '(' SELECT ... ')'
 * </pre>
 *
 * {@code NOT EXISTS (...)} needs nothing of its own: NOT is the prefix operator of step 2 applied
 * to an EXISTS. The SELECT inside is read by the parser's own SELECT method, handed in as
 * {@code select}, so a subquery is any query, nested subqueries included, and its {@code ?}
 * parameters are numbered with the rest of the statement's. Whether the query's names exist, and
 * which query they belong to, is the planner's question.
 *
 * <p>Given code: the parser's tests of step 2 feed it any text, so it must answer every text with
 * a tree or a ParseException before step 14 is begun.
 */
final class SubqueryParser {

    private final Tokens tokens;
    private final Supplier<Statement.Select> select;

    /** @param select reads a SELECT statement, the cursor on its SELECT */
    SubqueryParser(Tokens tokens, Supplier<Statement.Select> select) {
        this.tokens = tokens;
        this.select = select;
    }

    /** Whether an operand that is a subquery starts under the cursor: {@code ( SELECT} or EXISTS. */
    boolean atSubquery() {
        return atQuery() || tokens.atKeyword("EXISTS");
    }

    /** Whether {@code ( SELECT} is under the cursor, as after IN for a subquery rather than a list. */
    boolean atQuery() {
        return tokens.at(Type.LEFT_PAREN) && tokens.peek(1).isKeyword("SELECT");
    }

    /** The subquery under the cursor, where {@link #atSubquery()} said one starts. */
    Expr subquery() {
        if (tokens.acceptKeyword("EXISTS")) {
            return new Expr.Exists(query("EXISTS"));
        }
        return new Expr.Subquery(query("the subquery"));
    }

    /** The rest of {@code operand [NOT] IN ( SELECT ... )}, the cursor on the '('. */
    Expr in(Expr operand, boolean negated) {
        return new Expr.InSubquery(operand, query("IN"), negated);
    }

    /** {@code ( SELECT ... )}, after {@code what}. */
    private Statement.Select query(String what) {
        Token open = tokens.expect(Type.LEFT_PAREN, "'(' after " + what);
        if (!tokens.atKeyword("SELECT")) {
            throw tokens.expected("SELECT in the parentheses after " + what);
        }
        Statement.Select query = select.get();
        tokens.expect(Type.RIGHT_PAREN, "')' to close the subquery at line " + open.line() + ", column "
                + open.column());
        return query;
    }
}
