package dev.fromzero.sql.parser;

import dev.fromzero.sql.SqlException;

/**
 * A syntax error, with where it is. The message reads
 *
 * <pre>
 * line 3, column 14: expected ')' after the column list, found FROM
 *   b INTEGER FROM
 *             ^
 * </pre>
 *
 * that is: the position and the reason on the first line, then the source line, then a caret
 * under the column. The source line is indented by two spaces, and the caret line copies the
 * tabs of the source line so that the caret stays under its character however tabs are shown.
 */
public final class ParseException extends SqlException {

    private final String reason;
    private final int line;
    private final int column;

    /** An error at {@code line} and {@code column} (from 1) of {@code source}, the whole text being read. */
    public ParseException(String reason, String source, int line, int column) {
        super(format(reason, source, line, column));
        this.reason = reason;
        this.line = line;
        this.column = column;
    }

    /** What is wrong, without the position: {@code expected ')' after the column list, found FROM}. */
    public String reason() {
        return reason;
    }

    /** The line of the error, from 1. */
    public int line() {
        return line;
    }

    /** The column of the error, from 1. */
    public int column() {
        return column;
    }

    private static String format(String reason, String source, int line, int column) {
        String text = sourceLine(source, line);
        StringBuilder caret = new StringBuilder();
        for (int i = 0; i < column - 1; i++) {
            caret.append(i < text.length() && text.charAt(i) == '\t' ? '\t' : ' ');
        }
        return "line " + line + ", column " + column + ": " + reason + "\n  " + text + "\n  " + caret + "^";
    }

    /** Line {@code line} of {@code source}, lines ending at \n, \r\n or \r; empty past the end. */
    private static String sourceLine(String source, int line) {
        String[] lines = source.split("\r\n|\r|\n", -1);
        return line >= 1 && line <= lines.length ? lines[line - 1] : "";
    }
}
