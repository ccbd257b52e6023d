package dev.fromzero.sql.parser;

import dev.fromzero.sql.parser.Token.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (column [ASC | DESC], ...)} and
 * {@code DROP INDEX [IF EXISTS] name}.
 *
 * <p>INDEX and ON are read as words, whether or not the lexer makes them keywords: part 1 did not
 * reserve them, and reserving a word breaks every schema that used it as a name. A column named
 * twice in one index is refused here, where its position is known; whether the table and its
 * columns exist is for the catalog.
 */
final class IndexParser {

    private final Tokens tokens;

    IndexParser(Tokens tokens) {
        this.tokens = tokens;
    }

    /** Whether the tokens under the cursor start CREATE [UNIQUE] INDEX or DROP INDEX. */
    static boolean startsIndexStatement(Tokens tokens) {
        if (tokens.atKeyword("DROP")) {
            return isWord(tokens.peek(1), "INDEX");
        }
        if (!tokens.atKeyword("CREATE")) {
            return false;
        }
        Token next = tokens.peek(1);
        return isWord(next, "INDEX") || next.isKeyword("UNIQUE") && isWord(tokens.peek(2), "INDEX");
    }

    /** The CREATE INDEX or DROP INDEX under the cursor. */
    Statement statement() {
        throw new UnsupportedOperationException("TODO(chapter05): Read CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (columns) or DROP INDEX [IF EXISTS] name (docs/chapter05-sql.md#step-9-indexes)");
    }

    /** Reads the ASC or DESC under the cursor, after an indexed column: true for DESC. */
    private boolean descending() {
        throw new UnsupportedOperationException("TODO(chapter05): Read the ASC or DESC under the cursor; say whether it was DESC (docs/chapter05-sql.md#step-16-bonus-descending-and-multi-column-indexes)");
    }

    private void expectWord(String word, String what) {
        if (!isWord(tokens.peek(), word)) {
            throw tokens.expected(what);
        }
        tokens.next();
    }

    /** Whether {@code token} is {@code word} (upper case), as a keyword or as a name. */
    private static boolean isWord(Token token, String word) {
        return token.isKeyword(word) || token.type() == Type.IDENTIFIER && token.text().equalsIgnoreCase(word);
    }
}
