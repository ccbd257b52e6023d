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
 * Of a line longer than 100 characters, only the 100 around the error are shown, cut ends marked
 * with "...".
 */
public final class ParseException extends SqlException {

    /** How much of a long source line the message shows, around the error. */
    private static final int WIDTH = 100;

    private final String reason;
    private final int line;
    private final int column;

    /** An error at {@code line} and {@code column} (from 1) of {@code source}, the whole text being read. */
    public ParseException(String reason, String source, int line, int column) {
        super(format(reason, source, line, column), "42601");
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
        int at = column - 1;
        String prefix = "";
        String suffix = "";
        if (text.length() > WIDTH) {
            int from = Math.max(0, Math.min(at - WIDTH / 2, text.length() - WIDTH));
            int to = Math.min(text.length(), from + WIDTH);
            prefix = from > 0 ? "..." : "";
            suffix = to < text.length() ? "..." : "";
            text = text.substring(from, to);
            at -= from;
        }
        StringBuilder caret = new StringBuilder(" ".repeat(prefix.length()));
        for (int i = 0; i < at; i++) {
            caret.append(i < text.length() && text.charAt(i) == '\t' ? '\t' : ' ');
        }
        return "line " + line + ", column " + column + ": " + reason + "\n  " + prefix + text + suffix + "\n  " + caret + "^";
    }

    /** Line {@code line} of {@code source}, lines ending at \n, \r\n or \r; empty past the end. */
    private static String sourceLine(String source, int line) {
        String[] lines = source.split("\r\n|\r|\n", -1);
        return line >= 1 && line <= lines.length ? lines[line - 1] : "";
    }
}
