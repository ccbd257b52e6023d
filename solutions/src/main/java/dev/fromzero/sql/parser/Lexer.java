//@ chapter 5
package dev.fromzero.sql.parser;

import dev.fromzero.sql.parser.Token.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns SQL text into tokens, each with its line and column, so that the parser can say where an
 * error is. One pass, one character of lookahead (two for {@code --}, {@code /*} and {@code .5}),
 * no backtracking: SQL's tokens are simple enough for a hand-written scanner.
 *
 * <p>Keywords are the words of {@link #KEYWORDS}, in any case; every other word is an identifier,
 * lower-cased, so that {@code Users} and {@code USERS} name the same table. Type names (INTEGER,
 * TEXT, ...) are not keywords: a column may be called {@code text}. Whitespace and comments
 * ({@code -- to the end of the line} and {@code /* ... *}{@code /}, not nested) separate tokens
 * and are dropped.
 */
public final class Lexer {

    /** The reserved words, in upper case: a word among these is a {@link Type#KEYWORD}, never a name. */
    public static final Set<String> KEYWORDS = Set.of(
            "ALL", "AND", "AS", "ASC", "BETWEEN", "BY", "CASE", "CAST", "CREATE", "DEFAULT", "DELETE",
            "DESC", "DISTINCT", "DROP", "ELSE", "END", "EXISTS", "FALSE", "FROM", "GROUP", "HAVING", "IF",
            "IN", "INSERT", "INTO", "IS", "KEY", "LIKE", "LIMIT", "NOT", "NULL", "OFFSET", "OR", "ORDER",
            "PRIMARY", "SELECT", "SET", "TABLE", "THEN", "TRUE", "UNIQUE", "UPDATE", "VALUES", "WHEN",
            "WHERE",
            "CROSS", "EXPLAIN", "FULL", "INNER", "JOIN", "LEFT", "ON", "OUTER", "RIGHT",
            "EXCEPT", "INTERSECT", "UNION");

    private final String sql;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;
    private int column = 1;

    private Lexer(String sql) {
        this.sql = sql;
    }

    /**
     * The tokens of {@code sql}, ending with one {@link Type#END} token.
     *
     * @throws ParseException at the first character that starts no token, or at the start of a
     *         string, quoted identifier or comment that is never closed
     */
    public static List<Token> tokenize(String sql) {
        Lexer lexer = new Lexer(sql);
        lexer.scan();
        return List.copyOf(lexer.tokens);
    }

    /**
     * Whether {@code text}'s last token is a {@code ;}: whitespace and comments after it do not
     * count, and a {@code ;} inside a string, a quoted identifier or a comment is not one. A text
     * that ends inside a string, quoted identifier or block comment is not complete. The shell
     * reads lines until this holds; characters that start no token do not matter here (the
     * parser reports them once the statement is complete).
     */
    public static boolean isComplete(String text) {
        //@ todo 5: Scan text as the lexer does, skipping strings, quoted identifiers and comments, and say whether the last token is ';' (docs/chapter05-sql.md#step-1-the-lexer)
        boolean complete = false;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                int close = closingQuote(text, i);
                if (close < 0) {
                    return false;
                }
                i = close + 1;
                complete = false;
            } else if (text.startsWith("--", i)) {
                int newline = text.indexOf('\n', i);
                int cr = text.indexOf('\r', i);
                int eol = newline < 0 ? cr : cr < 0 ? newline : Math.min(newline, cr);
                i = eol < 0 ? n : eol;
            } else if (text.startsWith("/*", i)) {
                int close = text.indexOf("*/", i + 2);
                if (close < 0) {
                    return false;
                }
                i = close + 2;
            } else {
                if (!Character.isWhitespace(c)) {
                    complete = c == ';';
                }
                i++;
            }
        }
        return complete;
        //@ end
    }

    /** The index of the quote that closes the one at {@code open} (a doubled quote is not one), or -1. */
    private static int closingQuote(String text, int open) {
        //@ todo 5: Find the quote that closes the one at open, passing over doubled quotes (docs/chapter05-sql.md#step-1-the-lexer)
        char quote = text.charAt(open);
        int i = open + 1;
        while (i < text.length()) {
            if (text.charAt(i) == quote) {
                if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i;
            }
            i++;
        }
        return -1;
        //@ end
    }

    private void scan() {
        //@ todo 5: Skip whitespace and comments, then read one token at a time until the end, and add the END token (docs/chapter05-sql.md#step-1-the-lexer)
        while (true) {
            skipSpaceAndComments();
            if (pos >= sql.length()) {
                tokens.add(new Token(Type.END, "", line, column, pos, pos));
                return;
            }
            tokens.add(next());
        }
        //@ end
    }

    /** Skips whitespace, {@code -- line comments} and {@code /* block comments *}{@code /}. */
    private void skipSpaceAndComments() {
        //@ todo 5: Skip whitespace, -- comments up to the end of the line, and /* */ comments; an unclosed /* is an error at its start (docs/chapter05-sql.md#step-1-the-lexer)
        while (pos < sql.length()) {
            char c = sql.charAt(pos);
            if (Character.isWhitespace(c)) {
                advance();
            } else if (sql.startsWith("--", pos)) {
                while (pos < sql.length() && sql.charAt(pos) != '\n' && sql.charAt(pos) != '\r') {
                    advance();
                }
            } else if (sql.startsWith("/*", pos)) {
                int startLine = line;
                int startColumn = column;
                int close = sql.indexOf("*/", pos + 2);
                if (close < 0) {
                    throw new ParseException("unterminated comment: this /* is never closed by */", sql, startLine, startColumn);
                }
                while (pos < close + 2) {
                    advance();
                }
            } else {
                return;
            }
        }
        //@ end
    }

    /** Reads the token that starts at {@code pos}, which is not whitespace nor the end. */
    private Token next() {
        if (sql.charAt(pos) == '?' || sql.charAt(pos) == '$') {
            return parameter();
        }
        //@ todo 5: Look at the first character and read a word, a quoted identifier, a string, a number or an operator (docs/chapter05-sql.md#step-1-the-lexer)
        char c = sql.charAt(pos);
        if (isWordStart(c)) {
            return word();
        }
        if (c == '"') {
            return quotedIdentifier();
        }
        if (c == '\'') {
            return string();
        }
        if (isDigit(c) || (c == '.' && pos + 1 < sql.length() && isDigit(sql.charAt(pos + 1)))) {
            return number();
        }
        return operator();
        //@ end
    }

    /** A keyword, or an unquoted identifier (lower-cased). */
    private Token word() {
        //@ todo 5: Read letters, digits and _; a word in KEYWORDS (in any case) is a keyword in upper case, any other an identifier in lower case (docs/chapter05-sql.md#step-1-the-lexer)
        int start = pos;
        int startLine = line;
        int startColumn = column;
        while (pos < sql.length() && isWordPart(sql.charAt(pos))) {
            advance();
        }
        String word = sql.substring(start, pos);
        String upper = word.toUpperCase(Locale.ROOT);
        if (KEYWORDS.contains(upper)) {
            return new Token(Type.KEYWORD, upper, startLine, startColumn, start, pos);
        }
        return new Token(Type.IDENTIFIER, word.toLowerCase(Locale.ROOT), startLine, startColumn, start, pos);
        //@ end
    }

    /** A {@code "quoted identifier"}: its name exactly, {@code ""} read as one {@code "}. */
    private Token quotedIdentifier() {
        int start = pos;
        int startLine = line;
        int startColumn = column;
        String name = quoted('"', "quoted identifier");
        if (name.isEmpty()) {
            throw new ParseException("a quoted identifier cannot be empty", sql, startLine, startColumn);
        }
        return new Token(Type.IDENTIFIER, name, startLine, startColumn, start, pos);
    }

    /** A {@code 'string'}: its value, {@code ''} read as one {@code '}. */
    private Token string() {
        int start = pos;
        int startLine = line;
        int startColumn = column;
        String value = quoted('\'', "string");
        return new Token(Type.STRING, value, startLine, startColumn, start, pos);
    }

    /** Reads from the opening {@code quote} at {@code pos} to its closing one, and returns what is between, undoubled. */
    private String quoted(char quote, String what) {
        //@ todo 5: Read from the opening quote to the closing one, a doubled quote being one quote of the value; an unclosed one is an error at its start (docs/chapter05-sql.md#step-1-the-lexer)
        int startLine = line;
        int startColumn = column;
        advance();
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos >= sql.length()) {
                throw new ParseException("unterminated " + what + ": the " + quote + " here is never closed",
                        sql, startLine, startColumn);
            }
            char c = sql.charAt(pos);
            advance();
            if (c == quote) {
                if (pos < sql.length() && sql.charAt(pos) == quote) {
                    advance();
                } else {
                    return value.toString();
                }
            }
            value.append(c);
        }
        //@ end
    }

    /** An integer ({@code 42}) or a decimal ({@code 4.2}, {@code .5}, {@code 1.}, {@code 1e3}, {@code 2.5E-3}). */
    private Token number() {
        //@ todo 5: Read digits, an optional . and digits, an optional exponent (e or E, a sign, digits); a letter right after the number is an error (docs/chapter05-sql.md#step-1-the-lexer)
        int start = pos;
        int startLine = line;
        int startColumn = column;
        boolean decimal = false;
        skipDigits();
        if (pos < sql.length() && sql.charAt(pos) == '.') {
            decimal = true;
            advance();
            skipDigits();
        }
        if (pos < sql.length() && (sql.charAt(pos) == 'e' || sql.charAt(pos) == 'E')) {
            decimal = true;
            advance();
            if (pos < sql.length() && (sql.charAt(pos) == '+' || sql.charAt(pos) == '-')) {
                advance();
            }
            if (pos >= sql.length() || !isDigit(sql.charAt(pos))) {
                throw new ParseException("the exponent of " + sql.substring(start, pos) + " has no digits",
                        sql, startLine, startColumn);
            }
            skipDigits();
        }
        if (pos < sql.length() && isWordPart(sql.charAt(pos))) {
            throw new ParseException("a number cannot run into a name: put a space after " + sql.substring(start, pos),
                    sql, startLine, startColumn);
        }
        return new Token(decimal ? Type.DECIMAL : Type.INTEGER, sql.substring(start, pos), startLine, startColumn, start, pos);
        //@ end
    }

    /** An operator or punctuation: one character, or two for {@code <= >= <> != ||}. */
    private Token operator() {
        //@ todo 5: Read the longest operator that starts here (<= before <); a character that starts no token is an error (docs/chapter05-sql.md#step-1-the-lexer)
        int start = pos;
        int startLine = line;
        int startColumn = column;
        String two = sql.substring(pos, Math.min(pos + 2, sql.length()));
        Type type = switch (two) {
            case "<=" -> Type.LESS_OR_EQUAL;
            case ">=" -> Type.GREATER_OR_EQUAL;
            case "<>", "!=" -> Type.NOT_EQUAL;
            case "||" -> Type.CONCAT;
            default -> null;
        };
        if (type != null) {
            advance();
            advance();
            return new Token(type, two, startLine, startColumn, start, pos);
        }
        char c = sql.charAt(pos);
        type = switch (c) {
            case '(' -> Type.LEFT_PAREN;
            case ')' -> Type.RIGHT_PAREN;
            case ',' -> Type.COMMA;
            case '.' -> Type.DOT;
            case ';' -> Type.SEMICOLON;
            case '+' -> Type.PLUS;
            case '-' -> Type.MINUS;
            case '*' -> Type.STAR;
            case '/' -> Type.SLASH;
            case '%' -> Type.PERCENT;
            case '=' -> Type.EQUAL;
            case '<' -> Type.LESS;
            case '>' -> Type.GREATER;
            default -> throw new ParseException("unexpected character " + show(c), sql, startLine, startColumn);
        };
        advance();
        return new Token(type, String.valueOf(c), startLine, startColumn, start, pos);
        //@ end
    }

    /**
     * A parameter of a prepared statement (step 12): {@code ?}, numbered by the parser in order, or
     * PostgreSQL's {@code $n}, which names its number. Given code: the step-1 lexer does not read them.
     */
    private Token parameter() {
        int start = pos;
        int startLine = line;
        int startColumn = column;
        advance();
        if (sql.charAt(start) == '$') {
            skipDigits();
            if (pos == start + 1) {
                throw new ParseException("expected a parameter number after '$', as in $1", sql, startLine, startColumn);
            }
        }
        return new Token(Type.PARAMETER, sql.substring(start, pos), startLine, startColumn, start, pos);
    }

    private void skipDigits() {
        while (pos < sql.length() && isDigit(sql.charAt(pos))) {
            advance();
        }
    }

    /** Moves past one character, keeping line and column: a line ends at \n, at \r\n, or at a lone \r. */
    private void advance() {
        char c = sql.charAt(pos++);
        if (c == '\n' || (c == '\r' && (pos >= sql.length() || sql.charAt(pos) != '\n'))) {
            line++;
            column = 1;
        } else {
            column++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isWordPart(char c) {
        return isWordStart(c) || isDigit(c);
    }

    /** A character as an error message shows it: printable ones quoted, others by their code. */
    private static String show(char c) {
        return c >= ' ' && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
