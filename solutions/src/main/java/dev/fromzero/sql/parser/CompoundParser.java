//@ chapter 5
package dev.fromzero.sql.parser;

import dev.fromzero.sql.parser.Token.Type;
import java.util.List;
import java.util.function.Supplier;

/**
 * A query (step 15): one SELECT, or a compound query, SELECTs joined by the set operators
 * {@code UNION}, {@code UNION ALL}, {@code EXCEPT} and {@code INTERSECT}, then one ORDER BY,
 * LIMIT and OFFSET for the whole result.
 *
 * <p>The operators have one precedence and bind from the left, as in SQLite, whose answers part
 * 3's corpus holds: {@code a UNION b INTERSECT c} is {@code (a UNION b) INTERSECT c}. The SQL
 * standard and PostgreSQL bind INTERSECT tighter ({@code a UNION (b INTERSECT c)}); the two
 * readings differ only where INTERSECT follows another operator. The loop reads a chain of any
 * length without recursion, so a long chain cannot overflow the stack.
 *
 * <p>Each member is read by the parser's SELECT (step 2), which reads an ORDER BY, LIMIT and
 * OFFSET too. The last member's are moved to the compound, where they sort and cut the whole
 * result; any other member's are an error at their first keyword, as in SQLite (PostgreSQL takes
 * them only inside parentheses, which this grammar does not have).
 */
final class CompoundParser {

    private final Tokens tokens;
    private final Supplier<Statement.Select> select;

    /** @param select reads one SELECT at the cursor, with its ORDER BY, LIMIT and OFFSET */
    CompoundParser(Tokens tokens, Supplier<Statement.Select> select) {
        this.tokens = tokens;
        this.select = select;
    }

    /** The SELECT or compound query under the cursor. */
    Statement query() {
        Token start = tokens.peek();
        Statement.Select first = select.get();
        return atOperator() ? compound(first, start) : first;
    }

    /** Whether a set operator is under the cursor. */
    private boolean atOperator() {
        return tokens.atKeyword("UNION") || tokens.atKeyword("EXCEPT") || tokens.atKeyword("INTERSECT");
    }

    /** The compound whose first member, {@code first}, was written from {@code start}; a set operator is under the cursor. */
    private Statement compound(Statement.Select first, Token start) {
        //@ todo 5: Read operator and SELECT pairs into a tree leaning left; the last SELECT's ORDER BY, LIMIT and OFFSET go to the compound, any other's are an error (docs/chapter05-sql.md#step-15-bonus-compound-queries)
        Statement left = first;
        Statement.Select member = first;
        Token memberStart = start;
        while (true) {
            refuseOrderingBefore(member, memberStart);
            Statement.SetOperator operator = operator();
            memberStart = tokens.peek();
            member = select.get();
            if (!atOperator()) {
                Statement.Select last = new Statement.Select(member.distinct(), member.items(), member.from(),
                        member.where(), member.groupBy(), member.having(), List.of(), null, null);
                return new Statement.Compound(left, operator, last, member.orderBy(), member.limit(), member.offset());
            }
            left = new Statement.Compound(left, operator, member, List.of(), null, null);
        }
        //@ end
    }

    /** Reads UNION [ALL], EXCEPT or INTERSECT. */
    private Statement.SetOperator operator() {
        if (tokens.acceptKeyword("UNION")) {
            return tokens.acceptKeyword("ALL") ? Statement.SetOperator.UNION_ALL : Statement.SetOperator.UNION;
        }
        if (tokens.acceptKeyword("EXCEPT")) {
            return Statement.SetOperator.EXCEPT;
        }
        tokens.expectKeyword("INTERSECT", "UNION, EXCEPT or INTERSECT");
        return Statement.SetOperator.INTERSECT;
    }

    /**
     * Throws if {@code member}, written from {@code start} up to the set operator under the cursor,
     * has an ORDER BY, LIMIT or OFFSET: the error is at its first keyword outside parentheses (the
     * ones inside belong to a subquery).
     */
    private void refuseOrderingBefore(Statement.Select member, Token start) {
        if (member.orderBy().isEmpty() && member.limit() == null && member.offset() == null) {
            return;
        }
        String operator = tokens.peek().text();
        Token clause = tokens.peek();
        int depth = 0;
        for (Token token : tokens.passedSince(start)) {
            if (token.type() == Type.LEFT_PAREN) {
                depth++;
            } else if (token.type() == Type.RIGHT_PAREN) {
                depth--;
            } else if (depth == 0 && (token.isKeyword("ORDER") || token.isKeyword("LIMIT") || token.isKeyword("OFFSET"))) {
                clause = token;
                break;
            }
        }
        String name = clause.isKeyword("ORDER") ? "ORDER BY" : clause.text();
        throw tokens.error(clause, name + " must come after the last SELECT of a compound query, where it applies "
                + "to the whole result, not before " + operator);
    }
}
