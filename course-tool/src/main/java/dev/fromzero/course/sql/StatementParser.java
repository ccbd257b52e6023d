package dev.fromzero.course.sql;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;

/**
 * Tells JLine when the lines typed so far are whole statements: Enter then runs them; before the
 * last {@code ;} (or inside a string or comment), Enter starts a new line of the same statement,
 * with the continuation prompt. A shell command ({@code .quit}) is whole at once.
 */
final class StatementParser implements Parser {

    private final DefaultParser words = new DefaultParser().escapeChars(new char[0]);

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && !line.strip().startsWith(".") && !Statements.split(line).restBlank()) {
            throw new EOFError(-1, -1, "the statement goes on until its ;", ";");
        }
        return words.parse(line, cursor, context == ParseContext.ACCEPT_LINE ? ParseContext.SPLIT_LINE : context);
    }
}
