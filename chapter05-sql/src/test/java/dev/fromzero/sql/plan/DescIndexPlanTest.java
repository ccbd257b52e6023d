package dev.fromzero.sql.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.sql.Database;
import dev.fromzero.sql.Result;
import dev.fromzero.sql.Session;
import dev.fromzero.sql.types.Value;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * DESC and multi-column indexes serve the lookups an ASC index would: a direction changes where
 * a lookup starts and stops, never whether the index can be used. Only the plan shows a lookup
 * that became a scan, so EXPLAIN is checked here; the answers are in step16-desc-indexes.slt.
 */
@Step(chapter = 5, number = 16, title = "Descending and multi-column indexes", bonus = true,
        guide = "docs/chapter05-sql.md#step-16-bonus-descending-and-multi-column-indexes")
@Hint("Index selection reads terms on values, not on key bytes: equality or IN on the leading columns, then one "
        + "range on the next, whatever the columns' directions.")
class DescIndexPlanTest {

    @Test
    @Points(2)
    @DisplayName("equality, IN, range and BETWEEN terms plan as lookups in DESC and multi-column indexes")
    void descIndexesServeLookups(@Scratch Path dir) {
        try (Database database = Database.open(dir)) {
            Session session = database.session();
            session.execute("CREATE TABLE t8 (a8 INTEGER, b8 INTEGER, c8 INTEGER, d8 INTEGER, e8 INTEGER, x8 VARCHAR(30))");
            session.execute("CREATE INDEX t8all ON t8(e8 DESC, d8 ASC, c8 DESC, b8 ASC, a8 DESC)");
            session.execute("CREATE TABLE t1 (a1 INTEGER, b1 INTEGER, c1 INTEGER, x1 VARCHAR(30))");
            session.execute("CREATE INDEX t1i0 ON t1(a1, b1, c1, x1)");
            session.execute("CREATE INDEX t1x ON t1(x1 DESC)");
            String index = "  IndexScan: t8 by INDEX t8all (e8, d8, c8, b8, a8) ";
            assertThat(explain(session, "SELECT x8 FROM t8 WHERE e8 = 5"))
                    .as("equality on the leading DESC column of t8all is a lookup in it")
                    .contains(index + "= 5, filter e8 = 5");
            assertThat(explain(session, "SELECT x8 FROM t8 WHERE e8 BETWEEN 6 AND 15"))
                    .as("BETWEEN on a DESC column is a range lookup, bounds as written (the scan swaps them, not the plan)")
                    .contains(index + "e8 >= 6 AND e8 <= 15, filter e8 BETWEEN 6 AND 15");
            assertThat(explain(session, "SELECT x8 FROM t8 WHERE d8 = 4 AND e8 = 5 AND c8 < 3"))
                    .as("equality on e8 and d8, then a range on the DESC column c8")
                    .contains(index + "= (5, 4) AND c8 < 3, filter d8 = 4 AND e8 = 5 AND c8 < 3");
            assertThat(explain(session, "SELECT x8 FROM t8 WHERE e8 IN (5, 10) AND d8 = 4 AND c8 = 3 AND b8 > 1"))
                    .as("an IN list on the leading column multiplies the points; then a range on b8")
                    .contains(index + "IN ((5, 4, 3), (10, 4, 3)) AND b8 > 1, "
                            + "filter e8 IN (5, 10) AND d8 = 4 AND c8 = 3 AND b8 > 1");
            assertThat(explain(session, "SELECT a1 FROM t1 WHERE a1 = 1 AND b1 = 2 AND c1 IN (3, 4)"))
                    .as("equality on a prefix of a multi-column index, then an IN list on the next column")
                    .contains("  IndexScan: t1 by INDEX t1i0 (a1, b1, c1, x1) IN ((1, 2, 3), (1, 2, 4)), "
                            + "filter a1 = 1 AND b1 = 2 AND c1 IN (3, 4)");
            assertThat(explain(session, "SELECT a1 FROM t1 WHERE x1 > 'table t1 row 2'"))
                    .as("a range on a VARCHAR column with a DESC index")
                    .contains("  IndexScan: t1 by INDEX t1x (x1) x1 > 'table t1 row 2', filter x1 > 'table t1 row 2'");
        }
    }

    private static List<String> explain(Session session, String select) {
        Result.Rows rows = (Result.Rows) session.execute("EXPLAIN " + select);
        return rows.rows().stream().map(row -> ((Value.Text) row.get(0)).value()).toList();
    }
}
