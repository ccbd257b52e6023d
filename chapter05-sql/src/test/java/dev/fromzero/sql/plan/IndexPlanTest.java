package dev.fromzero.sql.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.sql.Database;
import dev.fromzero.sql.Result;
import dev.fromzero.sql.Session;
import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.optimizer.Optimizer;
import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.parser.Parser;
import dev.fromzero.sql.parser.Statement;
import dev.fromzero.sql.storage.ColumnDef;
import dev.fromzero.sql.storage.IndexDef;
import dev.fromzero.sql.storage.TableSchema;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The planner's index selection, on the plans of the queries an index exists for: a lost
 * optimization (a point lookup planned as a scan) answers right and slowly, so only the plan
 * shows it. Which of two equally good indexes is taken is left open; what is pinned is the kind
 * of lookup each predicate allows.
 */
@Step(chapter = 5, number = 9, title = "Indexes", guide = "docs/chapter05-sql.md#step-9-indexes")
@Hint("Split the WHERE at its top-level ANDs; a column compared with a constant is a term. An index takes equality or "
        + "IN terms on its leading columns, then one range on the next; the primary key is an index too.")
class IndexPlanTest {

    private static final TableSchema PEOPLE = new TableSchema("people", List.of(
            new ColumnDef("id", DataType.INTEGER), new ColumnDef("name", DataType.TEXT),
            new ColumnDef("city", DataType.TEXT), new ColumnDef("age", DataType.INTEGER)), List.of("id"),
            List.of(new IndexDef("by_city_age", List.of("city", "age"), false),
                    new IndexDef("u_name", List.of("name"), true)));

    private static final Expr OSLO = new Expr.Literal(Value.of("Oslo"));

    @Test
    @Points(2)
    @DisplayName("point, range and IN lookups by primary key plan as lookups in the key, with the bounds as written")
    void primaryKeyLookups() {
        assertPath("SELECT * FROM people WHERE id = 5", null, List.of(List.of(num(5))), null, false, null, false);
        assertPath("SELECT name FROM people WHERE 5 = id", null, List.of(List.of(num(5))), null, false, null, false);
        assertPath("SELECT * FROM people WHERE id IN (1, 2)", null, List.of(List.of(num(1)), List.of(num(2))),
                null, false, null, false);
        assertPath("SELECT * FROM people WHERE id > 10", null, List.of(List.of()), num(10), false, null, false);
        assertPath("SELECT * FROM people WHERE 10 <= id", null, List.of(List.of()), num(10), true, null, false);
        assertPath("SELECT * FROM people WHERE id < 3", null, List.of(List.of()), null, false, num(3), false);
        assertPath("SELECT * FROM people WHERE id >= 2 AND id <= 9", null, List.of(List.of()), num(2), true, num(9), true);
        assertPath("SELECT * FROM people WHERE id BETWEEN 2 AND 9", null, List.of(List.of()), num(2), true, num(9), true);
        assertPath("SELECT * FROM people p WHERE p.id = 5 AND p.city = 'Oslo'", null, List.of(List.of(num(5))),
                null, false, null, false);
    }

    @Test
    @Points(2)
    @DisplayName("equality, IN and range predicates on indexed columns plan as lookups in that index; others scan")
    void indexLookups() {
        assertPath("SELECT * FROM people WHERE name = 'ann'", "u_name",
                List.of(List.of(new Expr.Literal(Value.of("ann")))), null, false, null, false);
        assertPath("SELECT * FROM people WHERE city = 'Oslo' AND age > 30", "by_city_age", List.of(List.of(OSLO)),
                num(30), false, null, false);
        assertPath("SELECT * FROM people WHERE age <= 30 AND city = 'Oslo'", "by_city_age", List.of(List.of(OSLO)),
                null, false, num(30), true);
        assertPath("SELECT * FROM people WHERE city = 'Oslo' AND age IN (20, 30)", "by_city_age",
                List.of(List.of(OSLO, num(20)), List.of(OSLO, num(30))), null, false, null, false);
        assertPath("SELECT * FROM people WHERE city > 'M'", "by_city_age", List.of(List.of()),
                new Expr.Literal(Value.of("M")), false, null, false);
        assertPath("SELECT * FROM people WHERE name = 'ann' AND city = 'Oslo'", "u_name",
                List.of(List.of(new Expr.Literal(Value.of("ann")))), null, false, null, false);
        for (String where : List.of("age > 30", "city = 'Oslo' OR id = 1", "name LIKE 'a%'", "city <> 'Oslo'",
                "NOT (id = 1)", "id NOT IN (1, 2)", "id NOT BETWEEN 1 AND 2", "id = age", "city IS NULL")) {
            String sql = "SELECT * FROM people WHERE " + where;
            assertThat(indexScans(plan(sql))).as("%s: no index can find these rows, so the table is scanned", sql).isEmpty();
        }
    }

    @Test
    @Points(1)
    @DisplayName("a predicate the lookup does not cover still filters the rows it finds")
    void theRestOfTheWhereStillFilters() {
        String sql = "SELECT * FROM people WHERE city = 'Oslo' AND name LIKE 'a%' ORDER BY id LIMIT 3";
        Plan plan = plan(sql);
        assertThat(indexScans(plan)).as("%s uses by_city_age for city = 'Oslo'", sql).hasSize(1);
        List<Expr> filtered = new ArrayList<>();
        for (Plan node : nodes(plan)) {
            if (node instanceof Plan.Filter filter) {
                filtered.add(filter.predicate());
            } else if (node instanceof Plan.IndexScan scan && scan.filter() != null) {
                filtered.add(scan.filter());
            }
        }
        assertThat(filtered.toString()).as("%s: a filter on the rows of the lookup must still check name LIKE 'a%%'", sql)
                .contains("Like");
    }

    @Test
    @Points(1)
    @DisplayName("EXPLAIN shows which index a query reads and how, and a scan where no index helps")
    void explainShowsTheLookup(@Scratch Path dir) {
        try (Database database = Database.open(dir)) {
            Session session = database.session();
            session.execute("CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT, city TEXT, age INTEGER)");
            session.execute("CREATE INDEX by_city_age ON people (city, age)");
            assertThat(explain(session, "SELECT name FROM people WHERE city = 'Oslo' AND age > 30"))
                    .as("EXPLAIN of a query by_city_age serves: the lookup, with the whole WHERE still filtering")
                    .containsExactly("Project: name",
                            "  IndexScan: people by INDEX by_city_age (city, age) = 'Oslo' AND age > 30, "
                                    + "filter city = 'Oslo' AND age > 30");
            assertThat(explain(session, "SELECT * FROM people p WHERE p.id IN (3, 1)"))
                    .as("EXPLAIN of a lookup of two primary keys")
                    .contains("  IndexScan: people AS p by PRIMARY KEY (id) IN (3, 1), filter p.id IN (3, 1)");
            assertThat(explain(session, "SELECT * FROM people WHERE age > 30"))
                    .as("EXPLAIN of a query no index serves (age is not the first column of by_city_age)")
                    .contains("  Scan: people, filter age > 30");
            session.execute("DROP INDEX by_city_age");
            assertThat(explain(session, "SELECT name FROM people WHERE city = 'Oslo' AND age > 30"))
                    .as("after DROP INDEX, the query scans the table")
                    .contains("  Scan: people, filter city = 'Oslo' AND age > 30");
        }
    }

    private static List<String> explain(Session session, String select) {
        Result.Rows rows = (Result.Rows) session.execute("EXPLAIN " + select);
        return rows.rows().stream().map(row -> ((Value.Text) row.get(0)).value()).toList();
    }

    private static void assertPath(String sql, String index, List<List<Expr>> points, Expr low, boolean lowInclusive,
                                   Expr high, boolean highInclusive) {
        List<Plan.IndexScan> scans = indexScans(plan(sql));
        assertThat(scans).as("%s must be planned as one lookup in %s, not a scan of the table", sql,
                index == null ? "the primary key" : "index " + index).hasSize(1);
        IndexLookup path = scans.get(0).lookup();
        assertThat(path.index()).as("%s: the index used (null: the primary key)", sql).isEqualTo(index);
        assertThat(path.points()).as("%s: the values of the leading columns of each lookup", sql).isEqualTo(points);
        assertThat(path.low()).as("%s: the lower bound", sql).isEqualTo(low);
        assertThat(path.high()).as("%s: the upper bound", sql).isEqualTo(high);
        if (low != null) {
            assertThat(path.lowInclusive()).as("%s: whether the lower bound is in the range", sql).isEqualTo(lowInclusive);
        }
        if (high != null) {
            assertThat(path.highInclusive()).as("%s: whether the upper bound is in the range", sql).isEqualTo(highInclusive);
        }
    }

    private static Expr num(long n) {
        return new Expr.Literal(Value.of(n));
    }

    private static Plan plan(String sql) {
        Planner planner = new Planner(name -> {
            if (!name.equalsIgnoreCase("people")) {
                throw new SqlException("no such table: " + name);
            }
            return PEOPLE;
        });
        return new Optimizer(IndexSelection::choose).optimize(planner.plan((Statement.Select) Parser.parse(sql)));
    }

    private static List<Plan.IndexScan> indexScans(Plan plan) {
        return nodes(plan).stream().filter(Plan.IndexScan.class::isInstance).map(Plan.IndexScan.class::cast).toList();
    }

    /** Every node of the plan tree, found through the record components that hold plans. */
    private static List<Plan> nodes(Plan plan) {
        List<Plan> nodes = new ArrayList<>();
        nodes.add(plan);
        for (RecordComponent component : plan.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(plan);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("cannot read " + component + " of " + plan, e);
            }
            if (value instanceof Plan child) {
                nodes.addAll(nodes(child));
            } else if (value instanceof List<?> list) {
                list.stream().filter(Plan.class::isInstance).forEach(child -> nodes.addAll(nodes((Plan) child)));
            }
        }
        return nodes;
    }
}
