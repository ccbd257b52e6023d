package dev.fromzero.sql;

import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Step 9's SQL behaviour, in SQLite's sqllogictest format: each record of each file is one test
 * worth the file's {@code # points:}. The files are in {@code src/test/resources/slt/}; run one
 * with {@code ./course slt FILE} to see every record's result.
 */
@Step(chapter = 5, number = 9, title = "Indexes", guide = "docs/chapter05-sql.md#step-9-indexes")
@Hint("An index changes how rows are found, never which: every query must answer as a scan of the table would. "
        + "Entries change in the same batch as their rows. The failing record names its file and line.")
class IndexSltTest {

    @TestFactory
    @Points(1)
    @DisplayName("indexes: CREATE [UNIQUE] INDEX and DROP INDEX, UNIQUE with NULLs, and entries kept right by every write")
    Stream<DynamicTest> indexes(@Scratch Path dir) {
        return ExpressionSltTest.records("step9-indexes.slt", dir);
    }

    @TestFactory
    @Points(1)
    @DisplayName("lookups: equality, ranges, BETWEEN and IN through an index or the key answer as a scan does")
    Stream<DynamicTest> lookups(@Scratch Path dir) {
        return ExpressionSltTest.records("step9-lookups.slt", dir);
    }
}
