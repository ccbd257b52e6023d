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
        throw new UnsupportedOperationException("TODO(chapter05): Skip any ';', read a statement, and expect ';' or the end after it, until the end (docs/chapter05-sql.md#step-2-the-parser)");
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
        throw new UnsupportedOperationException("TODO(chapter05): Choose the statement by its first keyword (docs/chapter05-sql.md#step-2-the-parser)");
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
        throw new UnsupportedOperationException("TODO(chapter05): Read DROP TABLE [IF EXISTS] name (docs/chapter05-sql.md#step-2-the-parser)");
    }

    /** {@code INSERT INTO table [(columns)] VALUES (row), ...}, every row as wide as the first and as the column list. */
    private Statement insert() {
        throw new UnsupportedOperationException("TODO(chapter05): Read INSERT INTO table [(columns)] VALUES and rows of expressions or DEFAULT; rows of another width than the first or the column list are an error at their '(' (docs/chapter05-sql.md#step-2-the-parser)");
    }

    /**
     * {@code SELECT [DISTINCT | ALL] items [FROM tables and joins] [WHERE e] [GROUP BY e, ...]
     * [HAVING e] [ORDER BY e [ASC|DESC] [NULLS FIRST|LAST], ...] [LIMIT e] [OFFSET e]}.
     */
    private Statement select() {
        throw new UnsupportedOperationException("TODO(chapter05): Read SELECT and each clause in its order, each one optional but the items (docs/chapter05-sql.md#step-2-the-parser)");
    }

    /** {@code *}, {@code t.*}, or an expression with an optional alias and the text it was written as. */
    private SelectItem selectItem() {
        throw new UnsupportedOperationException("TODO(chapter05): Read * or t.* (look two tokens ahead), or an expression, keeping its source text, with an optional alias (docs/chapter05-sql.md#step-2-the-parser)");
    }

    /** An optional alias: {@code AS name}, or a bare name; null if there is none. */
    private String alias() {
        throw new UnsupportedOperationException("TODO(chapter05): AS must be followed by a name; without AS, an identifier is the alias (docs/chapter05-sql.md#step-2-the-parser)");
    }

    /** {@code e [ASC|DESC] [NULLS FIRST|LAST]}; NULLS, FIRST and LAST are words here, not reserved. */
    private Statement.OrderItem orderItem() {
        throw new UnsupportedOperationException("TODO(chapter05): Read the key, ASC or DESC, and NULLS FIRST or NULLS LAST, which default to NULLs first when ascending (docs/chapter05-sql.md#step-2-the-parser)");
    }

    /** {@code UPDATE table SET column = e, ... [WHERE e]}. */
    private Statement update() {
        throw new UnsupportedOperationException("TODO(chapter05): Read UPDATE table SET column = expression, ... [WHERE expression] (docs/chapter05-sql.md#step-2-the-parser)");
    }

    /** {@code DELETE FROM table [WHERE e]}. */
    private Statement delete() {
        throw new UnsupportedOperationException("TODO(chapter05): Read DELETE FROM table [WHERE expression] (docs/chapter05-sql.md#step-2-the-parser)");
    }
}
