package dev.fromzero.sql.parser;

import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.sql.parser.Token.Type;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.impl.Constraint;

@Seeded
@Step(chapter = 5, number = 1, title = "The lexer", guide = "docs/chapter05-sql.md#step-1-the-lexer")
@Hint("Read one token per call from the character under the cursor, and keep line and column in the one method "
        + "that moves the cursor, so that no token can forget them. Strings, quoted identifiers and comments are "
        + "where lexers go wrong: a doubled quote is part of the value, and -- ends at the end of its line.")
class LexerTest {

    /** The tokens of {@code sql} without the END token, as "TYPE text" strings. */
    private static List<String> kinds(String sql) {
        List<Token> tokens = Lexer.tokenize(sql);
        assertThat(tokens).as("tokenize(%s) must end with one END token", show(sql)).isNotEmpty();
        assertThat(tokens.get(tokens.size() - 1).type()).as("the last token of tokenize(%s)", show(sql)).isEqualTo(Type.END);
        return tokens.subList(0, tokens.size() - 1).stream().map(t -> t.type() + " " + t.text()).toList();
    }

    private static String show(String sql) {
        return "\"" + sql.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "\"";
    }

    private static ParseException lexError(String sql, String why) {
        ParseException[] thrown = new ParseException[1];
        assertThrown(ParseException.class, () -> {
            try {
                Lexer.tokenize(sql);
            } catch (ParseException e) {
                thrown[0] = e;
                throw e;
            }
        }, "tokenize(%s): %s", show(sql), why);
        return thrown[0];
    }

    private static void assertErrorAt(ParseException e, int line, int column, String sql) {
        assertThat(e.line()).as("the line of the error in %s: %s", show(sql), e.getMessage()).isEqualTo(line);
        assertThat(e.column()).as("the column of the error in %s: %s", show(sql), e.getMessage()).isEqualTo(column);
        assertThat(e.getMessage()).as("the message of a ParseException starts with its position")
                .startsWith("line " + line + ", column " + column + ": ");
    }

    @Test
    @Points(2)
    @DisplayName("keywords are read in any case and come out in upper case; other words are identifiers, lower-cased")
    void keywordsAreCaseInsensitive() {
        assertThat(kinds("select FROM WhErE"))
                .as("SELECT, FROM and WHERE are keywords however they are written, and a keyword's text is upper case")
                .containsExactly("KEYWORD SELECT", "KEYWORD FROM", "KEYWORD WHERE");
        assertThat(kinds("Users users_2 _tmp"))
                .as("a word that is not a keyword is an identifier, lower-cased so that Users and users are one name")
                .containsExactly("IDENTIFIER users", "IDENTIFIER users_2", "IDENTIFIER _tmp");
        assertThat(kinds("text integer Boolean"))
                .as("type names are not keywords: a column may be called text")
                .containsExactly("IDENTIFIER text", "IDENTIFIER integer", "IDENTIFIER boolean");
        assertThat(kinds("selected nullable order_by"))
                .as("a word that only starts with a keyword is a whole identifier")
                .containsExactly("IDENTIFIER selected", "IDENTIFIER nullable", "IDENTIFIER order_by");
        for (String keyword : Lexer.KEYWORDS) {
            assertThat(kinds(keyword.toLowerCase()))
                    .as("every word of Lexer.KEYWORDS is a keyword, also in lower case")
                    .containsExactly("KEYWORD " + keyword);
        }
    }

    @Test
    @Points(2)
    @DisplayName("every token knows its line and column, counted from 1, across \\n, \\r\\n and \\r line ends")
    void tokensCarryLineAndColumn() {
        String sql = "SELECT a,\n  b\r\n\tFROM t\rWHERE x = 'y'";
        List<Token> tokens = Lexer.tokenize(sql);
        int[][] expected = {{1, 1}, {1, 8}, {1, 9}, {2, 3}, {3, 2}, {3, 7}, {4, 1}, {4, 7}, {4, 9}, {4, 11}, {4, 14}};
        String[] texts = {"SELECT", "a", ",", "b", "FROM", "t", "WHERE", "x", "=", "y", ""};
        assertThat(tokens).as("tokens of %s, END included", show(sql)).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            Token token = tokens.get(i);
            assertThat(token.text()).as("token %d of %s", i, show(sql)).isEqualTo(texts[i]);
            assertThat(new int[] {token.line(), token.column()})
                    .as("line and column of %s (token %d of %s): a tab is one column, and \\n, \\r\\n and a lone \\r each end a line",
                            token.describe(), i, show(sql))
                    .containsExactly(expected[i]);
        }
        Token y = tokens.get(9);
        assertThat(sql.substring(y.offset(), y.end()))
                .as("offset and end of a string token span it as written, quotes included")
                .isEqualTo("'y'");
        assertThat(tokens.get(10).offset()).as("END is at the end of the text").isEqualTo(sql.length());
        List<Token> multiline = Lexer.tokenize("'a\nb' c");
        assertThat(new int[] {multiline.get(1).line(), multiline.get(1).column()})
                .as("a string that spans lines moves the lines of what follows it")
                .containsExactly(2, 4);
    }

    @Test
    @Points(2)
    @DisplayName("a string literal is read up to its closing quote, a doubled quote being one quote of the value")
    void stringLiteralsUndoubleQuotes() {
        assertThat(kinds("'it''s'")).as("'' inside a string is one '").containsExactly("STRING it's");
        assertThat(kinds("''")).as("two quotes alone are the empty string").containsExactly("STRING ");
        assertThat(kinds("''''")).as("'''' is a string holding one quote").containsExactly("STRING '");
        assertThat(kinds("'a' 'b'")).as("two strings with a space between are two tokens").containsExactly("STRING a", "STRING b");
        assertThat(kinds("'-- /* \"x\" ;'")).as("comment marks, double quotes and ; inside a string are text")
                .containsExactly("STRING -- /* \"x\" ;");
        assertThat(kinds("'Select'")).as("a string's case is kept").containsExactly("STRING Select");
        ParseException e = lexError("SELECT 'abc", "a string that is never closed is an error");
        assertErrorAt(e, 1, 8, "SELECT 'abc");
        e = lexError("x = 'it''", "'it'' is an unclosed string holding it', not a string followed by a quote");
        assertErrorAt(e, 1, 5, "x = 'it''");
    }

    @Test
    @Points(2)
    @DisplayName("numbers are integers, or decimals with a point or an exponent, and a number may not run into a word")
    void numbersWithDecimalsAndExponents() {
        assertThat(kinds("0 42 007 9223372036854775808"))
                .as("digits alone are an INTEGER token, kept as written (the parser checks the range)")
                .containsExactly("INTEGER 0", "INTEGER 42", "INTEGER 007", "INTEGER 9223372036854775808");
        assertThat(kinds("3.14 .5 1. 1e10 1E10 1.5e-3 2e+2 .5E1"))
                .as("a point or an exponent makes a DECIMAL token, kept as written")
                .containsExactly("DECIMAL 3.14", "DECIMAL .5", "DECIMAL 1.", "DECIMAL 1e10", "DECIMAL 1E10",
                        "DECIMAL 1.5e-3", "DECIMAL 2e+2", "DECIMAL .5E1");
        assertThat(kinds("1-2")).as("the minus of 1-2 is an operator, not the sign of an exponent or a number")
                .containsExactly("INTEGER 1", "MINUS -", "INTEGER 2");
        assertThat(kinds("t.a")).as("a dot between words is a DOT, not the start of a number")
                .containsExactly("IDENTIFIER t", "DOT .", "IDENTIFIER a");
        assertErrorAt(lexError("SELECT 1e", "an exponent needs digits"), 1, 8, "SELECT 1e");
        assertErrorAt(lexError("SELECT 2.5e+ 1", "an exponent needs digits after its sign"), 1, 8, "SELECT 2.5e+ 1");
        assertErrorAt(lexError("SELECT 12abc", "a number that runs into letters is an error, not a number and a name"),
                1, 8, "SELECT 12abc");
    }

    @Test
    @Points(2)
    @DisplayName("a \"quoted identifier\" keeps its case, may be a keyword, and undoubles \"\"")
    void quotedIdentifiers() {
        assertThat(kinds("\"Select\" \"My Table\" \"a\"\"b\""))
                .as("a quoted identifier is an identifier however it is spelled, exactly as written, \"\" being one \"")
                .containsExactly("IDENTIFIER Select", "IDENTIFIER My Table", "IDENTIFIER a\"b");
        assertThat(kinds("\"it's\"")).as("a single quote inside a quoted identifier is text").containsExactly("IDENTIFIER it's");
        assertErrorAt(lexError("SELECT \"abc", "an unclosed quoted identifier is an error"), 1, 8, "SELECT \"abc");
        assertErrorAt(lexError("SELECT \"\" FROM t", "an empty quoted identifier names nothing"), 1, 8, "SELECT \"\" FROM t");
    }

    @Test
    @Points(2)
    @DisplayName("-- comments end at the end of their line, /* */ comments at */, and both separate tokens")
    void commentsAreSkipped() {
        assertThat(kinds("SELECT -- the rest; of the line\nx")).as("-- runs to the end of its line, not further")
                .containsExactly("KEYWORD SELECT", "IDENTIFIER x");
        assertThat(kinds("a -- comment\r\nb -- another\rc")).as("-- ends at \\r\\n and at a lone \\r too")
                .containsExactly("IDENTIFIER a", "IDENTIFIER b", "IDENTIFIER c");
        assertThat(kinds("a -- no newline at the end")).as("-- may end the text").containsExactly("IDENTIFIER a");
        assertThat(kinds("a/* one\ntwo */b")).as("/* */ spans lines and separates tokens")
                .containsExactly("IDENTIFIER a", "IDENTIFIER b");
        assertThat(kinds("a /* -- */ b /**/ c /* * / */ d")).as("/* */ ends at the first */")
                .containsExactly("IDENTIFIER a", "IDENTIFIER b", "IDENTIFIER c", "IDENTIFIER d");
        assertThat(kinds("a /*/ b */ c")).as("the * of /* does not also start its */: /*/ opens a comment and does not close it")
                .containsExactly("IDENTIFIER a", "IDENTIFIER c");
        assertThat(kinds("a - - b")).as("two minus signs with a space between are not a comment")
                .containsExactly("IDENTIFIER a", "MINUS -", "MINUS -", "IDENTIFIER b");
        List<Token> tokens = Lexer.tokenize("/* x\ny */ z");
        assertThat(new int[] {tokens.get(0).line(), tokens.get(0).column()})
                .as("a comment's newlines count for the lines of what follows").containsExactly(2, 6);
        assertErrorAt(lexError("SELECT 1 /* never closed", "a /* without */ is an error"), 1, 10, "SELECT 1 /* never closed");
    }

    @Test
    @Points(2)
    @DisplayName("operators and punctuation are read longest first: <= is one token, < = two")
    void operatorsAreReadLongestFirst() {
        assertThat(kinds("= <> != < <= > >= + - * / % || ( ) , . ;")).as("every operator and punctuation mark")
                .containsExactly("EQUAL =", "NOT_EQUAL <>", "NOT_EQUAL !=", "LESS <", "LESS_OR_EQUAL <=", "GREATER >",
                        "GREATER_OR_EQUAL >=", "PLUS +", "MINUS -", "STAR *", "SLASH /", "PERCENT %", "CONCAT ||",
                        "LEFT_PAREN (", "RIGHT_PAREN )", "COMMA ,", "DOT .", "SEMICOLON ;");
        assertThat(kinds("a<=b")).as("<= without spaces").containsExactly("IDENTIFIER a", "LESS_OR_EQUAL <=", "IDENTIFIER b");
        assertThat(kinds("a< =b")).as("< = with a space is two tokens")
                .containsExactly("IDENTIFIER a", "LESS <", "EQUAL =", "IDENTIFIER b");
        assertThat(kinds("a<>b||'c'")).as("<> and || without spaces")
                .containsExactly("IDENTIFIER a", "NOT_EQUAL <>", "IDENTIFIER b", "CONCAT ||", "STRING c");
        assertThat(kinds("count(*)")).as("a call").containsExactly("IDENTIFIER count", "LEFT_PAREN (", "STAR *", "RIGHT_PAREN )");
    }

    @Test
    @DisplayName("a character that starts no token is an error at its line and column")
    void strayCharactersAreErrors() {
        assertErrorAt(lexError("SELECT a @ b", "@ starts no token"), 1, 10, "SELECT a @ b");
        assertErrorAt(lexError("SELECT\n  a ! b", "! alone is not an operator (!= is)"), 2, 5, "SELECT\n  a ! b");
        assertErrorAt(lexError("a | b", "| alone is not an operator (|| is)"), 1, 3, "a | b");
        assertErrorAt(lexError("a # b", "# starts no token"), 1, 3, "a # b");
        ParseException e = lexError("x\n\tSELECT ~", "~ starts no token");
        assertErrorAt(e, 2, 9, "x\\n\\tSELECT ~");
        String[] lines = e.getMessage().split("\n");
        assertThat(lines).as("the message is the position and reason, the source line, and a caret line: %s", e.getMessage())
                .hasSize(3);
        int start = lines[1].indexOf("\tSELECT ~");
        assertThat(start).as("the second line of the message shows the source line of the error").isGreaterThanOrEqualTo(0);
        assertThat(lines[2].indexOf('^') - start).as("the caret stands under the error's column").isEqualTo(8);
    }

    @Test
    @Points(2)
    @DisplayName("isComplete says whether a text ends with a ; outside strings, quoted identifiers and comments")
    void isCompleteFindsTheEndingSemicolon() {
        String[] complete = {"SELECT 1;", "SELECT 1;  \n", "SELECT 1; -- done", "SELECT 1; /* done */", "SELECT ';';",
            "SELECT 'a''b';", "SELECT \"x;\" FROM t;", "SELECT 1; SELECT 2;", "SELECT @;", ";"};
        String[] incomplete = {"", "   ", "SELECT 1", "SELECT ';'", "SELECT 'a;", "SELECT 'it'';", "SELECT 1 -- ;",
            "SELECT 1 /* ; */", "SELECT 1 /* ;", "SELECT \"a;", "SELECT 1; SELECT 2", "SELECT 1 -- x;\n"};
        for (String text : complete) {
            assertThat(Lexer.isComplete(text)).as("isComplete(%s): its last token is a ;", show(text)).isTrue();
            assertThat(Parser.isComplete(text)).as("Parser.isComplete(%s), for the shell", show(text)).isTrue();
        }
        for (String text : incomplete) {
            assertThat(Lexer.isComplete(text))
                    .as("isComplete(%s): no ; ends it outside strings, quoted identifiers and comments", show(text)).isFalse();
        }
    }

    /** Tokens as the test writes them: a type and the text, with how to write it. */
    private record Written(Type type, String text, String source) {}

    private static final String[] WORDS = {"select", "FROM", "Where", "a", "T1", "_x", "order_id", "nulls", "Text"};
    private static final String[] OPERATORS = {"=", "<>", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "||", "(", ")", ",", ".", ";"};
    private static final String[] SPACES = {" ", "  ", "\n", "\t", "\r\n", " /* c */ ", " -- c\n", "\r"};

    private static Gen<List<Written>> tokenLists() {
        return in -> {
            List<Written> list = new ArrayList<>();
            int n = (int) in.next(Constraint.between(0, 25));
            for (int i = 0; i < n; i++) {
                list.add(written(in));
            }
            return list;
        };
    }

    private static Written written(org.quicktheories.core.RandomnessSource in) {
        switch ((int) in.next(Constraint.between(0, 5))) {
            case 0 -> {
                String word = WORDS[(int) in.next(Constraint.between(0, WORDS.length - 1))];
                String upper = word.toUpperCase();
                return Lexer.KEYWORDS.contains(upper)
                        ? new Written(Type.KEYWORD, upper, word)
                        : new Written(Type.IDENTIFIER, word.toLowerCase(), word);
            }
            case 1 -> {
                String value = random(in, "ab' -;\"\n");
                return new Written(Type.STRING, value, "'" + value.replace("'", "''") + "'");
            }
            case 2 -> {
                String name = "A" + random(in, "b\" ;'");
                return new Written(Type.IDENTIFIER, name, "\"" + name.replace("\"", "\"\"") + "\"");
            }
            case 3 -> {
                String digits = "1" + random(in, "0123456789");
                return new Written(Type.INTEGER, digits, digits);
            }
            case 4 -> {
                String[] forms = {"1.5", ".25", "7.", "1e9", "2.5E-3", "3e+1"};
                String number = forms[(int) in.next(Constraint.between(0, forms.length - 1))];
                return new Written(Type.DECIMAL, number, number);
            }
            default -> {
                String op = OPERATORS[(int) in.next(Constraint.between(0, OPERATORS.length - 1))];
                return new Written(null, op, op);
            }
        }
    }

    private static String random(org.quicktheories.core.RandomnessSource in, String alphabet) {
        StringBuilder text = new StringBuilder();
        int n = (int) in.next(Constraint.between(0, 6));
        for (int i = 0; i < n; i++) {
            text.append(alphabet.charAt((int) in.next(Constraint.between(0, alphabet.length() - 1))));
        }
        return text.toString();
    }

    @Test
    @Points(3)
    @DisplayName("random token sequences, with random spaces and comments between, read back as written, at their positions")
    void randomTokensReadBack(Seed seed) {
        Gen<Integer> spacings = in -> (int) in.next(Constraint.between(0, 1000));
        seed.theory(300).forAll(tokenLists(), spacings).checkAssert((written, spacing) -> {
                    StringBuilder sql = new StringBuilder();
                    List<Integer> offsets = new ArrayList<>();
                    for (int i = 0; i < written.size(); i++) {
                        sql.append(i == 0 && spacing % 2 == 0 ? "" : SPACES[(spacing + i) % SPACES.length]);
                        offsets.add(sql.length());
                        sql.append(written.get(i).source());
                    }
                    String text = sql.toString();
                    List<Token> tokens = Lexer.tokenize(text);
                    assertThat(tokens).as("tokens of %s (and END)", show(text)).hasSize(written.size() + 1);
                    for (int i = 0; i < written.size(); i++) {
                        Written w = written.get(i);
                        Token token = tokens.get(i);
                        if (w.type() != null) {
                            assertThat(token.type()).as("type of token %d of %s", i, show(text)).isEqualTo(w.type());
                        }
                        assertThat(token.text()).as("text of token %d of %s", i, show(text)).isEqualTo(w.text());
                        assertThat(token.offset()).as("offset of token %d of %s", i, show(text)).isEqualTo(offsets.get(i));
                        assertThat(token.end()).as("end of token %d of %s", i, show(text))
                                .isEqualTo(offsets.get(i) + w.source().length());
                        int[] position = position(text, offsets.get(i));
                        assertThat(new int[] {token.line(), token.column()})
                                .as("line and column of token %d (%s) of %s", i, token.describe(), show(text))
                                .containsExactly(position);
                    }
                });
    }

    /** Line and column of {@code offset} in {@code text}, counted by hand. */
    private static int[] position(String text, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }
}
