//@ chapter 5
package dev.fromzero.sql.parser;

import dev.fromzero.sql.parser.Token.Type;

/**
 * The FROM clause: tables with optional aliases, joined by commas or JOINs, grouping to the left.
 *
 * <pre>
 *   from  := table { ( ',' | CROSS JOIN ) table
 *                  | [INNER | LEFT [OUTER] | RIGHT [OUTER] | FULL [OUTER]] JOIN table ON expression }
 *   table := name [[AS] alias]
 * </pre>
 *
 * A JOIN other than CROSS needs its ON (PostgreSQL's rule; SQLite would read a missing ON as a
 * cross join, which is more often a forgotten condition than a wish). Given code: the parser of
 * step 2 calls it; joins themselves are step 7.
 */
final class FromParser {

    private final Tokens tokens;
    private final ExpressionParser expressions;

    FromParser(Tokens tokens, ExpressionParser expressions) {
        this.tokens = tokens;
        this.expressions = expressions;
    }

    /** Everything after FROM, up to the next clause. */
    TableRef from() {
        TableRef from = table();
        while (true) {
            if (tokens.accept(Type.COMMA)) {
                from = new TableRef.Join(from, table(), TableRef.JoinType.CROSS, null);
            } else if (tokens.acceptKeyword("CROSS")) {
                tokens.expectKeyword("JOIN", "JOIN after CROSS");
                from = new TableRef.Join(from, table(), TableRef.JoinType.CROSS, null);
            } else {
                TableRef.JoinType type = joinType();
                if (type == null) {
                    return from;
                }
                TableRef right = table();
                tokens.expectKeyword("ON", "ON and the join's condition after the joined table");
                from = new TableRef.Join(from, right, type, expressions.expression());
            }
        }
    }

    /** The type of the JOIN under the cursor, moving past its keywords; null if no JOIN starts here. */
    private TableRef.JoinType joinType() {
        TableRef.JoinType type;
        if (tokens.acceptKeyword("JOIN")) {
            return TableRef.JoinType.INNER;
        } else if (tokens.acceptKeyword("INNER")) {
            type = TableRef.JoinType.INNER;
        } else if (tokens.acceptKeyword("LEFT")) {
            type = TableRef.JoinType.LEFT;
        } else if (tokens.acceptKeyword("RIGHT")) {
            type = TableRef.JoinType.RIGHT;
        } else if (tokens.acceptKeyword("FULL")) {
            type = TableRef.JoinType.FULL;
        } else {
            return null;
        }
        if (type != TableRef.JoinType.INNER) {
            tokens.acceptKeyword("OUTER");
        }
        tokens.expectKeyword("JOIN", "JOIN after " + type + (type == TableRef.JoinType.INNER ? "" : " [OUTER]"));
        return type;
    }

    private TableRef.Table table() {
        String name = tokens.name("a table name");
        if (tokens.acceptKeyword("AS")) {
            return new TableRef.Table(name, tokens.name("an alias after AS"));
        }
        return new TableRef.Table(name, tokens.at(Type.IDENTIFIER) ? tokens.next().text() : null);
    }
}
