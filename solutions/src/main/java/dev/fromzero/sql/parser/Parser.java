//@ chapter 5
package dev.fromzero.sql.parser;

import java.util.List;

/**
 * The SQL parser's entry points: text in, syntax tree out. Every error is a
 * {@link ParseException} naming the line and column; no input makes it throw anything else.
 */
public final class Parser {

    private Parser() {}

    /** Parses one statement; a trailing {@code ;} is allowed, anything after it is an error. */
    public static Statement parse(String sql) {
        throw new UnsupportedOperationException("sql-parser: the parser lands in the next commit");
    }

    /** Parses every {@code ;}-separated statement of {@code script}, in order; empty statements are skipped. */
    public static List<Statement> parseAll(String script) {
        throw new UnsupportedOperationException("sql-parser: the parser lands in the next commit");
    }

    /** Parses one expression, the whole of {@code sql}. */
    public static Expr parseExpression(String sql) {
        throw new UnsupportedOperationException("sql-parser: the parser lands in the next commit");
    }

    /**
     * Whether {@code text} ends a statement: its last token, ignoring whitespace and comments, is a
     * {@code ;} outside any string, quoted identifier or comment. The shell reads lines until this
     * holds. A text with an error in it (an unknown character) still counts as complete when it
     * ends with {@code ;}, so that the error is reported rather than waited on; an unterminated
     * string or comment is incomplete.
     */
    public static boolean isComplete(String text) {
        throw new UnsupportedOperationException("sql-parser: the parser lands in the next commit");
    }
}
