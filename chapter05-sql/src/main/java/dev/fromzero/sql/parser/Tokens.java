package dev.fromzero.sql.parser;

import dev.fromzero.sql.parser.Token.Type;
import java.util.List;

/**
 * The parser's view of the token list: the token under the cursor, moving on, and the one way to
 * fail, {@link #error}, which names the position of a token. Every "expected X, found Y" of the
 * parser is made here, so that all its messages read alike.
 */
final class Tokens {

    private final String sql;
    private final List<Token> tokens;
    private int index;

    Tokens(String sql) {
        this.sql = sql;
        this.tokens = Lexer.tokenize(sql);
    }

    /** The whole text being parsed. */
    String sql() {
        return sql;
    }

    /** The token under the cursor (END at the end: it is never passed). */
    Token peek() {
        return tokens.get(index);
    }

    /** The token {@code ahead} places after the cursor, or END past the end. */
    Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    /** The tokens from {@code first}, one already passed, up to the cursor (not included). */
    List<Token> passedSince(Token first) {
        return tokens.subList(tokens.indexOf(first), index);
    }

    /** The token just passed; only after at least one {@link #next()}. */
    Token previous() {
        return tokens.get(index - 1);
    }

    /** Returns the token under the cursor and moves past it (never past END). */
    Token next() {
        Token token = tokens.get(index);
        if (token.type() != Type.END) {
            index++;
        }
        return token;
    }

    boolean at(Type type) {
        return peek().type() == type;
    }

    boolean atKeyword(String keyword) {
        return peek().isKeyword(keyword);
    }

    /** Moves past the token under the cursor if it is of {@code type}, and says whether it did. */
    boolean accept(Type type) {
        if (at(type)) {
            next();
            return true;
        }
        return false;
    }

    /** Moves past the keyword under the cursor if it is {@code keyword}, and says whether it did. */
    boolean acceptKeyword(String keyword) {
        if (atKeyword(keyword)) {
            next();
            return true;
        }
        return false;
    }

    /** The token under the cursor, which must be of {@code type}: else "expected {@code what}, found ...". */
    Token expect(Type type, String what) {
        if (!at(type)) {
            throw expected(what);
        }
        return next();
    }

    /** Moves past {@code keyword}, which must be under the cursor: else "expected {@code what}, found ...". */
    void expectKeyword(String keyword, String what) {
        if (!atKeyword(keyword)) {
            throw expected(what);
        }
        next();
    }

    /** A name: an identifier, whose text is the name. */
    String name(String what) {
        return expect(Type.IDENTIFIER, what).text();
    }

    /** "expected {@code what}, found ..." at the token under the cursor. */
    ParseException expected(String what) {
        return error(peek(), "expected " + what + ", found " + peek().describe());
    }

    /** An error at {@code token}'s position. */
    ParseException error(Token token, String reason) {
        return new ParseException(reason, sql, token.line(), token.column());
    }
}
