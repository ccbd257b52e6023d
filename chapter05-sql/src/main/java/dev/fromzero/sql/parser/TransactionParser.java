package dev.fromzero.sql.parser;

import dev.fromzero.sql.parser.Token.Type;

/**
 * The statements that open and end transactions, and VACUUM:
 *
 * <pre>
 *   BEGIN [TRANSACTION | WORK] [READ ONLY | READ WRITE]
 *   START TRANSACTION [READ ONLY | READ WRITE]
 *   COMMIT [TRANSACTION | WORK]
 *   ROLLBACK [TRANSACTION | WORK]
 *   VACUUM
 * </pre>
 *
 * <p>None of these words is a keyword (a column may be called {@code read} or {@code start}): each
 * is an identifier that means something only where a statement begins, where no other statement
 * has a name.
 */
final class TransactionParser {

    private final Tokens tokens;

    private TransactionParser(Tokens tokens) {
        this.tokens = tokens;
    }

    /** The transaction statement under the cursor, read to its end; null, reading nothing, if there is none. */
    static Statement statement(Tokens tokens) {
        Token first = tokens.peek();
        if (first.type() != Type.IDENTIFIER) {
            return null;
        }
        TransactionParser parser = new TransactionParser(tokens);
        return switch (first.text()) {
            case "begin" -> parser.begin(false);
            case "start" -> parser.begin(true);
            case "commit" -> {
                tokens.next();
                parser.acceptNoise();
                yield new Statement.Commit();
            }
            case "rollback" -> {
                tokens.next();
                parser.acceptNoise();
                yield new Statement.Rollback();
            }
            case "vacuum" -> {
                tokens.next();
                yield new Statement.Vacuum();
            }
            default -> null;
        };
    }

    private Statement begin(boolean start) {
        tokens.next();
        if (start) {
            word("transaction", "TRANSACTION after START");
        } else {
            acceptNoise();
        }
        boolean readOnly = false;
        if (acceptWord("read")) {
            if (acceptWord("only")) {
                readOnly = true;
            } else {
                word("write", "ONLY or WRITE after READ");
            }
        }
        return new Statement.Begin(readOnly);
    }

    /** The optional TRANSACTION or WORK after BEGIN, COMMIT and ROLLBACK. */
    private void acceptNoise() {
        if (!acceptWord("transaction")) {
            acceptWord("work");
        }
    }

    private boolean acceptWord(String word) {
        if (tokens.at(Type.IDENTIFIER) && tokens.peek().text().equals(word)) {
            tokens.next();
            return true;
        }
        return false;
    }

    private void word(String word, String what) {
        if (!acceptWord(word)) {
            throw tokens.expected(what);
        }
    }
}
