package dev.fromzero.sql;

import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Slow;
import dev.fromzero.testkit.Step;
import dev.fromzero.testkit.sql.slt.SltFileRun;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 18 (bonus): SQLite's own sqllogictest files select1 to select5, unchanged, in
 * {@code src/test/resources/sqlite/} (their provenance and licence are in the {@code NOTICE}
 * there). Each file is one test that passes only when every one of its records does: a file
 * this size is a conformance check, not a list of exercises, and its records are not worth a
 * point each. A failure gives the file's counts and its first failing records, each with its
 * line, SQL, and expected and actual values; {@code ./course slt} runs all five and prints every
 * failure.
 */
@Step(chapter = 5, number = 18, title = "SQLite's select1-select5", bonus = true,
        guide = "docs/chapter05-sql.md#step-18-bonus-sqlites-select1-select5")
@Hint("Read the first failing record first: the ones after it often fail for the same reason. Run the file with "
        + "./course slt to see them all, and try the record's SQL in ./course sql. Most failures are one missing "
        + "feature (a CASE form, a correlated subquery, IN with a subquery, a compound query) or a NULL rule.")
class SqliteCorpusTest {

    private static void passes(String file, Path dir) {
        SltFileRun.of(Path.of("src/test/resources/sqlite", file), () -> EmbeddedEngine.open(dir), failure -> { })
                .assertPassed();
    }

    @Test
    @Points(2)
    @Slow("runs SQLite's select1.test, about 1,000 queries")
    @DisplayName("select1: CASE, correlated scalar subqueries, EXISTS, BETWEEN and ORDER BY a column number, on one table")
    void select1(@Scratch Path dir) {
        passes("select1.test", dir);
    }

    @Test
    @Points(2)
    @Slow("runs SQLite's select2.test, about 1,000 queries")
    @DisplayName("select2: the same with NULLs: IS [NOT] NULL, coalesce, and NULL in every comparison")
    void select2(@Scratch Path dir) {
        passes("select2.test", dir);
    }

    @Test
    @Points(2)
    @Slow("runs SQLite's select3.test, about 3,300 queries")
    @DisplayName("select3: pairs of queries, with and without ORDER BY, whose labels must hash alike")
    void select3(@Scratch Path dir) {
        passes("select3.test", dir);
    }

    @Test
    @Points(2)
    @Slow("runs SQLite's select4.test, about 2,800 queries")
    @DisplayName("select4: IN lists, UNION [ALL], EXCEPT, INTERSECT, and multi-column and DESC indexes")
    void select4(@Scratch Path dir) {
        passes("select4.test", dir);
    }

    @Test
    @Points(2)
    @Slow("runs SQLite's select5.test, about 700 joins of up to 64 tables")
    @DisplayName("select5: comma joins of 4 to 64 tables, joined by equality predicates")
    void select5(@Scratch Path dir) {
        passes("select5.test", dir);
    }
}
