package dev.fromzero.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fromzero.sql.parser.ParseException;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 15 (bonus): compound queries, checked against a model of the set operators, and through
 * what a client sees of them: column names and types, EXPLAIN, errors, JDBC and prepared statements.
 */
@Seeded
@Step(chapter = 5, number = 15, title = "Compound queries", bonus = true,
        guide = "docs/chapter05-sql.md#step-15-bonus-compound-queries")
@Hint("Set operators bind from the left with one precedence: a UNION b INTERSECT c is (a UNION b) INTERSECT c. All "
        + "but UNION ALL drop repeated rows, comparing as DISTINCT does (NULL equals NULL, 1 equals 1.0). ORDER BY, "
        + "LIMIT and OFFSET after the last SELECT apply to the whole result; before a set operator they are an error.")
class CompoundTest {

    private static final String SCHEMA = """
            CREATE TABLE a (id INTEGER PRIMARY KEY, x INTEGER, s TEXT);
            CREATE TABLE b (id INTEGER PRIMARY KEY, y INTEGER, f FLOAT);
            INSERT INTO a VALUES (1, 1, 'p'), (2, 1, 'p'), (3, 2, 'q'), (4, NULL, NULL), (5, NULL, 'r'), (6, 3, 'q');
            INSERT INTO b VALUES (1, 2, 2.0), (2, 2, 2.5), (3, NULL, NULL), (4, 4, 1.0), (5, 5, NULL);
            """;

    /** A row of l or r: {@code k} and {@code v} may be null (SQL's NULL); in r, {@code v} is a FLOAT. */
    private record Row(long id, Long k, Double v) {}

    /** A member of a compound: its SQL, and the rows of its table it keeps. */
    private record Member(String sql, String table, Predicate<Row> keeps) {}

    private static final List<String> OPERATORS = List.of("UNION", "UNION ALL", "EXCEPT", "INTERSECT");

    @Test
    @Points(4)
    @DisplayName("random compounds of up to four SELECTs, with repeats, NULLs, 1 against 1.0, ORDER BY and LIMIT, agree with a model")
    void randomCompoundsAgreeWithAModel(Seed seed, @Scratch Path dir) {
        Random random = seed.random();
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            for (int round = 0; round < 10; round++) {
                session.execute("DROP TABLE IF EXISTS l");
                session.execute("DROP TABLE IF EXISTS r");
                session.execute("CREATE TABLE l (id INTEGER PRIMARY KEY, k INTEGER, v INTEGER)");
                session.execute("CREATE TABLE r (id INTEGER PRIMARY KEY, k INTEGER, v FLOAT)");
                List<Row> l = insert(session, "l", random, false);
                List<Row> r = insert(session, "r", random, true);
                for (int query = 0; query < 20; query++) {
                    check(session, l, r, random);
                }
            }
        }
    }

    private static List<Row> insert(Session session, String table, Random random, boolean floats) {
        List<Row> rows = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (int i = random.nextInt(8); i > 0; i--) {
            Long k = random.nextInt(4) == 0 ? null : (long) random.nextInt(3);
            Double v = random.nextInt(4) == 0 ? null : floats && random.nextInt(3) == 0 ? random.nextInt(3) + 0.5
                    : (double) random.nextInt(3);
            Row row = new Row(rows.size() + 1, k, v);
            rows.add(row);
            String written = v == null ? "NULL" : floats ? String.valueOf(v) : String.valueOf(v.longValue());
            values.add("(" + row.id() + ", " + (k == null ? "NULL" : k) + ", " + written + ")");
        }
        if (!values.isEmpty()) {
            session.execute("INSERT INTO " + table + " VALUES " + String.join(", ", values));
        }
        return rows;
    }

    private static Member member(Random random) {
        String table = random.nextBoolean() ? "l" : "r";
        long n = random.nextInt(3);
        return switch (random.nextInt(4)) {
            case 0 -> new Member("SELECT k, v FROM " + table, table, row -> true);
            case 1 -> new Member("SELECT k, v FROM " + table + " WHERE k >= " + n, table,
                    row -> row.k() != null && row.k() >= n);
            case 2 -> new Member("SELECT k, v FROM " + table + " WHERE v IS NULL OR v < " + n, table,
                    row -> row.v() == null || row.v() < n);
            default -> new Member("SELECT v, k FROM " + table + " WHERE k IS NULL", table, row -> row.k() == null);
        };
    }

    private static void check(Session session, List<Row> l, List<Row> r, Random random) {
        Member first = member(random);
        StringBuilder sql = new StringBuilder(first.sql());
        List<List<Object>> expected = rows(first, l, r);
        for (int i = 1 + random.nextInt(3); i > 0; i--) {
            String operator = OPERATORS.get(random.nextInt(OPERATORS.size()));
            Member next = member(random);
            sql.append(' ').append(operator).append(' ').append(next.sql());
            expected = apply(operator, expected, rows(next, l, r));
        }
        boolean ordered = random.nextBoolean();
        if (ordered) {
            sql.append(" ORDER BY 1, 2");
            expected.sort(ORDER);
            int offset = random.nextInt(3);
            int limit = random.nextInt(5);
            sql.append(" LIMIT ").append(limit).append(" OFFSET ").append(offset);
            expected = expected.subList(Math.min(offset, expected.size()), Math.min(offset + limit, expected.size()));
        }
        List<List<Object>> actual = new ArrayList<>();
        for (List<Value> row : ((Result.Rows) session.execute(sql.toString())).rows()) {
            actual.add(List.of(key(row.get(0)), key(row.get(1))));
        }
        if (!ordered) {
            actual.sort(ORDER);
            expected.sort(ORDER);
        }
        assertThat(actual).as("%s over l = %s and r = %s (as numbers: 1 and 1.0 are one value; NULL is \"NULL\")",
                sql, l, r).isEqualTo(expected);
    }

    /** A member's rows, as numbers (a whole FLOAT as the INTEGER it equals) or "NULL". */
    private static List<List<Object>> rows(Member member, List<Row> l, List<Row> r) {
        List<List<Object>> rows = new ArrayList<>();
        for (Row row : member.table().equals("l") ? l : r) {
            if (member.keeps().test(row)) {
                Object k = row.k() == null ? "NULL" : (Object) (double) row.k();
                Object v = row.v() == null ? "NULL" : (Object) row.v();
                rows.add(member.sql().startsWith("SELECT v") ? List.of(v, k) : List.of(k, v));
            }
        }
        return rows;
    }

    /** The model: the set operator over two lists of rows, as SQL defines it. */
    private static List<List<Object>> apply(String operator, List<List<Object>> left, List<List<Object>> right) {
        if (operator.equals("UNION ALL")) {
            List<List<Object>> all = new ArrayList<>(left);
            all.addAll(right);
            return all;
        }
        Set<List<Object>> result = new LinkedHashSet<>();
        switch (operator) {
            case "UNION" -> {
                result.addAll(left);
                result.addAll(right);
            }
            case "EXCEPT" -> left.stream().filter(row -> !right.contains(row)).forEach(result::add);
            default -> left.stream().filter(right::contains).forEach(result::add);
        }
        return new ArrayList<>(result);
    }

    private static Object key(Value value) {
        if (value.isNull()) {
            return "NULL";
        }
        return value instanceof Value.Int i ? (double) i.value() : ((Value.Float) value).value();
    }

    /** ORDER BY 1, 2 as SQL sorts: NULL first, then numbers. */
    private static final Comparator<List<Object>> ORDER = Comparator.<List<Object>, Object>comparing(row -> row.get(0),
            CompoundTest::compare).thenComparing(row -> row.get(1), CompoundTest::compare);

    private static int compare(Object a, Object b) {
        if (a.equals("NULL") || b.equals("NULL")) {
            return Boolean.compare(!a.equals("NULL"), !b.equals("NULL"));
        }
        return Double.compare((Double) a, (Double) b);
    }

    @Test
    @Points(2)
    @DisplayName("the result's columns are named as the first SELECT names them, and typed where every SELECT agrees")
    void resultColumnsComeFromTheFirstSelect(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            session.executeScript(SCHEMA);
            Result.Rows named = (Result.Rows) session.execute(
                    "SELECT id AS n, s FROM a WHERE id < 3 UNION SELECT y, 'b' AS t FROM b WHERE y = 4 ORDER BY n");
            assertThat(named.columns()).as("names from the first SELECT, an alias or the column's name; types from the"
                    + " declared INTEGER columns of both, and from TEXT values").containsExactly(
                    new Result.Column("n", DataType.INTEGER), new Result.Column("s", DataType.TEXT));
            assertThat(named.rows()).as("the rows of both, sorted by n").containsExactly(
                    List.of(Value.of(1), Value.of("p")), List.of(Value.of(2), Value.of("p")),
                    List.of(Value.of(4), Value.of("b")));
            Result.Rows mixed = (Result.Rows) session.execute("SELECT x FROM a WHERE id = 1 UNION ALL SELECT f FROM b WHERE id = 2");
            assertThat(mixed.columns()).as("an INTEGER column over a FLOAT one: no one type, so unknown (null)")
                    .containsExactly(new Result.Column("x", null));
            assertThat(mixed.rows()).as("each value keeps its own type").containsExactly(
                    List.of(Value.of(1)), List.of(Value.of(2.5)));
            Result.Rows floats = (Result.Rows) session.execute("SELECT f FROM b WHERE id = 4 UNION SELECT 2.5");
            assertThat(floats.columns()).as("FLOAT values on both sides").containsExactly(new Result.Column("f", DataType.FLOAT));
        }
    }

    @Test
    @Points(1)
    @DisplayName("EXPLAIN shows a compound's plan: its Limit and Sort over a SetOperation per operator, leaning left")
    void explainShowsTheCompoundsPlan(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            session.executeScript(SCHEMA);
            Result.Rows plan = (Result.Rows) session.execute("EXPLAIN SELECT x FROM a WHERE x > 1 UNION SELECT y FROM b "
                    + "INTERSECT SELECT 2 ORDER BY 1 DESC LIMIT 2");
            assertThat(plan.rows().stream().map(row -> ((Value.Text) row.get(0)).value()).toList())
                    .as("the plan, root first, sources indented: the first two SELECTs' UNION is the INTERSECT's left"
                            + " source (one precedence, from the left)").containsExactly(
                            "Limit: limit 2",
                            "  Sort: x DESC",
                            "    SetOperation: INTERSECT",
                            "      SetOperation: UNION",
                            "        Project: x",
                            "          Scan: a, filter x > 1",
                            "        Project: y",
                            "          Scan: b",
                            "      Values: 1 row");
        }
    }

    @Test
    @Points(2)
    @DisplayName("errors name what and where: SELECTs of other widths, ORDER BY or LIMIT before an operator, an ORDER BY term the result lacks")
    void errorsNameWhatAndWhere(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            session.executeScript(SCHEMA);
            assertThatThrownBy(() -> session.execute("SELECT x FROM a UNION SELECT y FROM b EXCEPT SELECT y, f, id FROM b"))
                    .as("a third SELECT of 3 columns after two of 1: the error names the operator and both counts")
                    .isInstanceOf(SqlException.class)
                    .hasMessageContaining("EXCEPT").hasMessageContaining("1").hasMessageContaining("3")
                    .satisfies(e -> assertThat(((SqlException) e).sqlState()).as("SQLSTATE of a width mismatch, as in"
                            + " PostgreSQL").isEqualTo("42601"));
            assertThatThrownBy(() -> session.execute("SELECT x FROM a\n  ORDER BY x\nUNION SELECT y FROM b"))
                    .as("ORDER BY before UNION is a syntax error at the ORDER BY")
                    .isInstanceOfSatisfying(ParseException.class, e -> {
                        assertThat(List.of(e.line(), e.column())).as("line and column of ORDER").containsExactly(2, 3);
                        assertThat(e.sqlState()).as("a syntax error's SQLSTATE").isEqualTo("42601");
                    });
            assertThatThrownBy(() -> session.execute("SELECT x FROM a LIMIT 1 UNION ALL SELECT y FROM b"))
                    .as("LIMIT before UNION ALL is a syntax error at the LIMIT")
                    .isInstanceOfSatisfying(ParseException.class, e ->
                            assertThat(List.of(e.line(), e.column())).as("line and column of LIMIT").containsExactly(1, 17));
            assertThatThrownBy(() -> session.execute("SELECT x FROM a UNION SELECT y FROM b ORDER BY id"))
                    .as("id is a column of both tables but not of the result")
                    .isInstanceOf(SqlException.class).hasMessageContaining("id")
                    .satisfies(e -> assertThat(((SqlException) e).sqlState()).as("SQLSTATE of an ORDER BY term that is"
                            + " no result column (PostgreSQL's invalid_column_reference)").isEqualTo("42P10"));
            assertThatThrownBy(() -> session.execute("SELECT x FROM a UNION SELECT y FROM b ORDER BY 2"))
                    .as("the result has one column").isInstanceOf(SqlException.class).hasMessageContaining("out of range");
        }
    }

    @Test
    @Points(2)
    @DisplayName("compound queries run through JDBC's executeQuery, with their metadata, and as prepared statements with ? in any member and in LIMIT")
    void compoundsRunThroughJdbcAndPreparedStatements(@Scratch Path dir) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:fromzero:" + dir)) {
            c.createStatement().executeUpdate("CREATE TABLE a (id INTEGER PRIMARY KEY, x INTEGER, s TEXT)");
            c.createStatement().executeUpdate("CREATE TABLE b (id INTEGER PRIMARY KEY, y INTEGER, f FLOAT)");
            c.createStatement().executeUpdate("INSERT INTO a VALUES (1, 1, 'p'), (2, 3, 'q'), (3, 5, NULL)");
            c.createStatement().executeUpdate("INSERT INTO b VALUES (1, 3, 1.5), (2, 4, NULL)");
            try (ResultSet rs = c.createStatement().executeQuery("SELECT x AS v, s FROM a EXCEPT SELECT y, 'q' FROM b ORDER BY v")) {
                ResultSetMetaData meta = rs.getMetaData();
                assertThat(List.of(meta.getColumnCount(), meta.getColumnLabel(1), meta.getColumnLabel(2)))
                        .as("executeQuery's metadata: two columns, named by the first SELECT").containsExactly(2, "v", "s");
                List<String> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(rs.getLong(1) + "|" + rs.getString(2));
                }
                assertThat(rows).as("a's rows without (3, 'q'), sorted").containsExactly("1|p", "5|null");
            }
            try (PreparedStatement query = c.prepareStatement(
                    "SELECT x FROM a WHERE x > ? UNION SELECT y FROM b WHERE y < ? ORDER BY 1 DESC LIMIT ?")) {
                query.setLong(1, 1);
                query.setLong(2, 5);
                query.setLong(3, 10);
                assertThat(column(query)).as("x > 1 gives 3, 5; y < 5 gives 3, 4; UNION keeps one 3").containsExactly(5L, 4L, 3L);
                query.setLong(1, 0);
                query.setLong(2, 4);
                query.setLong(3, 2);
                assertThat(column(query)).as("run again with x > 0, y < 4 and LIMIT 2").containsExactly(5L, 3L);
            }
        }
    }

    private static List<Long> column(PreparedStatement query) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                values.add(rs.getLong(1));
            }
        }
        return values;
    }
}
