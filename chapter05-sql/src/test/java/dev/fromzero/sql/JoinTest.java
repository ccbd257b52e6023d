package dev.fromzero.sql;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Seeded
@Step(chapter = 5, number = 7, title = "Joins", guide = "docs/chapter05-sql.md#step-7-joins")
@Hint("Write the nested-loop join first and make every join type right with it; the hash join must give the same "
        + "rows. A row of the kept side of an outer join that matched nothing is padded with NULLs once, after all "
        + "its candidates failed, and a right row counts as matched if any left row matched it.")
class JoinTest {

    /** A row of l(id, k, v) or r(id, k, v); k and v may be null (SQL's NULL). */
    private record Row(long id, Long k, Long v) {}

    /** A condition in SQL and in Java: its value for a pair (either side may be null, a padded side), null for unknown. */
    private record Condition(String sql, BiFunction<Row, Row, Boolean> value) {}

    private static final List<String> TYPES = List.of("INNER", "LEFT", "RIGHT", "FULL", "CROSS");

    @Test
    @Points(5)
    @DisplayName("random joins of every type, with NULL and repeated keys, ON and WHERE conditions, agree with a model")
    void randomJoinsAgreeWithAModel(Seed seed, @Scratch Path dir) {
        Random random = seed.random();
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            for (int round = 0; round < 12; round++) {
                session.execute("DROP TABLE IF EXISTS l");
                session.execute("DROP TABLE IF EXISTS r");
                session.execute("CREATE TABLE l (id INTEGER PRIMARY KEY, k INTEGER, v INTEGER)");
                session.execute("CREATE TABLE r (id INTEGER PRIMARY KEY, k INTEGER, v INTEGER)");
                List<Row> left = insert(session, "l", random, 0);
                List<Row> right = insert(session, "r", random, 100);
                for (int query = 0; query < 15; query++) {
                    check(session, left, right, random);
                }
            }
        }
    }

    private static List<Row> insert(Session session, String table, Random random, long firstId) {
        List<Row> rows = new ArrayList<>();
        List<String> values = new ArrayList<>();
        int count = random.nextInt(7);
        for (int i = 0; i < count; i++) {
            Row row = new Row(firstId + i, random.nextInt(5) == 0 ? null : (long) random.nextInt(4),
                    random.nextInt(5) == 0 ? null : (long) random.nextInt(6));
            rows.add(row);
            values.add("(" + row.id() + ", " + sql(row.k()) + ", " + sql(row.v()) + ")");
        }
        if (!values.isEmpty()) {
            session.execute("INSERT INTO " + table + " VALUES " + String.join(", ", values));
        }
        return rows;
    }

    private static void check(Session session, List<Row> left, List<Row> right, Random random) {
        String type = TYPES.get(random.nextInt(TYPES.size()));
        List<Condition> on = new ArrayList<>();
        List<Condition> where = new ArrayList<>();
        if (type.equals("CROSS")) {
            if (random.nextBoolean()) {
                where.add(equalKeys());
            }
        } else {
            on.add(random.nextInt(4) == 0 ? lessKeys() : equalKeys());
            if (random.nextBoolean()) {
                on.add(condition(random));
            }
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            where.add(condition(random));
        }
        String sql = "SELECT l.id, r.id FROM l " + (type.equals("CROSS") ? ", r" : type + " JOIN r ON " + sql(on))
                + (where.isEmpty() ? "" : " WHERE " + sql(where));
        List<List<Value>> expected = new ArrayList<>();
        boolean[] rightMatched = new boolean[right.size()];
        for (Row l : left) {
            boolean matched = false;
            for (int i = 0; i < right.size(); i++) {
                if (holds(on, l, right.get(i))) {
                    matched = true;
                    rightMatched[i] = true;
                    keep(expected, where, l, right.get(i));
                }
            }
            if (!matched && (type.equals("LEFT") || type.equals("FULL"))) {
                keep(expected, where, l, null);
            }
        }
        for (int i = 0; i < right.size(); i++) {
            if (!rightMatched[i] && (type.equals("RIGHT") || type.equals("FULL"))) {
                keep(expected, where, null, right.get(i));
            }
        }
        Result.Rows result = (Result.Rows) session.execute(sql);
        assertThat(sorted(result.rows()))
                .as("%s over l = %s and r = %s (pairs of l.id, r.id; NULL for a padded side)", sql, left, right)
                .isEqualTo(sorted(expected));
    }

    private static void keep(List<List<Value>> rows, List<Condition> where, Row l, Row r) {
        if (holds(where, l, r)) {
            rows.add(Arrays.asList(l == null ? Value.NULL : Value.of(l.id()), r == null ? Value.NULL : Value.of(r.id())));
        }
    }

    /** Whether every condition is TRUE (not FALSE, not unknown) for the pair. */
    private static boolean holds(List<Condition> conditions, Row l, Row r) {
        return conditions.stream().allMatch(c -> Boolean.TRUE.equals(c.value().apply(l, r)));
    }

    private static Condition equalKeys() {
        return new Condition("l.k = r.k", (l, r) -> compare(key(l), key(r), (a, b) -> a.equals(b)));
    }

    private static Condition lessKeys() {
        return new Condition("l.k < r.k", (l, r) -> compare(key(l), key(r), (a, b) -> a < b));
    }

    private static Condition condition(Random random) {
        long n = random.nextInt(6);
        return switch (random.nextInt(7)) {
            case 0 -> new Condition("l.v > " + n, (l, r) -> compare(value(l), n, (a, b) -> a > b));
            case 1 -> new Condition("r.v > " + n, (l, r) -> compare(value(r), n, (a, b) -> a > b));
            case 2 -> new Condition("l.v < r.v", (l, r) -> compare(value(l), value(r), (a, b) -> a < b));
            case 3 -> new Condition("r.v IS NULL", (l, r) -> value(r) == null);
            case 4 -> new Condition("l.id IS NULL", (l, r) -> l == null);
            case 5 -> new Condition("r.id IS NOT NULL", (l, r) -> r != null);
            default -> new Condition("(r.v IS NULL OR l.v <= " + n + ")", (l, r) -> {
                Boolean small = compare(value(l), n, (a, b) -> a <= b);
                return value(r) == null || Boolean.TRUE.equals(small) ? Boolean.TRUE : small == null ? null : false;
            });
        };
    }

    private static Long key(Row row) {
        return row == null ? null : row.k();
    }

    private static Long value(Row row) {
        return row == null ? null : row.v();
    }

    /** A comparison in three-valued logic: unknown (null) if either side is NULL. */
    private static Boolean compare(Long a, Long b, BiFunction<Long, Long, Boolean> op) {
        return a == null || b == null ? null : op.apply(a, b);
    }

    private static String sql(List<Condition> conditions) {
        return String.join(" AND ", conditions.stream().map(Condition::sql).toList());
    }

    private static String sql(Long value) {
        return value == null ? "NULL" : value.toString();
    }

    private static List<String> sorted(List<List<Value>> rows) {
        return rows.stream().map(Object::toString).sorted(Comparator.naturalOrder()).toList();
    }

    @Test
    @DisplayName("a join's result columns are the left table's, then the right's, typed, and padded ones are NULL")
    void joinedResultColumns(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            session.execute("CREATE TABLE a (id INTEGER PRIMARY KEY, x TEXT)");
            session.execute("CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER, y FLOAT)");
            session.execute("INSERT INTO a VALUES (1, 'one'), (2, 'two')");
            session.execute("INSERT INTO b VALUES (10, 1, 0.5)");
            Result.Rows rows = (Result.Rows) session.execute("SELECT * FROM a LEFT JOIN b ON b.a_id = a.id ORDER BY a.id");
            assertThat(rows.columns()).as("SELECT * over a join: a's columns, then b's, each with its declared type")
                    .containsExactly(new Result.Column("id", DataType.INTEGER), new Result.Column("x", DataType.TEXT),
                            new Result.Column("id", DataType.INTEGER), new Result.Column("a_id", DataType.INTEGER),
                            new Result.Column("y", DataType.FLOAT));
            assertThat(rows.rows()).as("a row of a that matched, then one padded with NULLs for b's columns")
                    .containsExactly(
                            List.of(Value.of(1L), Value.of("one"), Value.of(10L), Value.of(1L), Value.of(0.5)),
                            List.of(Value.of(2L), Value.of("two"), Value.NULL, Value.NULL, Value.NULL));
        }
    }
}
