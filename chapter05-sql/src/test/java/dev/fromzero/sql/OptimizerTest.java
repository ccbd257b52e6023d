package dev.fromzero.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 10: the plans of key queries, as EXPLAIN prints them (the format is in the guide), so that
 * an optimization that is lost, or applied where it changes the result, shows.
 */
@Step(chapter = 5, number = 10, title = "The optimizer and EXPLAIN", guide = "docs/chapter05-sql.md#step-10-the-optimizer-and-explain")
@Hint("Split each condition into its ANDed parts and ask of each part which tables it reads. Below an inner join a "
        + "part may go to the one side it reads; an outer join keeps every row of its preserved side, so a part that "
        + "would remove such a row, or its NULL padding, must stay where it was written.")
class OptimizerTest {

    private static final String SCHEMA = """
            CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, city TEXT);
            CREATE TABLE orders (id INTEGER PRIMARY KEY, customer INTEGER, total INTEGER);
            INSERT INTO customers VALUES (1, 'ann', 'oslo'), (2, 'bob', 'rome'), (3, 'cy', 'oslo');
            INSERT INTO orders VALUES (1, 1, 50), (2, 1, 200), (3, 2, 5), (4, NULL, 70);
            """;

    private static Session open(Database db) {
        Session session = db.session();
        session.executeScript(SCHEMA);
        return session;
    }

    private static void assertPlan(Session session, String query, String... lines) {
        Result result = session.execute("EXPLAIN " + query);
        assertThat(result).as("EXPLAIN %s returns rows", query).isInstanceOf(Result.Rows.class);
        List<String> plan = ((Result.Rows) result).rows().stream().map(row -> ((Value.Text) row.get(0)).value()).toList();
        assertThat(String.join("\n", plan)).as("the plan of %s", query).isEqualTo(String.join("\n", lines));
    }

    private static List<List<Value>> rows(Session session, String query) {
        return ((Result.Rows) session.execute(query)).rows();
    }

    @Test
    @DisplayName("EXPLAIN returns the plan, one TEXT row per node, indented, without running the query")
    void explainShowsThePlan(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = open(db);
            Result.Rows result = (Result.Rows) session.execute(
                    "EXPLAIN SELECT name FROM customers WHERE city = 'oslo' ORDER BY name DESC LIMIT 3 OFFSET 1");
            assertThat(result.columns()).as("EXPLAIN's one column").containsExactly(new Result.Column("plan", DataType.TEXT));
            assertThat(result.rows()).as("a row per node, the root first, each source indented two more spaces").containsExactly(
                    List.of(Value.of("Project: name")),
                    List.of(Value.of("  Limit: offset 1, limit 3")),
                    List.of(Value.of("    Sort: name DESC")),
                    List.of(Value.of("      Scan: customers, filter city = 'oslo'")));
            assertThatThrownBy(() -> session.execute("SELECT id + 9223372036854775807 FROM customers"))
                    .as("the query itself overflows").isInstanceOf(SqlException.class);
            assertPlan(session, "SELECT id + 9223372036854775807 FROM customers",
                    "Project: id + 9223372036854775807",
                    "  Scan: customers");
            assertThatThrownBy(() -> session.execute("EXPLAIN SELECT nope FROM customers"))
                    .as("EXPLAIN checks names as SELECT does").isInstanceOf(SqlException.class)
                    .hasMessageContaining("no such column: nope");
            assertThatThrownBy(() -> session.execute("EXPLAIN DELETE FROM customers"))
                    .as("EXPLAIN explains a SELECT only").isInstanceOf(SqlException.class)
                    .hasMessageContaining("SELECT");
            assertThat(rows(session, "SELECT count(*) FROM customers")).as("EXPLAIN DELETE deleted nothing")
                    .containsExactly(List.of(Value.of(3L)));
        }
    }

    @Test
    @DisplayName("parts of expressions without columns are computed once, when planning; a filter that is never TRUE reads nothing")
    void constantsAreFolded(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = open(db);
            assertPlan(session, "SELECT id FROM orders WHERE total > 2 * 50 AND 1 = 1",
                    "Project: id",
                    "  Scan: orders, filter total > 100");
            assertPlan(session, "SELECT 1 + 2 AS three, upper('x') || name, -(2 * 3) FROM customers WHERE 2 > 1",
                    "Project: 3, 'X' || name, -6",
                    "  Scan: customers");
            assertPlan(session, "SELECT name FROM customers WHERE 1 = 0 OR NULL",
                    "Project: name",
                    "  Values: no rows");
            assertThat(rows(session, "SELECT name FROM customers WHERE 1 = 0 OR NULL")).as("WHERE is never TRUE").isEmpty();
            assertPlan(session, "SELECT count(*) FROM customers WHERE NULL",
                    "Project: count(*)",
                    "  Aggregate: count(*)",
                    "    Values: no rows");
            assertThat(rows(session, "SELECT count(*) FROM customers WHERE NULL")).as("a count of no rows")
                    .containsExactly(List.of(Value.of(0L)));
            session.execute("CREATE TABLE empty (id INTEGER PRIMARY KEY)");
            assertPlan(session, "SELECT id FROM empty WHERE id > 9223372036854775807 + 1",
                    "Project: id",
                    "  IndexScan: empty by PRIMARY KEY (id) id > 9223372036854775807 + 1, filter id > 9223372036854775807 + 1");
            assertThat(rows(session, "SELECT id FROM empty WHERE id > 9223372036854775807 + 1"))
                    .as("an overflow is not folded: it is an error only when a row needs its value").isEmpty();
        }
    }

    @Test
    @DisplayName("conditions on one table go into its scan; an equality between two tables makes a hash join")
    void filtersArePushedIntoScansAndJoins(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = open(db);
            String query = "SELECT c.name, o.total FROM customers c, orders o "
                    + "WHERE c.id = o.customer AND o.total > 10 AND c.city = 'oslo'";
            assertPlan(session, query,
                    "Project: c.name, o.total",
                    "  HashJoin: INNER on c.id = o.customer",
                    "    Scan: customers AS c, filter c.city = 'oslo'",
                    "    Scan: orders AS o, filter o.total > 10");
            assertThat(rows(session, query)).as(query).containsExactlyInAnyOrder(
                    List.of(Value.of("ann"), Value.of(50L)), List.of(Value.of("ann"), Value.of(200L)));
            String threeWay = "SELECT c.name, c2.name FROM customers c JOIN orders o ON c.id = o.customer "
                    + "JOIN customers c2 ON c2.id = o.id WHERE c2.city = 'oslo' AND o.total > 1";
            assertPlan(session, threeWay,
                    "Project: c.name, c2.name",
                    "  HashJoin: INNER on o.id = c2.id",
                    "    HashJoin: INNER on c.id = o.customer",
                    "      Scan: customers AS c",
                    "      Scan: orders AS o, filter o.total > 1",
                    "    Scan: customers AS c2, filter c2.city = 'oslo'");
            assertThat(rows(session, threeWay)).as(threeWay).containsExactlyInAnyOrder(
                    List.of(Value.of("ann"), Value.of("ann")), List.of(Value.of("bob"), Value.of("cy")));
        }
    }

    @Test
    @DisplayName("an outer join keeps in place the conditions that would remove its preserved rows or their padding")
    void outerJoinsLimitPushdown(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = open(db);
            String left = "SELECT c.name, o.total FROM customers c LEFT JOIN orders o "
                    + "ON c.id = o.customer AND o.total > 10 AND c.city = 'oslo' WHERE c.name <> 'x' AND o.total IS NULL";
            assertPlan(session, left,
                    "Project: c.name, o.total",
                    "  Filter: o.total IS NULL",
                    "    HashJoin: LEFT on c.id = o.customer, residual c.city = 'oslo'",
                    "      Scan: customers AS c, filter c.name <> 'x'",
                    "      Scan: orders AS o, filter o.total > 10");
            assertThat(rows(session, left)).as(left).containsExactlyInAnyOrder(
                    List.of(Value.of("bob"), Value.NULL), List.of(Value.of("cy"), Value.NULL));
            String right = "SELECT c.name, o.id FROM customers c RIGHT JOIN orders o "
                    + "ON c.id = o.customer AND c.city = 'oslo' AND o.total > 10 WHERE c.name IS NULL AND o.total < 100";
            assertPlan(session, right,
                    "Project: c.name, o.id",
                    "  Filter: c.name IS NULL",
                    "    HashJoin: RIGHT on c.id = o.customer, residual o.total > 10",
                    "      Scan: customers AS c, filter c.city = 'oslo'",
                    "      Scan: orders AS o, filter o.total < 100");
            assertThat(rows(session, right)).as(right).containsExactlyInAnyOrder(
                    List.of(Value.NULL, Value.of(3L)), List.of(Value.NULL, Value.of(4L)));
            String full = "SELECT c.name, o.id FROM customers c FULL JOIN orders o ON c.id = o.customer AND o.total > 10 "
                    + "WHERE c.city = 'oslo' OR c.city IS NULL";
            assertPlan(session, full,
                    "Project: c.name, o.id",
                    "  Filter: c.city = 'oslo' OR c.city IS NULL",
                    "    HashJoin: FULL on c.id = o.customer, residual o.total > 10",
                    "      Scan: customers AS c",
                    "      Scan: orders AS o");
            assertThat(rows(session, full)).as(full).containsExactlyInAnyOrder(
                    List.of(Value.of("ann"), Value.of(1L)), List.of(Value.of("ann"), Value.of(2L)),
                    List.of(Value.of("cy"), Value.NULL), List.of(Value.NULL, Value.of(3L)), List.of(Value.NULL, Value.of(4L)));
        }
    }

    @Test
    @DisplayName("only equalities between the two sides of a join are hash keys; other conditions stay a nested loop")
    void hashJoinSelection(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = open(db);
            assertPlan(session, "SELECT c.id FROM customers c JOIN orders o "
                            + "ON o.customer = c.id AND o.id = c.id + 1 AND o.total > c.id AND c.id = 2",
                    "Project: c.id",
                    "  HashJoin: INNER on c.id = o.customer AND c.id + 1 = o.id, residual o.total > c.id",
                    "    IndexScan: customers AS c by PRIMARY KEY (id) = 2, filter c.id = 2",
                    "    Scan: orders AS o");
            assertPlan(session, "SELECT c.id FROM customers c JOIN orders o ON c.id = o.customer AND c.id = o.id",
                    "Project: c.id",
                    "  HashJoin: INNER on c.id = o.customer AND c.id = o.id",
                    "    Scan: customers AS c",
                    "    Scan: orders AS o");
            assertPlan(session, "SELECT c.id FROM customers c, orders o WHERE c.id < o.customer",
                    "Project: c.id",
                    "  NestedLoopJoin: INNER on c.id < o.customer",
                    "    Scan: customers AS c",
                    "    Scan: orders AS o");
            assertPlan(session, "SELECT c.id FROM customers c JOIN orders o ON c.id < o.customer",
                    "Project: c.id",
                    "  NestedLoopJoin: INNER on c.id < o.customer",
                    "    Scan: customers AS c",
                    "    Scan: orders AS o");
            assertPlan(session, "SELECT c.id FROM customers c LEFT JOIN orders o ON c.id = o.customer OR o.id = c.id",
                    "Project: c.id",
                    "  NestedLoopJoin: LEFT on c.id = o.customer OR o.id = c.id",
                    "    Scan: customers AS c",
                    "    Scan: orders AS o");
            assertPlan(session, "SELECT c.id FROM customers c, orders o WHERE o.total > 100",
                    "Project: c.id",
                    "  NestedLoopJoin: CROSS",
                    "    Scan: customers AS c",
                    "    Scan: orders AS o, filter o.total > 100");
            assertPlan(session, "SELECT c.id FROM customers c JOIN orders o ON c.id + o.id = 3",
                    "Project: c.id",
                    "  NestedLoopJoin: INNER on c.id + o.id = 3",
                    "    Scan: customers AS c",
                    "    Scan: orders AS o");
        }
    }

    @Test
    @DisplayName("aggregation, HAVING, ORDER BY, DISTINCT and LIMIT each have their node, in the order they apply")
    void aggregationAndDistinctPlans(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = open(db);
            String grouped = "SELECT c.city, count(*) AS n FROM customers c JOIN orders o ON c.id = o.customer "
                    + "GROUP BY c.city HAVING sum(o.total) > 100 ORDER BY n DESC";
            assertPlan(session, grouped,
                    "Project: c.city, count(*)",
                    "  Sort: count(*) DESC",
                    "    Filter: sum(o.total) > 100",
                    "      Aggregate: group by c.city; count(*), sum(o.total)",
                    "        HashJoin: INNER on c.id = o.customer",
                    "          Scan: customers AS c",
                    "          Scan: orders AS o");
            assertThat(rows(session, grouped)).as(grouped).containsExactly(List.of(Value.of("oslo"), Value.of(2L)));
            assertPlan(session, "SELECT DISTINCT city FROM customers ORDER BY city LIMIT 2",
                    "Limit: limit 2",
                    "  Distinct",
                    "    Project: city",
                    "      Sort: city",
                    "        Scan: customers");
            assertPlan(session, "SELECT total % 2, max(id) FROM orders GROUP BY total % 2 ORDER BY 1 NULLS LAST",
                    "Project: total % 2, max(id)",
                    "  Sort: total % 2 NULLS LAST",
                    "    Aggregate: group by total % 2; max(id)",
                    "      Scan: orders");
        }
    }
}
