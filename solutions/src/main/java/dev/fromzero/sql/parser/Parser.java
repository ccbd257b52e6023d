//@ chapter 5
package dev.fromzero.sql.parser;

import dev.fromzero.sql.parser.Token.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL parser: text in, syntax tree out, by recursive descent. Each statement has a method that
 * reads it from its first keyword, one token at a time, never looking back; expressions are left
 * to {@link ExpressionParser}, CREATE TABLE to {@link CreateTableParser}, CREATE INDEX and DROP
 * INDEX to {@link IndexParser}, and a query, one SELECT or a compound of several (step 15), to
 * {@link CompoundParser}, which reads each SELECT with this class's.
 *
 * <p>Every error is a {@link ParseException} at the token where the text stopped making sense,
 * saying what was expected there and what was found. No input makes the parser throw anything
 * else, however malformed or deeply nested.
 */
public final class Parser {

    private final Tokens tokens;
    private final ExpressionParser expressions;

    private Parser(String sql) {
        this.tokens = new Tokens(sql);
        this.expressions = new ExpressionParser(tokens, () -> (Statement.Select) select());
    }

    /** Parses one statement; a trailing {@code ;} is allowed, anything after it is an error. */
    public static Statement parse(String sql) {
        Parser parser = new Parser(sql);
        Statement statement = parser.statement();
        parser.tokens.accept(Type.SEMICOLON);
        if (!parser.tokens.at(Type.END)) {
            throw parser.tokens.expected("end of input after the statement");
        }
        return statement;
    }

    /** Parses every {@code ;}-separated statement of {@code script}, in order; empty statements are skipped. */
    public static List<Statement> parseAll(String script) {
        Parser parser = new Parser(script);
        //@ todo 5: Skip any ';', read a statement, and expect ';' or the end after it, until the end (docs/chapter05-sql.md#step-2-the-parser)
        List<Statement> statements = new ArrayList<>();
        while (true) {
            while (parser.tokens.accept(Type.SEMICOLON)) {
                // an empty statement
            }
            if (parser.tokens.at(Type.END)) {
                return statements;
            }
            statements.add(parser.statement());
            if (!parser.tokens.at(Type.END)) {
                parser.tokens.expect(Type.SEMICOLON, "';' after the statement");
            }
        }
        //@ end
    }

    /** Parses one expression, the whole of {@code sql}. */
    public static Expr parseExpression(String sql) {
        Parser parser = new Parser(sql);
        Expr expr = parser.expressions.expression();
        if (!parser.tokens.at(Type.END)) {
            throw parser.tokens.expected("end of input after the expression");
        }
        return expr;
    }

    /** Whether {@code text} ends with a {@code ;} outside strings and comments: see {@link Lexer#isComplete}. */
    public static boolean isComplete(String text) {
        return Lexer.isComplete(text);
    }

    private Statement statement() {
        Statement transaction = TransactionParser.statement(tokens);
        if (transaction != null) {
            return transaction;
        }
        if (IndexParser.startsIndexStatement(tokens)) {
            return new IndexParser(tokens).statement();
        }
        if (tokens.atKeyword("SELECT")) {
            return query();
        }
        //@ todo 5: Choose the statement by its first keyword (docs/chapter05-sql.md#step-2-the-parser)
        Token first = tokens.peek();
        if (first.type() == Type.KEYWORD) {
            switch (first.text()) {
                case "INSERT":
                    return insert();
                case "UPDATE":
                    return update();
                case "DELETE":
                    return delete();
                case "CREATE":
                    return new CreateTableParser(tokens, expressions).createTable();
                case "DROP":
                    return dropTable();
                case "EXPLAIN":
                    return explain();
                default:
                    break;
            }
        }
        throw tokens.expected("a statement (SELECT, INSERT, UPDATE, DELETE, CREATE TABLE, DROP TABLE or EXPLAIN)");
        //@ end
    }

    /** {@code EXPLAIN query}: the plan of the query instead of its rows. */
    private Statement explain() {
        tokens.expectKeyword("EXPLAIN", "EXPLAIN");
        if (!tokens.atKeyword("SELECT")) {
            throw tokens.expected("SELECT after EXPLAIN");
        }
        return new Statement.Explain(query());
    }

    /** A SELECT, or a compound query whose members are SELECTs. */
    private Statement query() {
        return new CompoundParser(tokens, () -> (Statement.Select) select()).query();
    }

    /** {@code DROP TABLE [IF EXISTS] name}. */
    private Statement dropTable() {
        //@ todo 5: Read DROP TABLE [IF EXISTS] name (docs/chapter05-sql.md#step-2-the-parser)
        tokens.expectKeyword("DROP", "DROP");
        tokens.expectKeyword("TABLE", "TABLE after DROP");
        boolean ifExists = tokens.acceptKeyword("IF");
        if (ifExists) {
            tokens.expectKeyword("EXISTS", "EXISTS after IF");
        }
        return new Statement.DropTable(tokens.name("a table name"), ifExists);
        //@ end
    }

    /** {@code INSERT INTO table [(columns)] VALUES (row), ...}, every row as wide as the first and as the column list. */
    private Statement insert() {
        //@ todo 5: Read INSERT INTO table [(columns)] VALUES and rows of expressions or DEFAULT; rows of another width than the first or the column list are an error at their '(' (docs/chapter05-sql.md#step-2-the-parser)
        tokens.expectKeyword("INSERT", "INSERT");
        tokens.expectKeyword("INTO", "INTO after INSERT");
        String table = tokens.name("a table name");
        List<String> columns = new ArrayList<>();
        if (tokens.accept(Type.LEFT_PAREN)) {
            do {
                Token name = tokens.expect(Type.IDENTIFIER, "a column name");
                if (columns.contains(name.text())) {
                    throw tokens.error(name, "column " + name.text() + " is named twice in the column list");
                }
                columns.add(name.text());
            } while (tokens.accept(Type.COMMA));
            tokens.expect(Type.RIGHT_PAREN, "')' after the column list");
        }
        tokens.expectKeyword("VALUES", "VALUES");
        List<List<Expr>> rows = new ArrayList<>();
        do {
            Token open = tokens.expect(Type.LEFT_PAREN, "'(' to start a row of VALUES");
            List<Expr> row = new ArrayList<>();
            do {
                row.add(tokens.acceptKeyword("DEFAULT") ? new Expr.Default() : expressions.expression());
            } while (tokens.accept(Type.COMMA));
            tokens.expect(Type.RIGHT_PAREN, "')' after the values of the row");
            if (!columns.isEmpty() && row.size() != columns.size()) {
                throw tokens.error(open, "this row has " + row.size() + " values for " + columns.size() + " columns");
            }
            if (!rows.isEmpty() && row.size() != rows.get(0).size()) {
                throw tokens.error(open, "this row has " + row.size() + " values, the first row has " + rows.get(0).size());
            }
            rows.add(row);
        } while (tokens.accept(Type.COMMA));
        return new Statement.Insert(table, columns, rows);
        //@ end
    }

    /**
     * {@code SELECT [DISTINCT | ALL] items [FROM tables and joins] [WHERE e] [GROUP BY e, ...]
     * [HAVING e] [ORDER BY e [ASC|DESC] [NULLS FIRST|LAST], ...] [LIMIT e] [OFFSET e]}.
     */
    private Statement select() {
        //@ todo 5: Read SELECT and each clause in its order, each one optional but the items (docs/chapter05-sql.md#step-2-the-parser)
        tokens.expectKeyword("SELECT", "SELECT");
        boolean distinct = tokens.acceptKeyword("DISTINCT");
        if (!distinct) {
            tokens.acceptKeyword("ALL");
        }
        List<SelectItem> items = new ArrayList<>();
        do {
            items.add(selectItem());
        } while (tokens.accept(Type.COMMA));
        TableRef from = null;
        if (tokens.acceptKeyword("FROM")) {
            from = new FromParser(tokens, expressions).from();
        }
        Expr where = tokens.acceptKeyword("WHERE") ? expressions.expression() : null;
        List<Expr> groupBy = List.of();
        if (tokens.acceptKeyword("GROUP")) {
            tokens.expectKeyword("BY", "BY after GROUP");
            groupBy = expressions.list();
        }
        Expr having = tokens.acceptKeyword("HAVING") ? expressions.expression() : null;
        List<Statement.OrderItem> orderBy = new ArrayList<>();
        if (tokens.acceptKeyword("ORDER")) {
            tokens.expectKeyword("BY", "BY after ORDER");
            do {
                orderBy.add(orderItem());
            } while (tokens.accept(Type.COMMA));
        }
        Expr limit = tokens.acceptKeyword("LIMIT") ? expressions.expression() : null;
        Expr offset = tokens.acceptKeyword("OFFSET") ? expressions.expression() : null;
        return new Statement.Select(distinct, items, from, where, groupBy, having, orderBy, limit, offset);
        //@ end
    }

    /** {@code *}, {@code t.*}, or an expression with an optional alias and the text it was written as. */
    private SelectItem selectItem() {
        //@ todo 5: Read * or t.* (look two tokens ahead), or an expression, keeping its source text, with an optional alias (docs/chapter05-sql.md#step-2-the-parser)
        if (tokens.accept(Type.STAR)) {
            return new SelectItem.AllColumns(null);
        }
        if (tokens.at(Type.IDENTIFIER) && tokens.peek(1).type() == Type.DOT && tokens.peek(2).type() == Type.STAR) {
            String table = tokens.next().text();
            tokens.next();
            tokens.next();
            return new SelectItem.AllColumns(table);
        }
        Token first = tokens.peek();
        Expr expr = expressions.expression();
        String text = tokens.sql().substring(first.offset(), tokens.previous().end());
        return new SelectItem.Expression(expr, alias(), text);
        //@ end
    }

    /** An optional alias: {@code AS name}, or a bare name; null if there is none. */
    private String alias() {
        //@ todo 5: AS must be followed by a name; without AS, an identifier is the alias (docs/chapter05-sql.md#step-2-the-parser)
        if (tokens.acceptKeyword("AS")) {
            return tokens.name("an alias after AS");
        }
        return tokens.at(Type.IDENTIFIER) ? tokens.next().text() : null;
        //@ end
    }

    /** {@code e [ASC|DESC] [NULLS FIRST|LAST]}; NULLS, FIRST and LAST are words here, not reserved. */
    private Statement.OrderItem orderItem() {
        //@ todo 5: Read the key, ASC or DESC, and NULLS FIRST or NULLS LAST, which default to NULLs first when ascending (docs/chapter05-sql.md#step-2-the-parser)
        Expr expr = expressions.expression();
        boolean descending = tokens.acceptKeyword("DESC");
        if (!descending) {
            tokens.acceptKeyword("ASC");
        }
        boolean nullsFirst = !descending;
        if (tokens.at(Type.IDENTIFIER) && tokens.peek().text().equals("nulls")) {
            tokens.next();
            Token placement = tokens.peek();
            if (placement.type() == Type.IDENTIFIER && placement.text().equals("first")) {
                nullsFirst = true;
            } else if (placement.type() == Type.IDENTIFIER && placement.text().equals("last")) {
                nullsFirst = false;
            } else {
                throw tokens.expected("FIRST or LAST after NULLS");
            }
            tokens.next();
        }
        return new Statement.OrderItem(expr, descending, nullsFirst);
        //@ end
    }

    /** {@code UPDATE table SET column = e, ... [WHERE e]}. */
    private Statement update() {
        //@ todo 5: Read UPDATE table SET column = expression, ... [WHERE expression] (docs/chapter05-sql.md#step-2-the-parser)
        tokens.expectKeyword("UPDATE", "UPDATE");
        String table = tokens.name("a table name");
        tokens.expectKeyword("SET", "SET after the table name");
        List<Statement.Assignment> set = new ArrayList<>();
        do {
            String column = tokens.name("a column name");
            tokens.expect(Type.EQUAL, "'=' after the column name");
            set.add(new Statement.Assignment(column, expressions.expression()));
        } while (tokens.accept(Type.COMMA));
        Expr where = tokens.acceptKeyword("WHERE") ? expressions.expression() : null;
        return new Statement.Update(table, set, where);
        //@ end
    }

    /** {@code DELETE FROM table [WHERE e]}. */
    private Statement delete() {
        //@ todo 5: Read DELETE FROM table [WHERE expression] (docs/chapter05-sql.md#step-2-the-parser)
        tokens.expectKeyword("DELETE", "DELETE");
        tokens.expectKeyword("FROM", "FROM after DELETE");
        String table = tokens.name("a table name");
        Expr where = tokens.acceptKeyword("WHERE") ? expressions.expression() : null;
        return new Statement.Delete(table, where);
        //@ end
    }
}
