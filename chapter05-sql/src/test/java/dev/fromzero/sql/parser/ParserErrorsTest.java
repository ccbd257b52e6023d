package dev.fromzero.sql.parser;

import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.sql.SqlException;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Step;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Step(chapter = 5, number = 2, title = "The parser", guide = "docs/chapter05-sql.md#step-2-the-parser")
@Hint("An error belongs to the token where the text stopped making sense: report that token's line and column, "
        + "what the grammar expected there, and what was found instead (Tokens.expected does all three).")
class ParserErrorsTest {

    private static ParseException error(String sql, String why) {
        ParseException[] thrown = new ParseException[1];
        assertThrown(ParseException.class, () -> {
            try {
                Parser.parse(sql);
            } catch (ParseException e) {
                thrown[0] = e;
                throw e;
            }
        }, "Parser.parse(%s): %s", show(sql), why);
        return thrown[0];
    }

    /** The text as a failure shows it: quoted, newlines visible, and cut short if long. */
    private static String show(String sql) {
        String shown = sql.length() <= 120 ? sql : sql.substring(0, 100) + "... (" + sql.length() + " characters)";
        return "\"" + shown.replace("\n", "\\n") + "\"";
    }

    /** The error of {@code sql} is at line and column, and its first line mentions each of {@code found}. */
    private static void assertError(String sql, int line, int column, String why, String... mentions) {
        ParseException e = error(sql, why);
        assertThat(new int[] {e.line(), e.column()})
                .as("line and column of the error in %s (%s): %s", show(sql), why, e.getMessage())
                .containsExactly(line, column);
        String first = e.getMessage().split("\n")[0];
        assertThat(first).as("the first line of the message starts with the position").startsWith("line " + line + ", column " + column + ": ");
        for (String mention : mentions) {
            assertThat(first).as("the error for %s (%s) must mention %s", show(sql), why, mention)
                    .containsIgnoringCase(mention);
        }
    }

    @Test
    @Points(3)
    @DisplayName("an error reads 'line L, column C: expected X, found Y', then the source line and a caret under the column")
    void errorsShowWhereAndWhat() {
        String sql = "CREATE TABLE t (\n  a INTEGER,\n  b INTEGER FROM x)";
        ParseException e = error(sql, "FROM cannot follow a column definition");
        assertThat(e).as("a ParseException is a SqlException, the root of the engine's errors").isInstanceOf(SqlException.class);
        assertThat(new int[] {e.line(), e.column()}).as("FROM is at line 3, column 13").containsExactly(3, 13);
        String[] lines = e.getMessage().split("\n");
        assertThat(lines).as("three lines: what and where, the source line, the caret: %s", e.getMessage()).hasSize(3);
        assertThat(lines[0]).as("the first line says where, what was expected and what was found")
                .startsWith("line 3, column 13: expected ").contains("')'").contains("FROM");
        int start = lines[1].indexOf("  b INTEGER FROM x)");
        assertThat(start).as("the second line shows the whole source line 3: %s", e.getMessage()).isGreaterThanOrEqualTo(0);
        assertThat(lines[2].trim()).as("the third line is a caret").isEqualTo("^");
        assertThat(lines[2].indexOf('^') - start).as("the caret stands under column 13 of the source line").isEqualTo(12);
    }

    @Test
    @Points(3)
    @DisplayName("each kind of mistake is reported at the token where the text stops making sense, naming that token")
    void errorsPointAtTheOffendingToken() {
        assertError("", 1, 1, "an empty text holds no statement", "end of input");
        assertError("SELEC 1", 1, 1, "SELEC is not a statement", "selec");
        assertError("SELECT FROM t", 1, 8, "a SELECT needs an item before FROM", "FROM");
        assertError("SELECT a,\n  FROM t", 2, 3, "a comma must be followed by another item", "FROM");
        assertError("SELECT a FROM", 1, 14, "FROM needs a table", "end of input");
        assertError("SELECT (a + 1 FROM t", 1, 15, "an unclosed parenthesis", "')'", "FROM");
        assertError("SELECT a + * 2", 1, 12, "* cannot start an operand", "'*'");
        assertError("SELECT a FROM t LIMIT 1 WHERE a = 1", 1, 25, "WHERE after LIMIT is out of place", "WHERE");
        assertError("SELECT a FROM t ORDER a", 1, 23, "ORDER needs BY", "BY", "identifier a");
        assertError("SELECT a FROM t ORDER BY a NULLS MIDDLE", 1, 34, "NULLS takes FIRST or LAST", "middle");
        assertError("SELECT CASE a END", 1, 15, "a CASE needs a WHEN", "WHEN", "END");
        assertError("SELECT CASE WHEN a THEN 1", 1, 26, "a CASE needs END", "END", "end of input");
        assertError("SELECT CAST(a TEXT)", 1, 15, "CAST needs AS", "AS", "identifier text");
        assertError("SELECT CAST(a AS BLOB)", 1, 18, "BLOB is not a type of this engine", "blob");
        assertError("SELECT a IS 1", 1, 13, "IS takes NULL or NOT NULL", "NULL", "number 1");
        assertError("SELECT a NOT 5", 1, 14, "NOT after an operand starts NOT BETWEEN, NOT IN or NOT LIKE", "LIKE", "number 5");
        assertError("SELECT a BETWEEN 1 OR 2", 1, 20, "BETWEEN needs AND", "AND", "OR");
        assertError("SELECT a IN 1", 1, 13, "IN needs a parenthesized list", "'('", "number 1");
        assertError("SELECT a IN ()", 1, 14, "an IN list holds at least one value");
        assertError("SELECT f(a, )", 1, 13, "an argument after the comma", "')'");
        assertError("SELECT t.", 1, 10, "a column name after t.", "end of input");
        assertError("INSERT t VALUES (1)", 1, 8, "INSERT needs INTO", "INTO", "identifier t");
        assertError("INSERT INTO t (a, b VALUES (1, 2)", 1, 21, "the column list is not closed", "')'", "VALUES");
        assertError("INSERT INTO t VALUES 1", 1, 22, "a row is parenthesized", "'('", "number 1");
        assertError("UPDATE t a = 1", 1, 10, "UPDATE needs SET", "SET", "identifier a");
        assertError("UPDATE t SET a 1", 1, 16, "an assignment needs =", "'='", "number 1");
        assertError("DELETE t", 1, 8, "DELETE needs FROM", "FROM", "identifier t");
        assertError("DROP t", 1, 6, "DROP needs TABLE", "TABLE", "identifier t");
        assertError("CREATE TABLE t a INT", 1, 16, "the columns are parenthesized", "'('", "identifier a");
        assertError("CREATE TABLE t (a)", 1, 18, "a column needs a type", "')'");
        assertError("CREATE TABLE t (a INT NOT 5)", 1, 27, "NOT in a column definition is NOT NULL", "NULL", "number 5");
        assertError("CREATE TABLE select (a INT)", 1, 14, "a keyword is not a name unless quoted", "SELECT");
        assertError("SELECT 1;\nSELECT 2", 2, 1, "parse takes one statement", "SELECT");
    }

    @Test
    @Points(2)
    @DisplayName("what no table can be is refused where it is written: NULL with NOT NULL, two keys, a key on no column, mixed row widths")
    void impossibleDefinitionsAreRefused() {
        assertError("CREATE TABLE t (a INT NOT NULL NULL)", 1, 32, "a column cannot be both NOT NULL and NULL", "NULL");
        assertError("CREATE TABLE t (a INT NULL NOT NULL)", 1, 28, "a column cannot be both NULL and NOT NULL", "NULL");
        assertError("CREATE TABLE t (a INT PRIMARY KEY NULL)", 1, 35, "a primary key cannot be NULL", "NULL");
        assertError("CREATE TABLE t (a INT NULL UNIQUE PRIMARY KEY)", 1, 35, "a NULL column cannot be the primary key", "PRIMARY KEY");
        assertError("CREATE TABLE t (a INT PRIMARY KEY, b INT PRIMARY KEY)", 1, 42, "one primary key per table", "PRIMARY KEY");
        assertError("CREATE TABLE t (a INT PRIMARY KEY, b INT, PRIMARY KEY (b))", 1, 43, "one primary key per table", "PRIMARY KEY");
        assertError("CREATE TABLE t (a INT, PRIMARY KEY (b))", 1, 37, "the key's column must exist", "b");
        assertError("CREATE TABLE t (a INT, PRIMARY KEY (a, a))", 1, 40, "a key names each column once", "a");
        assertError("CREATE TABLE t (a INT, b TEXT, A INT)", 1, 32, "a column is defined once", "a");
        assertError("CREATE TABLE t (a INT DEFAULT 1 DEFAULT 2)", 1, 33, "one DEFAULT per column", "DEFAULT");
        assertError("INSERT INTO t VALUES (1, 2), (3)", 1, 30, "every row is as wide as the first", "1", "2");
        assertError("INSERT INTO t (a, b) VALUES (1)", 1, 29, "a row gives one value per listed column", "1", "2");
        assertError("INSERT INTO t (a, b, a) VALUES (1, 2, 3)", 1, 22, "a column is listed once", "a");
    }

    @Test
    @Points(2)
    @DisplayName("numbers out of range and lexer errors are ParseExceptions with their position too")
    void badTokensAreParseErrors() {
        assertError("SELECT 1 +\n 99999999999999999999", 2, 2, "an integer beyond 64 bits", "99999999999999999999");
        assertError("SELECT 1e999", 1, 8, "a decimal beyond the range of a double", "1e999");
        assertError("SELECT 'abc", 1, 8, "an unclosed string");
        assertError("SELECT a /* x", 1, 10, "an unclosed comment");
        assertError("SELECT a @ b", 1, 10, "@ starts no token", "@");
    }

    @Test
    @Points(2)
    @DisplayName("nesting or chaining past the parser's depth limit is a ParseException, never a StackOverflowError; 100 levels are fine")
    void deepNestingIsAnError() {
        String[] openers = {"(", "NOT ", "- ", "-(", "CASE WHEN ", "abs(", "1 + (", "a IN (", "+"};
        for (String opener : openers) {
            String deep = "SELECT " + opener.repeat(20_000) + "1";
            ParseException e = error(deep, "20,000 nested '" + opener.trim() + "' must be refused, not overflow the stack");
            assertThat(e.line()).as("the depth error is on the only line").isEqualTo(1);
            assertThat(e.column()).as("the depth error points inside the text").isBetween(1, deep.length() + 1);
            assertThat(e.getMessage().length()).as("the message shows the part of a long line around the error, not all of it")
                    .isLessThan(600);
        }
        String[] chains = {"1 + ", "a AND ", "a = ", "x || ", "2 * "};
        for (String link : chains) {
            String chain = "SELECT " + link.repeat(20_000) + "1";
            error(chain, "a chain of 20,000 '" + link.trim() + "' would be a tree 20,000 deep, which whatever walks it next "
                    + "cannot recurse over: it must be refused");
        }
        error("SELECT 1 FROM t WHERE a" + " IS NULL".repeat(20_000), "20,000 IS NULL in a chain make a tree as deep");
        String hundred = "SELECT " + "(".repeat(100) + "1" + ")".repeat(100) + " + " + "-(".repeat(50) + "2" + ")".repeat(50)
                + " + " + "NOT ".repeat(100) + "TRUE" + " + 1".repeat(100) + " AND b".repeat(100);
        assertThat(Parser.parse(hundred)).as("100 levels of nesting are well within any parser's limit")
                .isInstanceOf(Statement.Select.class);
    }
}
