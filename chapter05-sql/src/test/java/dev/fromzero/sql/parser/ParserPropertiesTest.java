package dev.fromzero.sql.parser;

import static dev.fromzero.sql.parser.RandomAst.pick;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

@Seeded
@Step(chapter = 5, number = 2, title = "The parser", guide = "docs/chapter05-sql.md#step-2-the-parser")
@Hint("A parser fails on bad input in many ways besides a ParseException: an index past the end of the token list, "
        + "a null token, a NumberFormatException, a StackOverflowError. Never step past END, and turn every bad number "
        + "and every too-deep nesting into a ParseException at a token.")
class ParserPropertiesTest {

    /** Valid statements, the material of the token-stream properties. */
    private static final List<String> VALID = List.of(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL DEFAULT 'x', f FLOAT UNIQUE)",
            "CREATE TABLE IF NOT EXISTS u (a INT, b TEXT NULL, PRIMARY KEY (a, b))",
            "DROP TABLE IF EXISTS t",
            "INSERT INTO t (a, b) VALUES (1, 'it''s'), (-2, DEFAULT)",
            "SELECT DISTINCT a AS x, t.*, count(*), CASE WHEN a > 1 THEN 'y' ELSE NULL END FROM t AS u "
                    + "WHERE a BETWEEN 1 AND 2 AND b NOT IN (1, 2) OR c LIKE 'a%' GROUP BY a HAVING sum(b) > 0 "
                    + "ORDER BY 1 DESC NULLS LAST, b LIMIT 10 OFFSET 2",
            "SELECT CAST(a AS TEXT) || \"Quoted\", -a * (b + 2) % 3, NOT a IS NULL FROM t",
            "UPDATE t SET a = a - 1, b = CASE b WHEN 1 THEN 2 END WHERE c <> 3",
            "DELETE FROM t WHERE a >= 1.5e3 AND b != 'x'");

    /** Tokens to insert into statements: every kind, as written. */
    private static final List<String> VOCABULARY = List.of(
            "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "NULL", "IS", "IN", "BETWEEN", "LIKE", "CASE", "WHEN",
            "THEN", "ELSE", "END", "CAST", "AS", "CREATE", "TABLE", "PRIMARY", "KEY", "DEFAULT", "INSERT", "INTO",
            "VALUES", "UPDATE", "SET", "DELETE", "DROP", "ORDER", "BY", "DESC", "NULLS", "LIMIT", "OFFSET", "DISTINCT",
            "a", "t", "count", "\"Q\"", "'s'", "''", "0", "1", "9223372036854775808", "1.5", "1e999", ".5", "(", ")",
            ",", ".", ";", "*", "+", "-", "/", "%", "||", "=", "<>", "<", "<=", ">", ">=", "INTEGER", "VARCHAR");

    /** Characters for random text: SQL's punctuation, quotes, comment marks, newlines, and some that start no token. */
    private static final String CHARACTERS = "abcsXZ_019 .,;()*+-/%|='\"\n\r\t<>!@#e\u00e9\u0000";

    /**
     * Runs {@code sql} through every entry point, which must either succeed or throw a ParseException at a
     * position inside the text, with a message that starts with that position.
     */
    private static void onlyParseErrors(String sql) {
        List<Function<String, Object>> entries = List.of(Parser::parse, Parser::parseAll, Parser::parseExpression,
                Lexer::tokenize, Parser::isComplete);
        for (Function<String, Object> entry : entries) {
            try {
                entry.apply(sql);
            } catch (ParseException e) {
                int lines = sql.split("\r\n|\r|\n", -1).length;
                assertThat(e.line()).as("the line of %s for %s", e.getMessage(), show(sql)).isBetween(1, lines);
                assertThat(e.column()).as("the column of %s for %s", e.getMessage(), show(sql)).isBetween(1, sql.length() + 1);
                assertThat(e.getMessage()).as("a ParseException's message starts with its position")
                        .startsWith("line " + e.line() + ", column " + e.column() + ": ");
            } catch (Throwable t) {
                fail("the parser must answer any text with a result or a ParseException, but %s threw %s", show(sql), t);
            }
        }
    }

    private static String show(String sql) {
        return "\"" + sql.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t").replace("\u0000", "\\0") + "\"";
    }

    @Test
    @Points(3)
    @DisplayName("random text gets a syntax tree or a ParseException with a position in the text, never another exception")
    void randomTextGivesOnlyParseErrors(Seed seed) {
        Gen<String> texts = in -> {
            StringBuilder text = new StringBuilder();
            int n = pick(in, 40);
            for (int i = 0; i < n; i++) {
                if (pick(in, 3) == 0) {
                    text.append(VOCABULARY.get(pick(in, VOCABULARY.size())));
                } else {
                    text.append(CHARACTERS.charAt(pick(in, CHARACTERS.length())));
                }
            }
            return text.toString();
        };
        seed.theory(3000).forAll(texts).checkAssert(ParserPropertiesTest::onlyParseErrors);
    }

    @Test
    @Points(3)
    @DisplayName("valid statements with tokens dropped, repeated, swapped or inserted get a tree or a ParseException, nothing else")
    void brokenStatementsGiveOnlyParseErrors(Seed seed) {
        Gen<String> broken = in -> {
            List<String> tokens = new ArrayList<>(written(VALID.get(pick(in, VALID.size()))));
            int edits = 1 + pick(in, 4);
            for (int i = 0; i < edits && !tokens.isEmpty(); i++) {
                int at = pick(in, tokens.size());
                switch (pick(in, 4)) {
                    case 0 -> tokens.remove(at);
                    case 1 -> tokens.add(at, tokens.get(at));
                    case 2 -> tokens.set(at, tokens.get(pick(in, tokens.size())));
                    default -> tokens.add(at, VOCABULARY.get(pick(in, VOCABULARY.size())));
                }
            }
            return String.join(pick(in, 2) == 0 ? " " : "\n", tokens);
        };
        seed.theory(3000).forAll(broken).checkAssert(ParserPropertiesTest::onlyParseErrors);
    }

    /** The tokens of {@code sql} as written. */
    private static List<String> written(String sql) {
        List<String> texts = new ArrayList<>();
        for (Token token : Lexer.tokenize(sql)) {
            if (token.type() != Token.Type.END) {
                texts.add(sql.substring(token.offset(), token.end()));
            }
        }
        return texts;
    }

    @Test
    @Points(2)
    @DisplayName("a valid statement cut short after any token parses, or fails at the end of the text saying so")
    void statementsCutShortFailAtTheEnd() {
        for (String sql : VALID) {
            List<String> tokens = written(sql);
            for (int n = 0; n < tokens.size(); n++) {
                String cut = String.join("\n", tokens.subList(0, n));
                String[] lines = cut.split("\n", -1);
                try {
                    Parser.parse(cut);
                } catch (ParseException e) {
                    assertThat(new int[] {e.line(), e.column()})
                            .as("%s cut after %d tokens is only short: the error must be at its end, not at %s",
                                    show(sql), n, e.getMessage())
                            .containsExactly(lines.length, lines[lines.length - 1].length() + 1);
                    assertThat(e.getMessage().split("\n")[0]).as("an error at the end of the text says it found the end")
                            .contains("end of input");
                }
            }
        }
    }

    @Test
    @Points(3)
    @DisplayName("random statements of every kind, each clause and spelling chosen at random, parse back to themselves")
    void randomStatementsReadBack(Seed seed) {
        Gen<RandomStatements.Sample> samples = RandomStatements::statement;
        seed.theory(1500).forAll(samples).checkAssert(sample -> assertThat(Parser.parse(sample.sql()))
                .as("%s must parse to the statement it was written from", sample.sql())
                .isEqualTo(sample.statement()));
    }

    @Test
    @Points(4)
    @DisplayName("random expressions, written with only the parentheses the precedence table needs, parse back to themselves")
    void randomExpressionsReadBack(Seed seed) {
        Gen<Expr> expressions = in -> RandomAst.expression(in, 4);
        seed.theory(2000).forAll(expressions).checkAssert(expected -> {
            String sql = SqlWriter.write(expected, 0);
            assertThat(Parser.parseExpression(sql))
                    .as("%s must parse back to the tree it was written from: the precedence table and left grouping decide "
                            + "where a tree needs parentheses", sql)
                    .isEqualTo(expected);
        });
    }
}
