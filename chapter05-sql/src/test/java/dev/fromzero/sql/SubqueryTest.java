package dev.fromzero.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.fromzero.sql.types.Value;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 14: subqueries. Correlated subqueries of each kind against a model on random tables with
 * NULLs, the errors a subquery can raise (with their SQLSTATEs), how names resolve across nested
 * queries, subqueries under joins the optimizer rewrites, parameters inside subqueries, and EXPLAIN.
 */
@Seeded
@Step(chapter = 5, number = 14, title = "Subqueries", bonus = true,
        guide = "docs/chapter05-sql.md#step-14-bonus-subqueries")
@Hint("Plan a subquery with a scope chain: its own FROM first, then the enclosing query's row. Mark each name found "
        + "outside, and give the subquery those values each time it runs; a subquery that reads none runs once. "
        + "IN's NULL rules are those of IN with a list.")
class SubqueryTest {

    /** A row of p(id, a, b) or q(id, a, b); a and b may be null (SQL's NULL). */
    private record Row(long id, Long a, Long b) {}

    private static final List<String> OPS = List.of("=", "<>", "<", "<=", ">", ">=");

    @Test
    @Points(4)
    @DisplayName("random correlated scalar, EXISTS and IN subqueries agree with a model, NULLs included")
    void correlatedSubqueriesAgreeWithAModel(Seed seed, @Scratch Path dir) {
        Random random = seed.random();
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            for (int round = 0; round < 10; round++) {
                session.execute("DROP TABLE IF EXISTS p");
                session.execute("DROP TABLE IF EXISTS q");
                session.execute("CREATE TABLE p (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER)");
                session.execute("CREATE TABLE q (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER)");
                List<Row> p = insert(session, "p", random);
                List<Row> q = insert(session, "q", random);
                for (int query = 0; query < 12; query++) {
                    String op = OPS.get(random.nextInt(OPS.size()));
                    check(session, p, q, op, random.nextInt(4), random.nextBoolean());
                }
            }
        }
    }

    private static List<Row> insert(Session session, String table, Random random) {
        List<Row> rows = new ArrayList<>();
        List<String> values = new ArrayList<>();
        int count = random.nextInt(7);
        for (int i = 0; i < count; i++) {
            Row row = new Row(i + 1, random.nextInt(4) == 0 ? null : (long) random.nextInt(4),
                    random.nextInt(4) == 0 ? null : (long) random.nextInt(4));
            rows.add(row);
            values.add("(" + row.id() + ", " + sql(row.a()) + ", " + sql(row.b()) + ")");
        }
        if (!values.isEmpty()) {
            session.execute("INSERT INTO " + table + " VALUES " + String.join(", ", values));
        }
        return rows;
    }

    private static void check(Session session, List<Row> p, List<Row> q, String op, int kind, boolean negated) {
        String not = negated ? "NOT " : "";
        String sql = switch (kind) {
            case 0 -> "SELECT id, (SELECT count(*) FROM q AS x WHERE x.a " + op + " p.a) FROM p ORDER BY id";
            case 1 -> "SELECT id, " + not + "EXISTS (SELECT 1 FROM q WHERE q.b " + op + " p.b) FROM p ORDER BY id";
            case 2 -> "SELECT id, a " + not + "IN (SELECT b FROM q WHERE q.id " + op + " p.id) FROM p ORDER BY id";
            default -> "SELECT id, (SELECT b FROM q WHERE q.id = p.a " + (negated ? "AND q.a " + op + " p.b" : "")
                    + ") FROM p ORDER BY id";
        };
        List<List<Value>> expected = new ArrayList<>();
        for (Row row : p) {
            Value value = switch (kind) {
                case 0 -> Value.of(q.stream().filter(x -> Boolean.TRUE.equals(compare(x.a(), op, row.a()))).count());
                case 1 -> Value.of(q.stream().anyMatch(x -> Boolean.TRUE.equals(compare(x.b(), op, row.b()))) != negated);
                case 2 -> not(in(row.a(), q.stream().filter(x -> Boolean.TRUE.equals(compare(x.id(), op, row.id())))
                        .map(Row::b).toList()), negated);
                default -> q.stream().filter(x -> Boolean.TRUE.equals(compare(x.id(), "=", row.a()))
                        && (!negated || Boolean.TRUE.equals(compare(x.a(), op, row.b())))).map(x -> value(x.b()))
                        .findFirst().orElse(Value.NULL);
            };
            expected.add(List.of(Value.of(row.id()), value));
        }
        assertThat(rows(session, sql)).as("%s%n  p = %s%n  q = %s", sql, p, q).isEqualTo(expected);
    }

    /** SQL's comparison of two nullable integers: null (unknown) if either is NULL. */
    private static Boolean compare(Long left, String op, Long right) {
        if (left == null || right == null) {
            return null;
        }
        int c = Long.compare(left, right);
        return switch (op) {
            case "=" -> c == 0;
            case "<>" -> c != 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
        };
    }

    /** SQL's IN: TRUE if an element equals the value, else NULL if the value or an element is NULL, else FALSE. */
    private static Value in(Long value, List<Long> set) {
        if (set.isEmpty()) {
            return Value.of(false);
        }
        if (value != null && set.contains(value)) {
            return Value.of(true);
        }
        return value == null || set.contains(null) ? Value.NULL : Value.of(false);
    }

    private static Value not(Value value, boolean negated) {
        return !negated || value.isNull() ? value : Value.of(!value.equals(Value.of(true)));
    }

    private static Value value(Long v) {
        return v == null ? Value.NULL : Value.of(v);
    }

    private static String sql(Long v) {
        return v == null ? "NULL" : v.toString();
    }

    private static final String SCHEMA = """
            CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER);
            INSERT INTO t VALUES (1, 10, 1), (2, 20, 2), (3, 30, 2), (4, 40, NULL);
            CREATE TABLE u (id INTEGER PRIMARY KEY, v INTEGER);
            INSERT INTO u VALUES (1, 1), (2, 2), (3, NULL);
            CREATE TABLE e (id INTEGER PRIMARY KEY, v INTEGER);
            """;

    private static Session open(Database db) {
        Session session = db.session();
        session.executeScript(SCHEMA);
        return session;
    }

    private static List<List<Value>> rows(Session session, String query) {
        return ((Result.Rows) session.execute(query)).rows();
    }

    private static SqlException failure(Session session, String sql) {
        SqlException e = catchThrowableOfType(() -> session.execute(sql), SqlException.class);
        assertThat(e).as("%s must fail with a SqlException", sql).isNotNull();
        return e;
    }

    @Test
    @Points(2)
    @DisplayName("a scalar subquery with two rows fails with SQLSTATE 21000; one with two columns fails when planned, 42601")
    void subqueryShapeErrors(@Scratch Path dir) {
        try (Database db = open(dir)) {
            Session session = open(db);
            SqlException twoRows = failure(session, "SELECT (SELECT v FROM u WHERE v IS NOT NULL)");
            assertThat(twoRows.sqlState()).as("two rows where one value is needed: SQLSTATE 21000, as PostgreSQL")
                    .isEqualTo("21000");
            assertThat(twoRows.getMessage()).as("the message says what went wrong")
                    .contains("more than one row returned by a subquery used as an expression");
            SqlException correlated = failure(session, "SELECT id FROM t WHERE a > (SELECT x.a FROM t AS x WHERE x.b = t.b)");
            assertThat(correlated.sqlState()).as("rows 2 and 3 share b = 2, so the subquery of row 2 has two rows")
                    .isEqualTo("21000");
            assertThat(rows(session, "SELECT id, (SELECT x.a FROM t AS x WHERE x.b = t.b AND x.id <> t.id) FROM t "
                    + "WHERE id <> 1 AND b IS NOT NULL ORDER BY id"))
                    .as("one row each: the other row with the same b")
                    .containsExactly(List.of(Value.of(2L), Value.of(30L)), List.of(Value.of(3L), Value.of(20L)));
            for (String sql : List.of("SELECT (SELECT id, v FROM e)", "SELECT id FROM e WHERE id IN (SELECT id, v FROM u)",
                    "SELECT (SELECT * FROM u) FROM e")) {
                SqlException columns = failure(session, sql);
                assertThat(columns.sqlState()).as("%s: a subquery used as a value has one column; checked when "
                        + "planning, even though no row is read (SQLSTATE 42601)", sql).isEqualTo("42601");
            }
            assertThat(rows(session, "SELECT EXISTS (SELECT * FROM u)"))
                    .as("EXISTS takes a query of any width").containsExactly(List.of(Value.of(true)));
        }
    }

    @Test
    @Points(2)
    @DisplayName("names resolve in the innermost query first, then outwards, through nested subqueries; unknown and ambiguous names are errors")
    void namesResolveInnermostFirst(@Scratch Path dir) {
        try (Database db = open(dir)) {
            Session session = open(db);
            assertThat(rows(session, "SELECT id, (SELECT count(*) FROM u WHERE id <= 2) FROM t WHERE id <= 2 ORDER BY id"))
                    .as("id inside the subquery is u's own id, though the outer t has an id too")
                    .containsExactly(List.of(Value.of(1L), Value.of(2L)), List.of(Value.of(2L), Value.of(2L)));
            assertThat(rows(session, "SELECT id, (SELECT count(*) FROM u WHERE u.id <= t.id) FROM t WHERE id <= 2 ORDER BY id"))
                    .as("t.id inside the subquery is the outer row's")
                    .containsExactly(List.of(Value.of(1L), Value.of(1L)), List.of(Value.of(2L), Value.of(2L)));
            assertThat(rows(session, "SELECT id, (SELECT count(*) FROM u WHERE v = b) FROM t ORDER BY id"))
                    .as("u has no b: b is the outer row's")
                    .containsExactly(List.of(Value.of(1L), Value.of(1L)), List.of(Value.of(2L), Value.of(1L)),
                            List.of(Value.of(3L), Value.of(1L)), List.of(Value.of(4L), Value.of(0L)));
            assertThat(rows(session, "SELECT id FROM t WHERE EXISTS (SELECT 1 FROM u WHERE EXISTS "
                    + "(SELECT 1 FROM t AS z WHERE z.a = t.a + 10 * u.v)) ORDER BY id"))
                    .as("the innermost query reads both the middle query's u and the outermost's t")
                    .containsExactly(List.of(Value.of(1L)), List.of(Value.of(2L)), List.of(Value.of(3L)));
            assertThat(rows(session, "SELECT t.id, (SELECT count(*) FROM t WHERE t.a < 25) FROM t WHERE t.id = 4"))
                    .as("the subquery's own t hides the outer t")
                    .containsExactly(List.of(Value.of(4L), Value.of(2L)));
            SqlException unknown = failure(session, "SELECT id FROM e WHERE EXISTS (SELECT 1 FROM u WHERE u.v = e.nope)");
            assertThat(unknown.sqlState()).as("a name no query has: 42703, even though e is empty").isEqualTo("42703");
            assertThat(unknown.getMessage()).as("the error names the column").contains("no such column: e.nope");
            SqlException ambiguous = failure(session, "SELECT (SELECT count(*) FROM u, e WHERE v = 1) FROM t");
            assertThat(ambiguous.sqlState()).as("v is both u's and e's in the subquery: ambiguous there, not looked "
                    + "for outside (42702)").isEqualTo("42702");
        }
    }

    @Test
    @Points(2)
    @DisplayName("subqueries under joins and over indexes keep their meaning when the optimizer rewrites plans, and a ? may stand inside a subquery")
    void subqueriesUnderJoinsAndParameters(@Scratch Path dir) {
        try (Database db = open(dir)) {
            Session session = open(db);
            session.execute("CREATE INDEX uv ON u (v)");
            assertThat(rows(session, "SELECT id, (SELECT count(*) FROM u WHERE u.v = t.b), "
                    + "(SELECT count(*) FROM u WHERE u.v < t.b) FROM t ORDER BY id"))
                    .as("conditions on an indexed column that compare with an outer column, known only per outer row")
                    .containsExactly(List.of(Value.of(1L), Value.of(1L), Value.of(0L)),
                            List.of(Value.of(2L), Value.of(1L), Value.of(1L)),
                            List.of(Value.of(3L), Value.of(1L), Value.of(1L)),
                            List.of(Value.of(4L), Value.of(0L), Value.of(0L)));
            assertThat(rows(session, "SELECT t.id, u.id FROM t LEFT JOIN u ON t.b = u.v "
                    + "WHERE NOT EXISTS (SELECT 1 FROM e WHERE e.v = u.id) AND u.id IS NULL ORDER BY t.id"))
                    .as("a condition on the padded side of a LEFT JOIN, through a subquery, stays above the join")
                    .containsExactly(List.of(Value.of(4L), Value.NULL));
            assertThat(rows(session, "SELECT t.id, u.id FROM t, u WHERE u.v = t.b "
                    + "AND (SELECT count(*) FROM t AS x WHERE x.b = u.v) = t.b ORDER BY t.id"))
                    .as("a subquery reading both sides of a join is evaluated on joined rows")
                    .containsExactly(List.of(Value.of(1L), Value.of(1L)), List.of(Value.of(2L), Value.of(2L)),
                            List.of(Value.of(3L), Value.of(2L)));
            assertThat(rows(session, "SELECT id FROM t WHERE a > (SELECT avg(a) FROM t) AND b IS NOT NULL"))
                    .as("an uncorrelated subquery in a filter pushed into the scan")
                    .containsExactly(List.of(Value.of(3L)));
            Prepared prepared = session.prepare("SELECT id FROM t WHERE b IN (SELECT v FROM u WHERE u.id <= ?) "
                    + "AND a > (SELECT ? * 10) ORDER BY id");
            assertThat(prepared.parameterCount()).as("both ? count, the one inside each subquery too").isEqualTo(2);
            assertThat(((Result.Rows) prepared.execute(List.of(Value.of(2L), Value.of(1L)))).rows())
                    .as("u.id <= 2 gives v in (1, 2); a > 10").containsExactly(List.of(Value.of(2L)), List.of(Value.of(3L)));
            assertThat(((Result.Rows) prepared.execute(List.of(Value.of(1L), Value.of(0L)))).rows())
                    .as("u.id <= 1 gives v in (1); a > 0").containsExactly(List.of(Value.of(1L)));
        }
    }

    @Test
    @Points(1)
    @DisplayName("EXPLAIN lists each subquery's plan under the node that runs it: once, or for each outer value")
    void explainShowsSubqueryPlans(@Scratch Path dir) {
        try (Database db = open(dir)) {
            Session session = open(db);
            List<String> plan = rows(session, "EXPLAIN SELECT id, (SELECT count(*) FROM t AS x WHERE x.b < t.b) FROM t "
                    + "WHERE a > (SELECT avg(a) FROM t)").stream().map(row -> ((Value.Text) row.get(0)).value()).toList();
            assertThat(String.join("\n", plan)).as("the plan, with its two subqueries").isEqualTo(String.join("\n",
                    "Project: id, (SELECT ...)",
                    "  Subquery: for each t.b",
                    "    Project: count(*)",
                    "      Aggregate: count(*)",
                    "        Scan: t AS x, filter x.b < t.b",
                    "  Scan: t, filter a > (SELECT ...)",
                    "    Subquery: once",
                    "      Project: avg(a)",
                    "        Aggregate: avg(a)",
                    "          Scan: t"));
        }
    }

    private static Database open(Path dir) {
        return Database.open(dir);
    }
}
