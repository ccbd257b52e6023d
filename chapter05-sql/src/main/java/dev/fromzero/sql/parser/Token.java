package dev.fromzero.sql.parser;

/**
 * One token of SQL text, with where it is: {@code line} and {@code column} of its first character
 * count from 1 (a column counts characters, a tab is one; a line ends at \n, \r\n or \r), and
 * {@code offset} and {@code end} are the index of its first character in the text and the index
 * just after its last, so that {@code sql.substring(offset, end)} is the token as written.
 *
 * <p>{@code text} is what the parser needs, not always what was written:
 * <ul>
 *   <li>a {@link Type#KEYWORD}'s text is the keyword in upper case, however it was written;
 *   <li>an {@link Type#IDENTIFIER}'s is its name: lower-cased when unquoted, exact (without the
 *       quotes, {@code ""} read as {@code "}) when quoted; a quoted keyword is an identifier;
 *   <li>a {@link Type#STRING}'s is its value, without the quotes and with {@code ''} read as {@code '};
 *   <li>a number's and an operator's text is as written ({@code !=} and {@code <>} are both {@link Type#NOT_EQUAL});
 *   <li>{@link Type#END} closes every token list, at the position just after the text, with empty text.
 * </ul>
 */
public record Token(Type type, String text, int line, int column, int offset, int end) {

    /** The kinds of token. */
    public enum Type {
        KEYWORD,
        IDENTIFIER,
        STRING,
        /** Digits only: {@code 42}. */
        INTEGER,
        /** A number with a decimal point or an exponent: {@code 1.5}, {@code .5}, {@code 1e3}. */
        DECIMAL,
        LEFT_PAREN,
        RIGHT_PAREN,
        COMMA,
        DOT,
        SEMICOLON,
        PLUS,
        MINUS,
        STAR,
        SLASH,
        PERCENT,
        CONCAT,
        EQUAL,
        NOT_EQUAL,
        LESS,
        LESS_OR_EQUAL,
        GREATER,
        GREATER_OR_EQUAL,
        END,
        /** A parameter of a prepared statement: {@code ?} or {@code $1}, {@code $2}, ... */
        PARAMETER
    }

    /** Whether this is the keyword {@code keyword} (given in upper case). */
    public boolean isKeyword(String keyword) {
        return type == Type.KEYWORD && text.equals(keyword);
    }

    /** How an error message names this token: {@code FROM}, {@code ')'}, {@code identifier x}, {@code end of input}. */
    public String describe() {
        return switch (type) {
            case KEYWORD -> text;
            case IDENTIFIER -> "identifier " + text;
            case STRING -> "string '" + text.replace("'", "''") + "'";
            case INTEGER, DECIMAL -> "number " + text;
            case END -> "end of input";
            case PARAMETER -> "parameter " + text;
            default -> "'" + text + "'";
        };
    }
}
