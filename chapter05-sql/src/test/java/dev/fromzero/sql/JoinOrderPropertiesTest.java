package dev.fromzero.sql;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * The property a join order must keep: it changes how the rows are found, never which, nor the
 * order of {@code SELECT *}'s columns. Random small tables are joined by random comma, CROSS and
 * inner joins with random equalities, inequalities and constant filters in ON and WHERE; the answer
 * must be that of the FROM clause as written (the cross product of the tables, filtered), computed
 * by a model. And the plan must join through the equalities: the tables that equalities link into
 * k groups need k - 1 joins without an equality (cross products or nested loops), and no more.
 */
@Seeded
@Step(chapter = 5, number = 17, title = "Join ordering", bonus = true,
        guide = "docs/chapter05-sql.md#step-17-bonus-join-ordering")
@Hint("A wrong row means a condition was lost or put on a join before all its tables were there; a wrong column order "
        + "means the order leaked into SELECT *. Too many nested-loop joins means a table was joined before one linked "
        + "to the joined ones by an equality.")
class JoinOrderPropertiesTest {

    private static final String[] COLUMNS = {"id", "a", "b"};

    /** One condition: its SQL, its value over a joined row (null: unknown), and the tables it reads. */
    record Term(String sql, Function<Long[], Boolean> value, List<Integer> tables, boolean equalityBetweenTwo) {
        @Override
        public String toString() {
            return sql;
        }
    }

    /** One random case: each table's rows (id, a, b), how each table after the first is joined, the conditions. */
    record Case(List<List<Long[]>> tables, List<Boolean> joinWithOn, List<Term> terms, List<Boolean> inOn) {
        @Override
        public String toString() {
            return query("j", this) + " over " + describe(this);
        }
    }

    @Test
    @Points(4)
    @DisplayName("random joins answer as the FROM order written, with one equality-free join per group of linked tables")
    void reorderedJoinsAnswerAsWritten(@Scratch Path dir, Seed seed) {
        Gen<Case> cases = JoinOrderPropertiesTest::randomCase;
        AtomicInteger counter = new AtomicInteger();
        try (Database database = Database.open(dir)) {
            Session session = database.session();
            // A bounded shrink: each shrink step builds tables and runs a query, and a report must come in seconds.
            seed.theory(60).withShrinkCycles(200).forAll(cases).checkAssert(c -> {
                String prefix = "j" + counter.incrementAndGet() + "_";
                create(session, prefix, c);
                String sql = query(prefix, c);
                List<String> plan = ((Result.Rows) session.execute("EXPLAIN " + sql)).rows().stream()
                        .map(row -> ((Value.Text) row.get(0)).value().trim()).toList();
                long nestedLoops = plan.stream().filter(line -> line.startsWith("NestedLoopJoin")).count();
                long hashJoins = plan.stream().filter(line -> line.startsWith("HashJoin")).count();
                int groups = groups(c);
                assertThat(nestedLoops + hashJoins).as("%s: one join per table after the first; plan:\n%s", sql,
                        String.join("\n", plan)).isEqualTo(c.tables().size() - 1);
                assertThat(nestedLoops).as("%s: equalities link the tables into %d group(s), so exactly %d join(s) "
                        + "without an equality key are needed, the rest are hash joins; plan:\n%s", sql, groups,
                        groups - 1, String.join("\n", plan)).isEqualTo(groups - 1);
                List<String> actual = new ArrayList<>(((Result.Rows) session.execute(sql)).rows().stream()
                        .map(Object::toString).toList());
                assertThat(sorted(actual)).as("%s over the tables %s (rows of SELECT *, columns in FROM order)", sql,
                        describe(c)).isEqualTo(sorted(expected(c)));
                for (int t = 0; t < c.tables().size(); t++) {
                    session.execute("DROP TABLE " + prefix + t);
                }
            });
        }
    }

    private static void create(Session session, String prefix, Case c) {
        for (int t = 0; t < c.tables().size(); t++) {
            session.execute("CREATE TABLE " + prefix + t + " (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER)");
            List<String> values = new ArrayList<>();
            for (Long[] row : c.tables().get(t)) {
                values.add("(" + row[0] + ", " + sql(row[1]) + ", " + sql(row[2]) + ")");
            }
            if (!values.isEmpty()) {
                session.execute("INSERT INTO " + prefix + t + " VALUES " + String.join(", ", values));
            }
        }
    }

    /**
     * {@code SELECT * FROM t0, t1 CROSS JOIN t2 JOIN t3 ON … WHERE …}, with the tables aliased t0, t1, …: a
     * term goes into the ON of the join of the last table it reads (the first join for a term on t0
     * alone) when the case says so and that join has an ON, else into WHERE.
     */
    private static String query(String prefix, Case c) {
        List<List<String>> on = new ArrayList<>();
        for (int t = 0; t < c.tables().size(); t++) {
            on.add(new ArrayList<>());
        }
        List<String> where = new ArrayList<>();
        for (int i = 0; i < c.terms().size(); i++) {
            Term term = c.terms().get(i);
            int join = Math.max(1, term.tables().stream().mapToInt(Integer::intValue).max().orElse(0));
            if (c.inOn().get(i) && c.joinWithOn().get(join - 1)) {
                on.get(join).add(term.sql());
            } else {
                where.add(term.sql());
            }
        }
        StringBuilder sql = new StringBuilder("SELECT * FROM " + prefix + "0 AS t0");
        for (int t = 1; t < c.tables().size(); t++) {
            String table = prefix + t + " AS t" + t;
            if (!on.get(t).isEmpty()) {
                sql.append(" JOIN ").append(table).append(" ON ").append(String.join(" AND ", on.get(t)));
            } else {
                sql.append(c.joinWithOn().get(t - 1) ? " CROSS JOIN " : ", ").append(table);
            }
        }
        return where.isEmpty() ? sql.toString() : sql + " WHERE " + String.join(" AND ", where);
    }

    /** The rows of the FROM clause as written: every combination of rows, in FROM order, for which every term is TRUE. */
    private static List<String> expected(Case c) {
        List<Long[]> combinations = new ArrayList<>();
        combinations.add(new Long[0]);
        for (List<Long[]> table : c.tables()) {
            List<Long[]> longer = new ArrayList<>();
            for (Long[] prefix : combinations) {
                for (Long[] row : table) {
                    Long[] joined = Arrays.copyOf(prefix, prefix.length + 3);
                    System.arraycopy(row, 0, joined, prefix.length, 3);
                    longer.add(joined);
                }
            }
            combinations = longer;
        }
        List<String> rows = new ArrayList<>();
        for (Long[] row : combinations) {
            if (c.terms().stream().allMatch(term -> Boolean.TRUE.equals(term.value().apply(row)))) {
                rows.add(Arrays.stream(row).map(v -> v == null ? Value.NULL : Value.of(v)).toList().toString());
            }
        }
        return rows;
    }

    /** How many groups the equalities between two tables link the tables into. */
    private static int groups(Case c) {
        int[] group = new int[c.tables().size()];
        for (int t = 0; t < group.length; t++) {
            group[t] = t;
        }
        for (Term term : c.terms()) {
            if (term.equalityBetweenTwo()) {
                int from = group[term.tables().get(0)];
                int to = group[term.tables().get(1)];
                for (int t = 0; t < group.length; t++) {
                    if (group[t] == from) {
                        group[t] = to;
                    }
                }
            }
        }
        return (int) Arrays.stream(group).distinct().count();
    }

    private static Case randomCase(RandomnessSource in) {
        int count = 2 + pick(in, 4);
        List<List<Long[]>> tables = new ArrayList<>();
        for (int t = 0; t < count; t++) {
            List<Long[]> rows = new ArrayList<>();
            for (int id = 0, n = pick(in, 5); id < n; id++) {
                rows.add(new Long[] {(long) id, value(in), value(in)});
            }
            tables.add(rows);
        }
        List<Boolean> joinWithOn = new ArrayList<>();
        for (int t = 1; t < count; t++) {
            joinWithOn.add(pick(in, 2) == 0);
        }
        List<Term> terms = new ArrayList<>();
        List<Boolean> inOn = new ArrayList<>();
        for (int i = 0, n = pick(in, count + 3); i < n; i++) {
            terms.add(term(in, count));
            inOn.add(pick(in, 2) == 0);
        }
        return new Case(tables, joinWithOn, terms, inOn);
    }

    /** An equality between two tables (most often), an inequality, a constant filter, or a condition over three tables. */
    private static Term term(RandomnessSource in, int count) {
        int t = pick(in, count);
        int u = pick(in, count);
        int c = pick(in, 3);
        int d = pick(in, 3);
        String left = "t" + t + "." + COLUMNS[c];
        String right = "t" + u + "." + COLUMNS[d];
        int x = 3 * t + c;
        int y = 3 * u + d;
        return switch (pick(in, 8)) {
            case 0 -> new Term(left + " < " + right, row -> compare(row[x], row[y], row[x] != null && row[y] != null
                    && row[x] < row[y]), List.of(t, u), false);
            case 1 -> new Term(left + " <> " + right, row -> compare(row[x], row[y], !Objects.equals(row[x], row[y])),
                    List.of(t, u), false);
            case 2 -> {
                long k = pick(in, 4);
                yield new Term(left + " = " + k, row -> row[x] == null ? null : row[x] == k, List.of(t), false);
            }
            case 3 -> {
                int v = pick(in, count);
                int z = 3 * v + pick(in, 3);
                String third = "t" + v + "." + COLUMNS[z % 3];
                yield new Term(left + " + " + right + " > " + third, row -> row[x] == null || row[y] == null
                        || row[z] == null ? null : row[x] + row[y] > row[z], List.of(t, u, v), false);
            }
            default -> new Term(left + " = " + right, row -> compare(row[x], row[y], Objects.equals(row[x], row[y])),
                    List.of(t, u), t != u);
        };
    }

    /** A comparison's value: unknown (null) when either side is NULL. */
    private static Boolean compare(Long a, Long b, boolean result) {
        return a == null || b == null ? null : result;
    }

    private static Long value(RandomnessSource in) {
        int v = pick(in, 5);
        return v == 4 ? null : (long) v;
    }

    private static String sql(Long value) {
        return value == null ? "NULL" : value.toString();
    }

    private static List<String> sorted(List<String> rows) {
        return rows.stream().sorted().toList();
    }

    private static String describe(Case c) {
        List<String> tables = new ArrayList<>();
        for (int t = 0; t < c.tables().size(); t++) {
            tables.add("t" + t + " " + c.tables().get(t).stream().map(Arrays::toString).toList());
        }
        return String.join("; ", tables);
    }

    private static int pick(RandomnessSource in, int bound) {
        return (int) in.next(Constraint.between(0, bound - 1));
    }
}
