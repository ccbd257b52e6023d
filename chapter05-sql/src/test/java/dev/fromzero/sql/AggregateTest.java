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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Seeded
@Step(chapter = 5, number = 8, title = "Aggregation and DISTINCT", guide = "docs/chapter05-sql.md#step-8-aggregation-and-distinct")
@Hint("Keep one accumulator per aggregate per group, and find a row's group by its GROUP BY values, NULLs included. "
        + "count counts, sum adds as + does, avg divides a FLOAT total, and min and max compare as ORDER BY does.")
class AggregateTest {

    @Test
    @DisplayName("aggregates have SQL types: count is INTEGER, avg FLOAT even over INTEGERs, sum and min keep their column's")
    void resultTypes(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            session.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, f FLOAT, s TEXT)");
            session.execute("INSERT INTO t VALUES (1, 1, 0.5, 'b'), (2, 2, 1.5, 'a')");
            Result.Rows rows = (Result.Rows) session.execute(
                    "SELECT count(*), count(n), sum(n), sum(f), avg(n), min(s), max(n) FROM t");
            assertThat(rows.rows()).as("count(*), count(n), sum(n), sum(f), avg(n), min(s), max(n) over (1, 0.5), (2, 1.5)")
                    .containsExactly(List.of(Value.of(2L), Value.of(2L), Value.of(3L), Value.of(2.0), Value.of(1.5),
                            Value.of("a"), Value.of(2L)));
            assertThat(rows.columns().stream().map(Result.Column::type)).as("the result columns' types")
                    .containsExactly(DataType.INTEGER, DataType.INTEGER, DataType.INTEGER, DataType.FLOAT, DataType.FLOAT,
                            DataType.TEXT, DataType.INTEGER);
            assertThat(rows.columns().stream().map(Result.Column::name)).as("an aggregate's column is named by its text")
                    .containsExactly("count(*)", "count(n)", "sum(n)", "sum(f)", "avg(n)", "min(s)", "max(n)");
            Result.Rows avg = (Result.Rows) session.execute("SELECT avg(n) FROM t WHERE id = 2");
            assertThat(avg.rows()).as("avg of the INTEGER 2 is the FLOAT 2.0, as in SQLite")
                    .containsExactly(List.of(Value.of(2.0)));
            Result.Rows none = (Result.Rows) session.execute("SELECT count(n), sum(n), avg(n) FROM t WHERE id > 5");
            assertThat(none.rows()).as("over no rows: count 0, sum and avg NULL")
                    .containsExactly(List.of(Value.of(0L), Value.NULL, Value.NULL));
        }
    }

    @Test
    @Points(3)
    @DisplayName("random GROUP BY queries with NULLs agree with a model of count, sum, min, max, avg and count(DISTINCT)")
    void randomGroupsAgreeWithAModel(Seed seed, @Scratch Path dir) {
        Random random = seed.random();
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            for (int round = 0; round < 15; round++) {
                session.execute("DROP TABLE IF EXISTS t");
                session.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, g INTEGER, x INTEGER)");
                List<Long[]> rows = new ArrayList<>();
                List<String> values = new ArrayList<>();
                for (int i = random.nextInt(12); i > 0; i--) {
                    Long g = random.nextInt(4) == 0 ? null : (long) random.nextInt(3);
                    Long x = random.nextInt(3) == 0 ? null : (long) random.nextInt(7) - 3;
                    rows.add(new Long[] {g, x});
                    values.add("(" + i + ", " + g + ", " + x + ")");
                }
                if (!values.isEmpty()) {
                    session.execute("INSERT INTO t VALUES " + String.join(", ", values));
                }
                long above = random.nextInt(5) - 3;
                String sql = "SELECT g, count(*), count(x), sum(x), min(x), max(x), avg(x), count(DISTINCT x) FROM t "
                        + "WHERE x IS NULL OR x > " + above + " GROUP BY g";
                // -1 stands for the NULL group, so that the TreeMap can hold it.
                Map<Long, List<Long>> groups = new TreeMap<>();
                for (Long[] row : rows) {
                    if (row[1] == null || row[1] > above) {
                        groups.computeIfAbsent(row[0] == null ? -1 : row[0], k -> new ArrayList<>()).add(row[1]);
                    }
                }
                List<List<Value>> expected = new ArrayList<>();
                groups.forEach((g, xs) -> expected.add(expectedRow(g == -1 ? Value.NULL : Value.of(g), xs)));
                List<List<Value>> actual = new ArrayList<>(((Result.Rows) session.execute(sql)).rows());
                actual.sort((a, b) -> Long.compare(group(a), group(b)));
                assertThat(actual).as("%s over (g, x) rows %s", sql, rows.stream().map(Arrays::asList).toList())
                        .isEqualTo(expected);
            }
        }
    }

    private static long group(List<Value> row) {
        return row.get(0) instanceof Value.Int i ? i.value() : -1;
    }

    private static List<Value> expectedRow(Value group, List<Long> xs) {
        List<Long> present = xs.stream().filter(Objects::nonNull).toList();
        boolean none = present.isEmpty();
        long sum = present.stream().mapToLong(Long::longValue).sum();
        return List.of(group, Value.of((long) xs.size()), Value.of((long) present.size()),
                none ? Value.NULL : Value.of(sum),
                none ? Value.NULL : Value.of(present.stream().mapToLong(Long::longValue).min().getAsLong()),
                none ? Value.NULL : Value.of(present.stream().mapToLong(Long::longValue).max().getAsLong()),
                none ? Value.NULL : Value.of((double) sum / present.size()),
                Value.of((long) new HashSet<>(present).size()));
    }
}
