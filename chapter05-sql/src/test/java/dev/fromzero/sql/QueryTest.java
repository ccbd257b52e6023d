package dev.fromzero.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Seeded
@Step(chapter = 5, number = 6, title = "Queries", guide = "docs/chapter05-sql.md#step-6-queries")
@Hint("Build the operators of the plan (scan, filter, sort, limit, project) as iterators, and run INSERT, UPDATE and "
        + "DELETE through one write set each. A WHERE keeps only rows where it is TRUE; UPDATE computes every SET "
        + "from the row as it was; ORDER BY puts NULLs first ascending and last descending; OFFSET comes before LIMIT.")
class QueryTest {

    /** A row of the model table t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT); null stands for SQL's NULL. */
    private record Row(long id, Long a, String b) {
        List<Value> values() {
            return List.of(Value.of(id), a == null ? Value.NULL : Value.of(a), b == null ? Value.NULL : Value.of(b));
        }
    }

    /** A WHERE clause and which model rows it keeps (those where it is TRUE). */
    private record Where(String sql, Predicate<Row> keeps) {}

    private static Where randomWhere(Random random) {
        long x = random.nextInt(11) - 5;
        long y = x + random.nextInt(4);
        String letter = List.of("x", "y", "z").get(random.nextInt(3));
        return switch (random.nextInt(9)) {
            case 0 -> new Where("a < " + x, r -> r.a() != null && r.a() < x);
            case 1 -> new Where("b = '" + letter + "'", r -> letter.equals(r.b()));
            case 2 -> new Where("a IS NULL", r -> r.a() == null);
            case 3 -> new Where("NOT (a >= " + x + ")", r -> r.a() != null && r.a() < x);
            case 4 -> new Where("a BETWEEN " + x + " AND " + y, r -> r.a() != null && r.a() >= x && r.a() <= y);
            case 5 -> new Where("b IN ('x', '" + letter + "')", r -> "x".equals(r.b()) || letter.equals(r.b()));
            case 6 -> new Where("a > " + x + " OR b IS NULL", r -> r.a() != null && r.a() > x || r.b() == null);
            case 7 -> new Where("a <> " + x + " AND b <> 'z'", r -> r.a() != null && r.a() != x && r.b() != null
                    && !r.b().equals("z"));
            default -> new Where("id % 3 = " + Math.floorMod(x, 3), r -> r.id() % 3 == Math.floorMod(x, 3));
        };
    }

    private static Long randomA(Random random) {
        return random.nextInt(6) == 0 ? null : (long) (random.nextInt(11) - 5);
    }

    private static String randomB(Random random) {
        return random.nextInt(5) == 0 ? null : List.of("x", "y", "z").get(random.nextInt(3));
    }

    private static String literal(Long a) {
        return a == null ? "NULL" : "(" + a + ")";
    }

    private static String literal(String b) {
        return b == null ? "NULL" : "'" + b + "'";
    }

    @Test
    @Points(5)
    @DisplayName("random INSERTs, UPDATEs, DELETEs and SELECTs with WHERE, ORDER BY, LIMIT and OFFSET agree with a model")
    void randomStatementsAgreeWithAModel(Seed seed, @Scratch Path dir) {
        Random random = seed.random();
        TreeMap<Long, Row> model = new TreeMap<>();
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            session.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b TEXT)");
            for (int step = 0; step < 250; step++) {
                switch (random.nextInt(5)) {
                    case 0, 1 -> insert(session, model, random);
                    case 2 -> update(session, model, random);
                    case 3 -> delete(session, model, random);
                    default -> select(session, model, random);
                }
            }
        }
        try (Database db = Database.open(dir)) {
            assertThat(rows(db.session(), "SELECT id, a, b FROM t ORDER BY id"))
                    .as("after reopening, the table holds exactly what the statements left")
                    .isEqualTo(model.values().stream().map(Row::values).toList());
        }
    }

    private static void insert(Session session, TreeMap<Long, Row> model, Random random) {
        List<Row> rows = new ArrayList<>();
        for (int i = random.nextInt(3); i >= 0; i--) {
            rows.add(new Row(random.nextInt(30), randomA(random), randomB(random)));
        }
        StringBuilder sql = new StringBuilder("INSERT INTO t (b, id, a) VALUES ");
        for (Row row : rows) {
            sql.append(row == rows.get(0) ? "" : ", ")
                    .append("(").append(literal(row.b())).append(", ").append(row.id()).append(", ")
                    .append(literal(row.a())).append(")");
        }
        Set<Long> ids = new HashSet<>();
        boolean duplicate = rows.stream().anyMatch(r -> model.containsKey(r.id()) || !ids.add(r.id()));
        if (duplicate) {
            assertThatThrownBy(() -> session.execute(sql.toString()))
                    .as("%s repeats a primary key: it must fail, and write none of its rows", sql)
                    .isInstanceOf(SqlException.class);
            return;
        }
        assertThat(session.execute(sql.toString())).as(sql.toString())
                .isEqualTo(new Result.Count("INSERT", rows.size()));
        rows.forEach(r -> model.put(r.id(), r));
    }

    private static void update(Session session, TreeMap<Long, Row> model, Random random) {
        Where where = randomWhere(random);
        List<Row> matched = model.values().stream().filter(where.keeps()).toList();
        String sql;
        List<Row> updated = new ArrayList<>();
        boolean wrongType = false;
        switch (random.nextInt(3)) {
            case 0 -> {
                long move = (random.nextInt(3) + 1) * 10L;
                sql = "UPDATE t SET id = id + " + move + " WHERE " + where.sql();
                matched.forEach(r -> updated.add(new Row(r.id() + move, r.a(), r.b())));
            }
            case 1 -> {
                // b is TEXT: storing it in the INTEGER column a fails unless every matched b is NULL.
                sql = "UPDATE t SET a = b WHERE " + where.sql();
                wrongType = matched.stream().anyMatch(r -> r.b() != null);
                matched.forEach(r -> updated.add(new Row(r.id(), null, r.b())));
            }
            default -> {
                long k = random.nextInt(5) - 2;
                String b = randomB(random);
                sql = "UPDATE t SET a = a + " + k + ", b = " + literal(b) + " WHERE " + where.sql();
                matched.forEach(r -> updated.add(new Row(r.id(), r.a() == null ? null : r.a() + k, b)));
            }
        }
        Set<Long> keys = new HashSet<>(model.keySet());
        matched.forEach(r -> keys.remove(r.id()));
        boolean collides = updated.stream().anyMatch(r -> !keys.add(r.id()));
        if (collides || wrongType) {
            assertThatThrownBy(() -> session.execute(sql))
                    .as("%s %s: it must fail as a whole", sql, collides ? "gives two rows one key"
                            : "stores TEXT in an INTEGER column")
                    .isInstanceOf(SqlException.class);
            return;
        }
        assertThat(session.execute(sql)).as("%s changes the %d rows its WHERE is TRUE for", sql, matched.size())
                .isEqualTo(new Result.Count("UPDATE", matched.size()));
        matched.forEach(r -> model.remove(r.id()));
        updated.forEach(r -> model.put(r.id(), r));
    }

    private static void delete(Session session, TreeMap<Long, Row> model, Random random) {
        Where where = randomWhere(random);
        List<Row> deleted = model.values().stream().filter(where.keeps()).toList();
        String sql = "DELETE FROM t WHERE " + where.sql();
        assertThat(session.execute(sql)).as("%s deletes the %d rows its WHERE is TRUE for", sql, deleted.size())
                .isEqualTo(new Result.Count("DELETE", deleted.size()));
        deleted.forEach(r -> model.remove(r.id()));
    }

    private static void select(Session session, TreeMap<Long, Row> model, Random random) {
        Where where = randomWhere(random);
        boolean byB = random.nextBoolean();
        boolean aDescending = random.nextBoolean();
        // SQLite's NULL order: NULL is the smallest value, first ascending and last descending.
        Comparator<Long> aOrder = Comparator.nullsFirst(Comparator.<Long>naturalOrder());
        Comparator<Row> order = Comparator.comparing(Row::a, aDescending ? aOrder.reversed() : aOrder);
        if (byB) {
            order = Comparator.comparing(Row::b, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
                    .thenComparing(order);
        }
        order = order.thenComparing(Row::id, Comparator.reverseOrder());
        int offset = random.nextInt(4);
        int limit = random.nextInt(8);
        String sql = "SELECT id, a, b FROM t WHERE " + where.sql() + " ORDER BY " + (byB ? "b, " : "")
                + (aDescending ? "a DESC" : "a") + ", id DESC LIMIT " + limit + " OFFSET " + offset;
        List<List<Value>> expected = model.values().stream().filter(where.keeps()).sorted(order)
                .skip(offset).limit(limit).map(Row::values).toList();
        assertThat(rows(session, sql)).as(sql).isEqualTo(expected);
    }

    private static List<List<Value>> rows(Session session, String sql) {
        Result result = session.execute(sql);
        assertThat(result).as("%s returns rows", sql).isInstanceOf(Result.Rows.class);
        return ((Result.Rows) result).rows();
    }

    @Test
    @DisplayName("result columns are named by alias, column name or expression text, with * and t.* expanded")
    void resultColumns(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            session.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, score FLOAT)");
            session.execute("INSERT INTO people VALUES (1, 'ann', 2.5)");
            Result.Rows rows = (Result.Rows) session.execute(
                    "SELECT name AS who, id + 1, p.*, score FROM people p");
            assertThat(rows.columns().stream().map(Result.Column::name))
                    .as("an alias names its column; an expression is named by its text; p.* gives every column's name")
                    .containsExactly("who", "id + 1", "id", "name", "score", "score");
            assertThat(rows.columns().stream().map(Result.Column::type))
                    .as("a column of the table keeps its declared type")
                    .containsExactly(DataType.TEXT, DataType.INTEGER, DataType.INTEGER, DataType.TEXT, DataType.FLOAT,
                            DataType.FLOAT);
            assertThat(rows.rows()).as("one row, its values in the order of the SELECT list").containsExactly(
                    List.of(Value.of("ann"), Value.of(2L), Value.of(1L), Value.of("ann"), Value.of(2.5), Value.of(2.5)));
            Result.Rows empty = (Result.Rows) session.execute("SELECT * FROM people WHERE id > 5");
            assertThat(empty.columns().stream().map(Result.Column::name))
                    .as("an empty result still has its columns").containsExactly("id", "name", "score");
            assertThat(empty.rows()).as("no row has id > 5").isEmpty();
        }
    }

    @Test
    @DisplayName("writes return how many rows they changed, and CREATE and DROP say what they did")
    void statementResults(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            assertThat(session.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)"))
                    .as("CREATE TABLE").isEqualTo(new Result.Done("CREATE TABLE"));
            assertThat(session.execute("INSERT INTO t VALUES (1, 10), (2, 20), (3, 30)"))
                    .as("an INSERT of three rows").isEqualTo(new Result.Count("INSERT", 3));
            assertThat(session.execute("UPDATE t SET v = v + 1 WHERE v >= 20"))
                    .as("an UPDATE whose WHERE holds for two rows").isEqualTo(new Result.Count("UPDATE", 2));
            assertThat(session.execute("UPDATE t SET v = 0 WHERE v > 100"))
                    .as("an UPDATE whose WHERE holds for no row").isEqualTo(new Result.Count("UPDATE", 0));
            assertThat(session.execute("DELETE FROM t WHERE id = 2"))
                    .as("a DELETE of one row").isEqualTo(new Result.Count("DELETE", 1));
            assertThat(session.execute("DELETE FROM t;"))
                    .as("a DELETE without WHERE deletes every row (a trailing ; is allowed)")
                    .isEqualTo(new Result.Count("DELETE", 2));
            assertThat(session.execute("DROP TABLE t")).as("DROP TABLE").isEqualTo(new Result.Done("DROP TABLE"));
            assertThat(session.execute("DROP TABLE IF EXISTS t")).as("DROP TABLE IF EXISTS of a missing table")
                    .isEqualTo(new Result.Done("DROP TABLE"));
        }
    }

    @Test
    @DisplayName("UPDATE computes every SET from the row as it was before the statement")
    void updateReadsTheOldRow(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            session.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER)");
            session.execute("INSERT INTO t VALUES (1, 1, 2), (2, 3, 4)");
            session.execute("UPDATE t SET a = b, b = a, id = id * 10 WHERE a < 10");
            assertThat(rows(session, "SELECT id, a, b FROM t ORDER BY id"))
                    .as("SET a = b, b = a swaps the columns, and the WHERE saw the old values")
                    .containsExactly(List.of(Value.of(10L), Value.of(2L), Value.of(1L)),
                            List.of(Value.of(20L), Value.of(4L), Value.of(3L)));
        }
    }
}
