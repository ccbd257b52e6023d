package dev.fromzero.sql.parser;

import static dev.fromzero.sql.parser.Ast.and;
import static dev.fromzero.sql.parser.Ast.bin;
import static dev.fromzero.sql.parser.Ast.call;
import static dev.fromzero.sql.parser.Ast.col;
import static dev.fromzero.sql.parser.Ast.eq;
import static dev.fromzero.sql.parser.Ast.lit;
import static dev.fromzero.sql.parser.Ast.neg;
import static dev.fromzero.sql.parser.Ast.not;
import static dev.fromzero.sql.parser.Ast.nul;
import static dev.fromzero.sql.parser.Ast.or;
import static dev.fromzero.sql.parser.Ast.selected;
import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.sql.parser.Expr.BinaryOp;
import dev.fromzero.sql.parser.Expr.UnaryOp;
import dev.fromzero.sql.parser.Statement.ColumnDef;
import dev.fromzero.sql.parser.Statement.OrderItem;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Step;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Step(chapter = 5, number = 2, title = "The parser", guide = "docs/chapter05-sql.md#step-2-the-parser")
@Hint("One method per grammar rule, each starting at its first token and stopping after its last. For expressions, "
        + "get the precedence table right before anything else: each level reads its right operand one level up, "
        + "which is what makes a - b - c group to the left.")
class ParserTest {

    private static Expr expr(String sql) {
        Expr parsed = Parser.parseExpression(sql);
        assertThat(selected(sql)).as("SELECT %s must hold the same expression as parseExpression(%s)", sql, sql)
                .isEqualTo(parsed);
        return parsed;
    }

    private static <T extends Statement> T parse(String sql, Class<T> type) {
        Statement statement = Parser.parse(sql);
        assertThat(statement).as("Parser.parse(\"%s\")", sql).isInstanceOf(type);
        return type.cast(statement);
    }

    private static ColumnDef column(String name, DataType type, boolean key, boolean notNull, boolean unique, Expr value) {
        return new ColumnDef(name, type, key, notNull, unique, value);
    }

    @Test
    @Points(3)
    @DisplayName("CREATE TABLE reads columns, every type name, the column constraints and a table-level primary key")
    void createTable() {
        Statement.CreateTable create = parse("""
                CREATE TABLE Users (
                    id INTEGER PRIMARY KEY,
                    name VARCHAR(40) NOT NULL UNIQUE,
                    score FLOAT DEFAULT -1.5,
                    active BOOLEAN NULL DEFAULT TRUE,
                    note TEXT DEFAULT 'none' NOT NULL
                );""", Statement.CreateTable.class);
        assertThat(create.name()).as("the table's name, lower-cased").isEqualTo("users");
        assertThat(create.ifNotExists()).as("no IF NOT EXISTS was written").isFalse();
        assertThat(create.columns()).as("the columns in order, each with its type and constraints").containsExactly(
                column("id", DataType.INTEGER, true, false, false, null),
                column("name", DataType.TEXT, false, true, true, null),
                column("score", DataType.FLOAT, false, false, false, lit(-1.5)),
                column("active", DataType.BOOLEAN, false, false, false, lit(true)),
                column("note", DataType.TEXT, false, true, false, lit("none")));
        assertThat(create.primaryKey()).as("no table-level PRIMARY KEY clause").isEmpty();
        assertThat(create.primaryKeyColumns()).as("the key written on the column").containsExactly("id");

        String[][] types = {{"INTEGER", "INTEGER"}, {"INT", "INTEGER"}, {"BIGINT", "INTEGER"}, {"FLOAT", "FLOAT"},
            {"DOUBLE", "FLOAT"}, {"REAL", "FLOAT"}, {"TEXT", "TEXT"}, {"VARCHAR(255)", "TEXT"}, {"varchar", "TEXT"},
            {"STRING", "TEXT"}, {"BOOLEAN", "BOOLEAN"}, {"bigint", "INTEGER"}};
        for (String[] type : types) {
            Statement.CreateTable t = parse("CREATE TABLE t (c " + type[0] + ")", Statement.CreateTable.class);
            assertThat(t.columns().get(0).type()).as("the type of a column declared %s", type[0])
                    .isEqualTo(DataType.valueOf(type[1]));
        }

        Statement.CreateTable composite = parse(
                "create table if not exists pairs (a int, b text, c int default 0, primary key (b, a))",
                Statement.CreateTable.class);
        assertThat(composite.ifNotExists()).as("IF NOT EXISTS").isTrue();
        assertThat(composite.primaryKey()).as("the table-level key's columns, in the key's order").containsExactly("b", "a");
        assertThat(composite.primaryKeyColumns()).as("primaryKeyColumns gives the table-level key").containsExactly("b", "a");
        assertThat(composite.columns()).as("a table-level key marks no column").extracting(ColumnDef::primaryKey)
                .containsOnly(false);
        assertThat(composite.columns().get(2).defaultValue()).as("DEFAULT 0").isEqualTo(lit(0));
        Statement.CreateTable keyFirst = parse("CREATE TABLE k (PRIMARY KEY (x), x TEXT)", Statement.CreateTable.class);
        assertThat(keyFirst.primaryKey()).as("the table-level key may come before its columns").containsExactly("x");
        Statement.CreateTable noKey = parse("CREATE TABLE n (x TEXT)", Statement.CreateTable.class);
        assertThat(noKey.primaryKeyColumns()).as("a table may have no primary key").isEmpty();
    }

    @Test
    @DisplayName("DROP TABLE reads the table's name and IF EXISTS")
    void dropTable() {
        assertThat(Parser.parse("DROP TABLE Users")).as("DROP TABLE Users")
                .isEqualTo(new Statement.DropTable("users", false));
        assertThat(Parser.parse("drop table if exists \"Users\";")).as("drop table if exists \"Users\"")
                .isEqualTo(new Statement.DropTable("Users", true));
    }

    @Test
    @Points(2)
    @DisplayName("INSERT reads the column list, many rows, and DEFAULT as a whole value")
    void insert() {
        Statement.Insert insert = parse("INSERT INTO t (a, B, \"C\") VALUES (1, 'x', NULL), (-2, DEFAULT, 1 + 2);",
                Statement.Insert.class);
        assertThat(insert.table()).as("the table").isEqualTo("t");
        assertThat(insert.columns()).as("the column list, unquoted names lower-cased").containsExactly("a", "b", "C");
        assertThat(insert.rows()).as("both rows, in order, DEFAULT standing for the column's default").containsExactly(
                List.of(lit(1), lit("x"), nul()),
                List.of(lit(-2), new Expr.Default(), bin(lit(1), BinaryOp.ADD, lit(2))));
        Statement.Insert all = parse("insert into t values (1)", Statement.Insert.class);
        assertThat(all.columns()).as("no column list: the list is empty").isEmpty();
        assertThat(all.rows()).as("one row of one value").containsExactly(List.of(lit(1)));
    }

    @Test
    @Points(3)
    @DisplayName("SELECT reads its items, FROM with an alias, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT and OFFSET")
    void selectClauses() {
        Statement.Select select = parse("SELECT DISTINCT *, u.*, u.name AS n, age years, age + 1 FROM Users AS u "
                + "WHERE age > 18 GROUP BY age HAVING count(*) > 1 ORDER BY 2 DESC, name, age ASC NULLS LAST "
                + "LIMIT 10 OFFSET 5", Statement.Select.class);
        assertThat(select.distinct()).as("SELECT DISTINCT").isTrue();
        assertThat(select.items()).as("*, u.*, an item with AS, one with a bare alias, and one without").containsExactly(
                new SelectItem.AllColumns(null),
                new SelectItem.AllColumns("u"),
                new SelectItem.Expression(col("u", "name"), "n", "u.name"),
                new SelectItem.Expression(col("age"), "years", "age"),
                new SelectItem.Expression(bin(col("age"), BinaryOp.ADD, lit(1)), null, "age + 1"));
        assertThat(select.from()).as("FROM Users AS u").isEqualTo(new TableRef.Table("users", "u"));
        assertThat(select.where()).as("WHERE").isEqualTo(bin(col("age"), BinaryOp.GREATER, lit(18)));
        assertThat(select.groupBy()).as("GROUP BY").containsExactly(col("age"));
        assertThat(select.having()).as("HAVING")
                .isEqualTo(bin(new Expr.Call("count", List.of(), false, true), BinaryOp.GREATER, lit(1)));
        assertThat(select.orderBy()).as("ORDER BY: a column number, DESC; ascending by default, NULLs first unless NULLS LAST")
                .containsExactly(new OrderItem(lit(2), true, false), new OrderItem(col("name"), false, true),
                        new OrderItem(col("age"), false, false));
        assertThat(select.limit()).as("LIMIT").isEqualTo(lit(10));
        assertThat(select.offset()).as("OFFSET").isEqualTo(lit(5));

        Statement.Select bare = parse("select 1", Statement.Select.class);
        assertThat(bare).as("SELECT without FROM: every optional clause absent").isEqualTo(new Statement.Select(false,
                List.of(new SelectItem.Expression(lit(1), null, "1")), null, null, List.of(), null, List.of(), null, null));
        Statement.Select aliased = parse("SELECT x FROM t t2 ORDER BY x DESC NULLS FIRST, y DESC", Statement.Select.class);
        assertThat(aliased.from()).as("FROM t t2: an alias without AS").isEqualTo(new TableRef.Table("t", "t2"));
        assertThat(aliased.orderBy()).as("DESC NULLS FIRST, and DESC alone putting NULLs last").containsExactly(
                new OrderItem(col("x"), true, true), new OrderItem(col("y"), true, false));
        Statement.Select all = parse("SELECT ALL a FROM t OFFSET 3", Statement.Select.class);
        assertThat(all.distinct()).as("SELECT ALL is not DISTINCT").isFalse();
        assertThat(all.limit()).as("OFFSET without LIMIT").isNull();
        assertThat(all.offset()).as("OFFSET without LIMIT").isEqualTo(lit(3));
        Statement.Select nulls = parse("SELECT first, last, nulls FROM t ORDER BY nulls NULLS FIRST", Statement.Select.class);
        assertThat(nulls.orderBy()).as("NULLS, FIRST and LAST are not reserved: they may name columns")
                .containsExactly(new OrderItem(col("nulls"), false, true));
    }

    @Test
    @DisplayName("a SELECT item keeps its text as written, and its name is its alias, its column, or that text")
    void selectItemsKeepTheirText() {
        Statement.Select select = parse("SELECT  a  +  1 , T.B,-x, count( * ) AS \"Total\", 'it''s'  FROM t", Statement.Select.class);
        assertThat(select.items()).as("each item's text runs from its first character to its last, spaces inside kept")
                .extracting(item -> ((SelectItem.Expression) item).text())
                .containsExactly("a  +  1", "T.B", "-x", "count( * )", "'it''s'");
        assertThat(select.items()).as("result column names: the text, a column's name, the alias")
                .extracting(item -> ((SelectItem.Expression) item).name())
                .containsExactly("a  +  1", "b", "-x", "Total", "'it''s'");
    }

    @Test
    @Points(2)
    @DisplayName("UPDATE reads SET's assignments and WHERE; DELETE reads WHERE")
    void updateAndDelete() {
        assertThat(Parser.parse("UPDATE t SET a = a + 1, b = 'x' WHERE id = 3")).as("UPDATE with two assignments and WHERE")
                .isEqualTo(new Statement.Update("t", List.of(
                        new Statement.Assignment("a", bin(col("a"), BinaryOp.ADD, lit(1))),
                        new Statement.Assignment("b", lit("x"))), eq(col("id"), lit(3))));
        assertThat(Parser.parse("update t set a = null")).as("UPDATE without WHERE")
                .isEqualTo(new Statement.Update("t", List.of(new Statement.Assignment("a", nul())), null));
        assertThat(Parser.parse("DELETE FROM t WHERE a IS NULL OR b < 0")).as("DELETE with WHERE")
                .isEqualTo(new Statement.Delete("t", or(new Expr.IsNull(col("a"), false), bin(col("b"), BinaryOp.LESS, lit(0)))));
        assertThat(Parser.parse("delete from t")).as("DELETE without WHERE").isEqualTo(new Statement.Delete("t", null));
    }

    @Test
    @Points(2)
    @DisplayName("literals: integers, decimals, strings, TRUE, FALSE, NULL, and a minus before a number folded into it")
    void literals() {
        assertThat(expr("42")).as("an integer").isEqualTo(lit(42));
        assertThat(expr("9223372036854775807")).as("the largest INTEGER").isEqualTo(lit(Long.MAX_VALUE));
        assertThat(expr("-9223372036854775808")).as("the smallest INTEGER, written as a negative literal")
                .isEqualTo(lit(Long.MIN_VALUE));
        assertThat(expr("1.5e3")).as("a decimal with an exponent is a FLOAT").isEqualTo(lit(1500.0));
        assertThat(expr(".5")).as("a decimal without integer part").isEqualTo(lit(0.5));
        assertThat(expr("2.")).as("a decimal without fraction is still a FLOAT").isEqualTo(lit(2.0));
        assertThat(expr("-2.5")).as("a minus before a decimal is folded into it").isEqualTo(lit(-2.5));
        assertThat(expr("'it''s'")).as("a string").isEqualTo(lit("it's"));
        assertThat(expr("TRUE")).as("TRUE").isEqualTo(lit(true));
        assertThat(expr("false")).as("false").isEqualTo(lit(false));
        assertThat(expr("NULL")).as("NULL").isEqualTo(new Expr.Literal(Value.NULL));
        assertThat(expr("- 7")).as("a minus before a number is folded into it, even with a space").isEqualTo(lit(-7));
        assertThat(expr("-(7)")).as("a minus before a parenthesis is an operator").isEqualTo(neg(lit(7)));
        assertThat(expr("- -7")).as("two minus signs: the inner one folded, the outer an operator").isEqualTo(neg(lit(-7)));
        assertThat(expr("+7")).as("a plus sign is an operator").isEqualTo(new Expr.Unary(UnaryOp.PLUS, lit(7)));
        assertThrown(ParseException.class, () -> Parser.parseExpression("9223372036854775808"),
                "2^63 does not fit a 64-bit INTEGER: it is an error, not a wrap-around nor a FLOAT")
                .hasMessageContaining("9223372036854775808");
        assertThrown(ParseException.class, () -> Parser.parseExpression("--9223372036854775808"),
                "-- starts a comment: the text is empty, and an empty text holds no expression");
        assertThrown(ParseException.class, () -> Parser.parseExpression("- -9223372036854775809"),
                "-9223372036854775809 does not fit a 64-bit INTEGER");
    }

    @Test
    @Points(4)
    @DisplayName("operators bind as the precedence table says, and operators of one level group to the left")
    void precedence() {
        Expr a = col("a");
        Expr b = col("b");
        Expr c = col("c");
        Expr d = col("d");
        assertThat(expr("a OR b AND c")).as("AND binds tighter than OR").isEqualTo(or(a, and(b, c)));
        assertThat(expr("a AND b OR c")).as("AND binds tighter than OR").isEqualTo(or(and(a, b), c));
        assertThat(expr("NOT a AND b")).as("NOT binds tighter than AND").isEqualTo(and(not(a), b));
        assertThat(expr("NOT a OR b")).as("NOT binds tighter than OR").isEqualTo(or(not(a), b));
        assertThat(expr("NOT a = b")).as("NOT binds looser than =: NOT (a = b)").isEqualTo(not(eq(a, b)));
        assertThat(expr("NOT NOT a")).as("NOT NOT").isEqualTo(not(not(a)));
        assertThat(expr("a = b AND c <> d")).as("comparisons bind tighter than AND")
                .isEqualTo(and(eq(a, b), bin(c, BinaryOp.NOT_EQUAL, d)));
        assertThat(expr("a < b + c")).as("+ binds tighter than <").isEqualTo(bin(a, BinaryOp.LESS, bin(b, BinaryOp.ADD, c)));
        assertThat(expr("a + b * c")).as("* binds tighter than +").isEqualTo(bin(a, BinaryOp.ADD, bin(b, BinaryOp.MULTIPLY, c)));
        assertThat(expr("a * b + c")).as("* binds tighter than +").isEqualTo(bin(bin(a, BinaryOp.MULTIPLY, b), BinaryOp.ADD, c));
        assertThat(expr("a - b - c")).as("- groups to the left: (a - b) - c")
                .isEqualTo(bin(bin(a, BinaryOp.SUBTRACT, b), BinaryOp.SUBTRACT, c));
        assertThat(expr("a - b + c")).as("+ and - are one level, grouped to the left")
                .isEqualTo(bin(bin(a, BinaryOp.SUBTRACT, b), BinaryOp.ADD, c));
        assertThat(expr("a / b / c")).as("/ groups to the left").isEqualTo(bin(bin(a, BinaryOp.DIVIDE, b), BinaryOp.DIVIDE, c));
        assertThat(expr("a / b * c % d")).as("* / % are one level, grouped to the left")
                .isEqualTo(bin(bin(bin(a, BinaryOp.DIVIDE, b), BinaryOp.MULTIPLY, c), BinaryOp.MODULO, d));
        assertThat(expr("a || b + c")).as("|| is on the level of + and -")
                .isEqualTo(bin(bin(a, BinaryOp.CONCAT, b), BinaryOp.ADD, c));
        assertThat(expr("a || b = c")).as("|| binds tighter than =").isEqualTo(eq(bin(a, BinaryOp.CONCAT, b), c));
        assertThat(expr("-a * b")).as("unary minus binds tighter than *").isEqualTo(bin(neg(a), BinaryOp.MULTIPLY, b));
        assertThat(expr("-a + b")).as("unary minus binds tighter than +").isEqualTo(bin(neg(a), BinaryOp.ADD, b));
        assertThat(expr("a * -b")).as("a unary minus after *").isEqualTo(bin(a, BinaryOp.MULTIPLY, neg(b)));
        assertThat(expr("a - -1")).as("a minus, then a negative number").isEqualTo(bin(a, BinaryOp.SUBTRACT, lit(-1)));
        assertThat(expr("a-1")).as("a minus between operands is subtraction").isEqualTo(bin(a, BinaryOp.SUBTRACT, lit(1)));
        assertThat(expr("(a OR b) AND c")).as("parentheses first").isEqualTo(and(or(a, b), c));
        assertThat(expr("a = b = c")).as("comparisons group to the left").isEqualTo(eq(eq(a, b), c));
        assertThat(expr("a <= b OR c >= d AND a != b")).as("<=, >= and != in AND and OR")
                .isEqualTo(or(bin(a, BinaryOp.LESS_OR_EQUAL, b),
                        and(bin(c, BinaryOp.GREATER_OR_EQUAL, d), bin(a, BinaryOp.NOT_EQUAL, b))));
    }

    @Test
    @Points(3)
    @DisplayName("IS [NOT] NULL, [NOT] BETWEEN, [NOT] IN and [NOT] LIKE, at the level of the comparisons")
    void predicates() {
        Expr a = col("a");
        assertThat(expr("a IS NULL")).as("IS NULL").isEqualTo(new Expr.IsNull(a, false));
        assertThat(expr("a IS NOT NULL")).as("IS NOT NULL").isEqualTo(new Expr.IsNull(a, true));
        assertThat(expr("a + 1 IS NULL")).as("IS NULL applies to a + 1")
                .isEqualTo(new Expr.IsNull(bin(a, BinaryOp.ADD, lit(1)), false));
        assertThat(expr("NOT a IS NULL")).as("NOT binds looser than IS NULL").isEqualTo(not(new Expr.IsNull(a, false)));
        assertThat(expr("a BETWEEN 1 AND 10")).as("BETWEEN").isEqualTo(new Expr.Between(a, lit(1), lit(10), false));
        assertThat(expr("a NOT BETWEEN 1 AND 10")).as("NOT BETWEEN is negated")
                .isEqualTo(new Expr.Between(a, lit(1), lit(10), true));
        assertThat(expr("a BETWEEN 1 AND 2 AND b")).as("the AND after BETWEEN's bounds is a logical AND")
                .isEqualTo(and(new Expr.Between(a, lit(1), lit(2), false), col("b")));
        assertThat(expr("a BETWEEN b - 1 AND b + 1")).as("BETWEEN's bounds may be sums")
                .isEqualTo(new Expr.Between(a, bin(col("b"), BinaryOp.SUBTRACT, lit(1)), bin(col("b"), BinaryOp.ADD, lit(1)), false));
        assertThat(expr("a IN (1, 'x', b)")).as("IN with a list").isEqualTo(new Expr.InList(a, List.of(lit(1), lit("x"), col("b")), false));
        assertThat(expr("a NOT IN (1)")).as("NOT IN").isEqualTo(new Expr.InList(a, List.of(lit(1)), true));
        assertThat(expr("a LIKE 'x%'")).as("LIKE").isEqualTo(new Expr.Like(a, lit("x%"), false));
        assertThat(expr("a NOT LIKE 'x' || b")).as("NOT LIKE, with a pattern built by ||")
                .isEqualTo(new Expr.Like(a, bin(lit("x"), BinaryOp.CONCAT, col("b")), true));
        assertThat(expr("a IN (1) OR a LIKE 'b' AND NOT a BETWEEN 1 AND 2"))
                .as("predicates inside AND, OR and NOT")
                .isEqualTo(or(new Expr.InList(a, List.of(lit(1)), false),
                        and(new Expr.Like(a, lit("b"), false), not(new Expr.Between(a, lit(1), lit(2), false)))));
    }

    @Test
    @Points(3)
    @DisplayName("CASE in both forms, CAST, function calls, count(*) and qualified columns")
    void caseCastAndCalls() {
        assertThat(expr("CASE WHEN a > 1 THEN 'big' WHEN a IS NULL THEN NULL ELSE 'small' END"))
                .as("a searched CASE: no operand, conditions in the WHENs")
                .isEqualTo(new Expr.Case(null, List.of(
                        new Expr.When(bin(col("a"), BinaryOp.GREATER, lit(1)), lit("big")),
                        new Expr.When(new Expr.IsNull(col("a"), false), nul())), lit("small")));
        assertThat(expr("case a + 1 when 1 then 'one' end")).as("a simple CASE without ELSE")
                .isEqualTo(new Expr.Case(bin(col("a"), BinaryOp.ADD, lit(1)),
                        List.of(new Expr.When(lit(1), lit("one"))), null));
        assertThat(expr("CASE WHEN a THEN CASE b WHEN 1 THEN 2 END END")).as("a CASE inside a CASE")
                .isEqualTo(new Expr.Case(null, List.of(new Expr.When(col("a"),
                        new Expr.Case(col("b"), List.of(new Expr.When(lit(1), lit(2))), null))), null));
        assertThat(expr("CAST(a AS TEXT)")).as("CAST to TEXT").isEqualTo(new Expr.Cast(col("a"), DataType.TEXT));
        assertThat(expr("cast('1' as bigint) + 1")).as("CAST to BIGINT, in a sum")
                .isEqualTo(bin(new Expr.Cast(lit("1"), DataType.INTEGER), BinaryOp.ADD, lit(1)));
        assertThat(expr("CAST(1 AS VARCHAR(3))")).as("CAST to VARCHAR(n)").isEqualTo(new Expr.Cast(lit(1), DataType.TEXT));
        assertThat(expr("count(*)")).as("count(*)").isEqualTo(new Expr.Call("count", List.of(), false, true));
        assertThat(expr("COUNT(DISTINCT a)")).as("COUNT(DISTINCT a), the name lower-cased")
                .isEqualTo(new Expr.Call("count", List.of(col("a")), true, false));
        assertThat(expr("Coalesce(a, b + 1, NULL)")).as("a call of three arguments")
                .isEqualTo(call("coalesce", col("a"), bin(col("b"), BinaryOp.ADD, lit(1)), nul()));
        assertThat(expr("now()")).as("a call of no arguments").isEqualTo(call("now"));
        assertThat(expr("abs(-a) * 2")).as("a call in a product").isEqualTo(bin(call("abs", neg(col("a"))), BinaryOp.MULTIPLY, lit(2)));
        assertThat(expr("T.a + \"T\".\"A\"")).as("columns qualified by a table name, unquoted and quoted")
                .isEqualTo(bin(col("t", "a"), BinaryOp.ADD, col("T", "A")));
    }

    @Test
    @Points(2)
    @DisplayName("parseAll reads every ;-separated statement, skips empty ones, and parse takes exactly one")
    void parseAllSplitsStatements() {
        List<Statement> statements = Parser.parseAll("""
                CREATE TABLE t (a INT); ;
                INSERT INTO t VALUES (1) -- a ; in a comment
                ; SELECT ';' FROM t;
                DROP TABLE t""");
        assertThat(statements).as("four statements, in order; the ; in a string or comment ends nothing")
                .extracting(s -> s.getClass().getSimpleName())
                .containsExactly("CreateTable", "Insert", "Select", "DropTable");
        assertThat(((SelectItem.Expression) ((Statement.Select) statements.get(2)).items().get(0)).expr())
                .as("the string ';'").isEqualTo(lit(";"));
        assertThat(Parser.parseAll("")).as("an empty script holds no statement").isEmpty();
        assertThat(Parser.parseAll(" ;; -- nothing\n")).as("only empty statements and comments").isEmpty();
        assertThrown(ParseException.class, () -> Parser.parseAll("SELECT 1 SELECT 2"),
                "two statements need a ; between them")
                .hasMessageContaining("line 1, column 10");
        assertThrown(ParseException.class, () -> Parser.parse("SELECT 1; SELECT 2"),
                "parse takes one statement: a second one is an error")
                .hasMessageContaining("line 1, column 11");
    }
}
