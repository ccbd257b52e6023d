package dev.fromzero.course.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts SQL text into statements at each {@code ;} that ends one: not a {@code ;} inside a string
 * literal ({@code 'it''s'}), a quoted identifier ({@code "a;b"}), a {@code --} comment or a
 * {@code /* *}{@code /} comment. The shell uses it to know when what was typed is a whole
 * statement, before the engine's own lexer sees it: so the shell works before a learner's lexer
 * does, and the engine still gets one statement at a time.
 */
public final class Statements {

    /**
     * One statement, from its first token (comments before it are not part of it) to before its
     * {@code ;}; {@code line} is the line of the text it starts on, from 1.
     */
    public record Statement(String sql, int line) {
    }

    /** The complete statements of a text, and what follows the last {@code ;}; {@code restBlank}: only space and comments. */
    public record Split(List<Statement> statements, String rest, int restLine, boolean restBlank) {
    }

    private enum State { CODE, STRING, IDENTIFIER, LINE_COMMENT, BLOCK_COMMENT }

    private Statements() {
    }

    public static Split split(String text) {
        List<Statement> statements = new ArrayList<>();
        State state = State.CODE;
        int start = 0;
        int line = 1;
        int startLine = -1; // the line of the current statement's first token; -1: none yet
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : '\0';
            switch (state) {
                case CODE -> {
                    if (c == ';') {
                        if (startLine >= 0) {
                            statements.add(new Statement(text.substring(start, i).strip(), startLine));
                        }
                        start = i + 1;
                        startLine = -1;
                    } else if (c == '-' && next == '-') {
                        state = State.LINE_COMMENT;
                        i++;
                    } else if (c == '/' && next == '*') {
                        state = State.BLOCK_COMMENT;
                        i++;
                    } else if (!Character.isWhitespace(c)) {
                        if (startLine < 0) {
                            startLine = line;
                            start = i;
                        }
                        state = c == '\'' ? State.STRING : c == '"' ? State.IDENTIFIER : State.CODE;
                    }
                }
                case STRING -> state = c == '\'' ? State.CODE : State.STRING; // '' closes and reopens
                case IDENTIFIER -> state = c == '"' ? State.CODE : State.IDENTIFIER;
                case LINE_COMMENT -> state = c == '\n' ? State.CODE : State.LINE_COMMENT;
                case BLOCK_COMMENT -> {
                    if (c == '*' && next == '/') {
                        state = State.CODE;
                        i++;
                    }
                }
            }
            if (c == '\n') {
                line++;
            }
        }
        boolean blank = startLine < 0 && state != State.BLOCK_COMMENT; // an open comment goes on
        return new Split(statements, blank ? "" : text.substring(start), startLine < 0 ? line : startLine, blank);
    }
}
