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
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 17: the order in which the tables of inner joins are joined, as EXPLAIN shows it. The
 * queries are shaped like those of SQLite's select5.test: tables {@code tN(aN INTEGER PRIMARY KEY,
 * bN INTEGER, xN TEXT)} joined by commas, linked by equalities written in any order. A plan is
 * checked before its query runs, so a plan with a needless cross product fails at once instead of
 * running for hours.
 */
@Seeded
@Step(chapter = 5, number = 17, title = "Join ordering", bonus = true,
        guide = "docs/chapter05-sql.md#step-17-bonus-join-ordering")
@Hint("Start with the table a constant pins to one row (else the first in FROM); then join, again and again, the first "
        + "remaining table that an equality links to the tables already joined, and put each condition on the first join "
        + "that has all its tables. Treat an outer join as one table: never move a table into or out of it.")
class JoinOrderTest {

    /** Tables t1 … tN of ten rows each: a from 1 to 10, b a permutation of 1 to 10 (from {@code random}). */
    private static List<int[]> createTables(Session session, int count, Random random) {
        List<int[]> bs = new ArrayList<>();
        for (int t = 1; t <= count; t++) {
            session.execute("CREATE TABLE t" + t + " (a" + t + " INTEGER PRIMARY KEY, b" + t + " INTEGER, x" + t + " TEXT)");
            List<Integer> b = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                b.add(i);
            }
            Collections.shuffle(b, random);
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                values.add("(" + i + ", " + b.get(i - 1) + ", 'table t" + t + " row " + i + "')");
            }
            session.execute("INSERT INTO t" + t + " VALUES " + String.join(", ", values));
            bs.add(b.stream().mapToInt(Integer::intValue).toArray());
        }
        return bs;
    }

    private static List<String> plan(Session session, String query) {
        Result result = session.execute("EXPLAIN " + query);
        return ((Result.Rows) result).rows().stream().map(row -> ((Value.Text) row.get(0)).value()).toList();
    }

    private static void assertPlan(Session session, String query, String... lines) {
        assertThat(String.join("\n", plan(session, query))).as("the plan of %s", query).isEqualTo(String.join("\n", lines));
    }

    private static List<List<Value>> rows(Session session, String query) {
        return ((Result.Rows) session.execute(query)).rows();
    }

    @Test
    @Points(2)
    @DisplayName("the table a constant pins comes first, then each table an equality links to the joined ones, by hash joins")
    void joinsFollowTheEqualities(@Scratch Path dir, Seed seed) {
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            createTables(session, 4, seed.random());
            String pinned = "SELECT x1, x2, x3, x4 FROM t3, t1, t2, t4 WHERE a3 = b2 AND a1 = 6 AND a1 = b3 AND b4 = a2";
            assertPlan(session, pinned,
                    "Project: x1, x2, x3, x4",
                    "  HashJoin: INNER on a2 = b4",
                    "    HashJoin: INNER on a3 = b2",
                    "      HashJoin: INNER on a1 = b3",
                    "        IndexScan: t1 by PRIMARY KEY (a1) = 6, filter a1 = 6",
                    "        Scan: t3",
                    "      Scan: t2",
                    "    Scan: t4");
            List<List<Value>> one = rows(session, pinned);
            assertThat(one).as("%s follows one chain from a1 = 6: one row", pinned).hasSize(1);
            List<Value> row = one.get(0);
            assertThat(row.get(0)).as("x1 of %s", pinned).isEqualTo(Value.of("table t1 row 6"));
            String unpinned = "SELECT count(*) FROM t1, t2, t3, t4 WHERE b1 = a3 AND b4 = a2 AND b3 = a2";
            assertPlan(session, unpinned,
                    "Project: count(*)",
                    "  Aggregate: count(*)",
                    "    HashJoin: INNER on a2 = b4",
                    "      HashJoin: INNER on b3 = a2",
                    "        HashJoin: INNER on b1 = a3",
                    "          Scan: t1",
                    "          Scan: t3",
                    "        Scan: t2",
                    "      Scan: t4");
            assertThat(rows(session, unpinned)).as("%s: b is a permutation, so each row of t1 leads to one row", unpinned)
                    .containsExactly(List.of(Value.of(10L)));
            String notPinned = "SELECT count(*) FROM t1, t2, t3 WHERE b1 = a2 AND a3 = b2 AND b3 = 5";
            assertPlan(session, notPinned,
                    "Project: count(*)",
                    "  Aggregate: count(*)",
                    "    HashJoin: INNER on b2 = a3",
                    "      HashJoin: INNER on b1 = a2",
                    "        Scan: t1",
                    "        Scan: t2",
                    "      Scan: t3, filter b3 = 5");
            assertThat(rows(session, notPinned)).as("%s: one chain ends in the one row with b3 = 5", notPinned)
                    .containsExactly(List.of(Value.of(1L)));
            session.execute("CREATE UNIQUE INDEX t3_b ON t3 (b3)");
            assertPlan(session, notPinned.replace("b3 = 5", "5 = b3"),
                    "Project: count(*)",
                    "  Aggregate: count(*)",
                    "    HashJoin: INNER on a2 = b1",
                    "      HashJoin: INNER on a3 = b2",
                    "        IndexScan: t3 by INDEX t3_b (b3) = 5, filter 5 = b3",
                    "        Scan: t2",
                    "      Scan: t1");
            String twoKeys = "SELECT count(*) FROM t1, t2, t3 WHERE b2 = b3 AND a3 = a2 AND a3 = b1";
            assertPlan(session, twoKeys,
                    "Project: count(*)",
                    "  Aggregate: count(*)",
                    "    HashJoin: INNER on b3 = b2 AND a3 = a2",
                    "      HashJoin: INNER on b1 = a3",
                    "        Scan: t1",
                    "        Scan: t3",
                    "      Scan: t2");
        }
    }

    @Test
    @Points(2)
    @DisplayName("a table no equality links is joined last; a condition over several tables goes on the first join that has them all")
    void crossProductsOnlyBetweenUnlinkedGroups(@Scratch Path dir, Seed seed) {
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            createTables(session, 4, seed.random());
            String query = "SELECT a1, a2, a3, a4 FROM t1, t2, t3, t4 "
                    + "WHERE a1 = b3 AND a2 > 8 AND a1 + a2 < b4 AND a4 = b1 AND a3 < a4";
            assertPlan(session, query,
                    "Project: a1, a2, a3, a4",
                    "  NestedLoopJoin: INNER on a1 + a2 < b4",
                    "    HashJoin: INNER on b1 = a4, residual a3 < a4",
                    "      HashJoin: INNER on a1 = b3",
                    "        Scan: t1",
                    "        Scan: t3",
                    "      Scan: t4",
                    "    IndexScan: t2 by PRIMARY KEY (a2) a2 > 8, filter a2 > 8");
            List<List<Value>> expected = new ArrayList<>();
            List<List<Value>> all = rows(session, "SELECT a1, b1, a3, b3, a4, b4 FROM t1, t3, t4 WHERE a1 = b3 AND a4 = b1");
            for (List<Value> r : all) {
                long a1 = ((Value.Int) r.get(0)).value();
                long a3 = ((Value.Int) r.get(2)).value();
                long a4 = ((Value.Int) r.get(4)).value();
                long b4 = ((Value.Int) r.get(5)).value();
                for (long a2 = 9; a2 <= 10; a2++) {
                    if (a1 + a2 < b4 && a3 < a4) {
                        expected.add(List.of(Value.of(a1), Value.of(a2), Value.of(a3), Value.of(a4)));
                    }
                }
            }
            assertThat(rows(session, query)).as("%s: every condition applies, once its tables are joined", query)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @Test
    @Points(2)
    @DisplayName("outer joins are barriers: the inner joins on either side are ordered apart, and SELECT * keeps FROM's columns")
    void outerJoinsAreBarriers(@Scratch Path dir, Seed seed) {
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            createTables(session, 5, seed.random());
            String left = "SELECT * FROM t1, t2, t3 LEFT JOIN t4 ON a4 = b3 AND a4 < 4 WHERE b1 = a3 AND b2 = a3";
            assertPlan(session, left,
                    "Project: t1.a1, t1.b1, t1.x1, t2.a2, t2.b2, t2.x2, t3.a3, t3.b3, t3.x3, t4.a4, t4.b4, t4.x4",
                    "  HashJoin: LEFT on b3 = a4",
                    "    HashJoin: INNER on a3 = b2",
                    "      HashJoin: INNER on b1 = a3",
                    "        Scan: t1",
                    "        Scan: t3",
                    "      Scan: t2",
                    "    IndexScan: t4 by PRIMARY KEY (a4) a4 < 4, filter a4 < 4");
            List<List<Value>> rows = rows(session, left);
            assertThat(rows).as("%s: t1 and t2 each meet every row of t3 once, by a permutation", left).hasSize(10);
            for (List<Value> row : rows) {
                assertThat(row).as("a row of SELECT * has t1's, t2's, t3's, then t4's columns").hasSize(12);
                assertThat(row.get(2)).as("x1 is the third column, as FROM names t1 first")
                        .isEqualTo(Value.of("table t1 row " + ((Value.Int) row.get(0)).value()));
                boolean padded = row.get(9).isNull();
                long b3 = ((Value.Int) row.get(7)).value();
                assertThat(padded).as("the LEFT join pads exactly the rows whose b3 (%d) is not below 4", b3).isEqualTo(b3 >= 4);
            }
            String after = "SELECT a1, a2, a5 FROM t1 LEFT JOIN t2 ON a2 = b1, t5, t3 WHERE a3 = b1 AND b5 = a3";
            assertPlan(session, after,
                    "Project: a1, a2, a5",
                    "  HashJoin: INNER on a3 = b5",
                    "    HashJoin: INNER on b1 = a3",
                    "      HashJoin: LEFT on b1 = a2",
                    "        Scan: t1",
                    "        Scan: t2",
                    "      Scan: t3",
                    "    Scan: t5");
            assertThat(rows(session, after)).as("%s: every row of t1 meets one of t2, one of t3, one of t5", after).hasSize(10);
        }
    }

    @Test
    @Points(2)
    @DisplayName("64 tables joined by a chain of equalities in a scrambled order run as 63 hash joins and find the chain's rows")
    void sixtyFourTables(@Scratch Path dir, Seed seed) {
        Random random = seed.random();
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            List<int[]> bs = createTables(session, 64, random);
            List<Integer> chain = new ArrayList<>();
            for (int t = 1; t <= 64; t++) {
                chain.add(t);
            }
            Collections.shuffle(chain, random);
            List<String> links = new ArrayList<>();
            for (int i = 0; i + 1 < chain.size(); i++) {
                int t = chain.get(i);
                int u = chain.get(i + 1);
                links.add(random.nextBoolean() ? "b" + t + " = a" + u : "a" + u + " = b" + t);
            }
            Collections.shuffle(links, random);
            List<String> from = new ArrayList<>();
            chain.forEach(t -> from.add("t" + t));
            Collections.shuffle(from, random);
            int first = chain.get(0);
            int last = chain.get(63);
            long start = 1 + random.nextInt(10);
            String query = "SELECT x" + first + ", x" + last + " FROM " + String.join(", ", from)
                    + " WHERE " + String.join(" AND ", links) + " AND a" + first + " = " + start;
            List<String> plan = plan(session, query);
            assertThat(plan.stream().filter(line -> line.trim().startsWith("HashJoin: INNER")).count())
                    .as("every table is joined through an equality: 63 hash joins; plan:\n%s", String.join("\n", plan))
                    .isEqualTo(63);
            assertThat(plan.get(64).trim()).as("the pinned table t%d is read first, under the 63 joins; plan:\n%s", first,
                    String.join("\n", plan)).startsWith("IndexScan: t" + first + " by PRIMARY KEY");
            long a = start;
            for (int i = 0; i + 1 < chain.size(); i++) {
                a = bs.get(chain.get(i) - 1)[(int) a - 1];
            }
            assertThat(rows(session, query)).as("%s follows the chain from a%d = %d to one row of t%d", query, first,
                    start, last).containsExactly(List.of(Value.of("table t" + first + " row " + start),
                    Value.of("table t" + last + " row " + a)));
        }
    }
}
