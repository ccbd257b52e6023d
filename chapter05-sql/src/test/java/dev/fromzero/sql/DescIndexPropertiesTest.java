package dev.fromzero.sql;

import static dev.fromzero.sql.IndexPropertiesTest.constant;
import static dev.fromzero.sql.IndexPropertiesTest.pick;
import static dev.fromzero.sql.IndexPropertiesTest.term;

import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.RandomnessSource;

/**
 * Step 9's property for indexes of any directions: random tables with random indexes of one to
 * three columns, each ASC, DESC or unmarked, answer random WHEREs as the same table without
 * indexes does, after the same random UPDATEs and DELETEs. Half the WHEREs are shaped after one of
 * the indexes (equality or IN on its leading columns, then a range, BETWEEN, IN or equality on the
 * next), so that lookups with bounds on a DESC column after a prefix are exercised, not only hoped for.
 */
@Seeded
@Step(chapter = 5, number = 16, title = "Descending and multi-column indexes", bonus = true,
        guide = "docs/chapter05-sql.md#step-16-bonus-descending-and-multi-column-indexes")
@Hint("Compare the failing query on the two tables: a row missing with the index is a bound on a DESC column not "
        + "swapped, a NULL kept in or out (NULLs sort last in a DESC column), or a prefix encoded in the wrong direction.")
class DescIndexPropertiesTest {

    private static final List<String> COLUMNS = List.of("id", "a", "b", "c");
    private static final String[] DIRECTIONS = {"", " ASC", " DESC", " DESC"};
    private static final String[] RANGES = {"<", "<=", ">", ">="};

    @Test
    @Points(5)
    @DisplayName("random tables with random ASC and DESC multi-column indexes answer random WHEREs as without indexes")
    void descIndexAnswersEqualScanAnswers(@Scratch Path dir, Seed seed) {
        IndexPropertiesTest.check(dir, seed, DescIndexPropertiesTest::randomCase, "VARCHAR(4)");
    }

    private static IndexPropertiesTest.Case randomCase(RandomnessSource in) {
        List<List<Integer>> columns = new ArrayList<>();
        List<String> indexes = new ArrayList<>();
        for (int i = 0, n = 1 + pick(in, 3); i < n; i++) {
            List<Integer> indexed = new ArrayList<>();
            List<String> written = new ArrayList<>();
            for (int width = 1 + pick(in, 3); indexed.size() < width; ) {
                int column = pick(in, COLUMNS.size());
                if (!indexed.contains(column)) {
                    indexed.add(column);
                    written.add(COLUMNS.get(column) + DIRECTIONS[pick(in, DIRECTIONS.length)]);
                }
            }
            columns.add(indexed);
            indexes.add("(" + String.join(", ", written) + ")");
        }
        List<String> wheres = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            wheres.add(i % 2 == 0 ? IndexPropertiesTest.where(in) : shaped(in, columns.get(pick(in, columns.size()))));
        }
        return new IndexPropertiesTest.Case(IndexPropertiesTest.rows(in), indexes, IndexPropertiesTest.writes(in), wheres);
    }

    /** A WHERE an index over {@code columns} serves: equality or IN on a prefix, a term on the next column, maybe one more term. */
    private static String shaped(RandomnessSource in, List<Integer> columns) {
        List<String> terms = new ArrayList<>();
        int prefix = pick(in, columns.size());
        for (int i = 0; i < prefix; i++) {
            int column = columns.get(i);
            terms.add(pick(in, 3) == 0 ? COLUMNS.get(column) + " IN (" + constant(in, column) + ", " + constant(in, column) + ")"
                    : COLUMNS.get(column) + " = " + constant(in, column));
        }
        int next = columns.get(prefix);
        String name = COLUMNS.get(next);
        terms.add(switch (pick(in, 5)) {
            case 0 -> name + " BETWEEN " + constant(in, next) + " AND " + constant(in, next);
            case 1 -> name + " " + RANGES[pick(in, 2)] + " " + constant(in, next) + " AND " + name + " "
                    + RANGES[2 + pick(in, 2)] + " " + constant(in, next);
            case 2 -> name + " IN (" + constant(in, next) + ", " + constant(in, next) + ", " + constant(in, next) + ")";
            default -> name + " " + RANGES[pick(in, RANGES.length)] + " " + constant(in, next);
        });
        if (pick(in, 3) == 0) {
            terms.add(term(in));
        }
        return String.join(" AND ", terms);
    }
}
