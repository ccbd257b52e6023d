package dev.fromzero.testkit.sql.slt;

import static dev.fromzero.testkit.sql.slt.FakeEngine.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fromzero.testkit.sql.SqlEngine;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SltRunnerTest {

    private final FakeEngine engine = new FakeEngine();

    /** Runs every runnable record of {@code text} on the fake engine; the first failure is thrown. */
    private void run(String text) {
        try (SltRunner runner = new SltRunner("t.slt", () -> engine)) {
            SltRunner.runnable(SltParser.parse("t.slt", text)).forEach(runner::run);
        }
    }

    private Throwable failure(String text) {
        Throwable t = catchThrowable(() -> run(text));
        assertThat(t).as("the record must not hold").isNotNull();
        return t;
    }

    @Test
    @DisplayName("values render as SQLite's runner renders them: integers, reals with 3 decimals, NULL, (empty), @ for control characters")
    void rendering() {
        assertThat(SltValues.render(42L, 'I')).isEqualTo("42");
        assertThat(SltValues.render(-7L, 'R')).isEqualTo("-7.000");
        assertThat(SltValues.render(2.0 / 3, 'R')).isEqualTo("0.667");
        assertThat(SltValues.render(-2.5, 'I')).as("a real in an integer column is truncated").isEqualTo("-2");
        assertThat(SltValues.render(null, 'I')).isEqualTo("NULL");
        assertThat(SltValues.render(null, 'T')).isEqualTo("NULL");
        assertThat(SltValues.render("", 'T')).isEqualTo("(empty)");
        assertThat(SltValues.render("a\tb\nc\u007f", 'T')).isEqualTo("a@b@c@");
        assertThat(SltValues.render("NULL ok", 'T')).isEqualTo("NULL ok");
        assertThat(SltValues.render(true, 'I')).isEqualTo("1");
        assertThat(SltValues.render(false, 'T')).isEqualTo("false");
        assertThat(SltValues.render("12abc", 'I')).as("a text in an integer column gives its leading number").isEqualTo("12");
        assertThat(SltValues.render("abc", 'R')).isEqualTo("0.000");
        assertThat(SltValues.render(3L, 'T')).isEqualTo("3");
        assertThat(SltValues.render(-0.0, 'R')).as("C's %.3f prints a negative zero as 0.000").isEqualTo("0.000");
        assertThat(SltValues.render(-0.0001, 'R')).as("but a negative value that rounds to zero keeps its sign").isEqualTo("-0.000");
        assertThat(SltValues.render(2.0005, 'R')).as("half rounds up, as the decimal literal reads").isEqualTo("2.001");
        assertThat(SltValues.render(7.9, 'I')).as("a real in an integer column is truncated toward zero").isEqualTo("7");
        assertThat(SltValues.render(1L << 40, 'I')).as("integers keep 64 bits").isEqualTo("1099511627776");
        assertThat(SltValues.render(1L << 40, 'R')).isEqualTo("1099511627776.000");
        assertThat(SltValues.render("é\u0001", 'T')).as("non-ASCII text is kept; control characters become @").isEqualTo("é@");
    }

    @Test
    @DisplayName("values sort as strcmp sorts their UTF-8 bytes: by code point, not by Java's UTF-16 units")
    void sortOrderIsStrcmps() {
        String fullwidth = "\uFF01"; // EF BC 81 in UTF-8
        String emoji = "\uD83D\uDE00"; // F0 9F 98 80 in UTF-8, but its first UTF-16 unit is below U+FF01
        assertThat(SltValues.sort(List.of(emoji, fullwidth, "b", "a"), 1, SltRecord.Sort.VALUESORT))
                .containsExactly("a", "b", fullwidth, emoji);
        assertThat(SltValues.sort(List.of(emoji, "1", fullwidth, "2"), 2, SltRecord.Sort.ROWSORT))
                .containsExactly(fullwidth, "2", emoji, "1");
        assertThat(SltValues.sort(List.of("10", "9", "-1"), 1, SltRecord.Sort.VALUESORT))
                .as("numbers sort as text, as in SQLite's runner").containsExactly("-1", "10", "9");
    }

    @Test
    @DisplayName("above the hash threshold a result is compared and shown as its hash, however the file writes it; 0 turns hashing off")
    void hashThreshold() {
        engine.answer("SELECT a FROM t", rows(List.of("a"), new Object[] {1L}, new Object[] {2L}, new Object[] {3L}));
        run("hash-threshold 2\n\nquery I nosort\nSELECT a FROM t\n----\n1\n2\n3\n");
        String wrong = SltValues.md5(List.of("1", "2", "4"));
        String right = SltValues.md5(List.of("1", "2", "3"));
        assertThat(failure("hash-threshold 2\n\nquery I nosort\nSELECT a FROM t\n----\n1\n2\n4\n").getMessage())
                .as("3 values are more than 2: both sides shown as the file would write them, then the rows")
                .isEqualTo("t.slt:3: expected 3 values hashing to " + wrong + ", but got 3 values hashing to " + right
                        + ":\n  1\n  2\n  3\nSQL:\n  SELECT a FROM t");
        assertThat(failure("hash-threshold 3\n\nquery I nosort\nSELECT a FROM t\n----\n1\n2\n4\n").getMessage())
                .as("3 values are not more than 3: shown as values").startsWith("t.slt:3: expected 3 rows:\n  1\n  2\n  4\n");
        assertThat(failure("hash-threshold 2\n\nhash-threshold 0\n\nquery I nosort\nSELECT a FROM t\n----\n1\n2\n4\n")
                .getMessage()).as("0: never hash").startsWith("t.slt:5: expected 3 rows:");
        assertThat(failure("skipif fromzero\nhash-threshold 2\n\nquery I nosort\nSELECT a FROM t\n----\n1\n2\n4\n")
                .getMessage()).as("a threshold skipped for this engine does not apply").startsWith("t.slt:4: expected 3 rows:");
        assertThat(failure("query I nosort\nSELECT a FROM t\n----\n3 values hashing to " + wrong + "\n").getMessage())
                .as("a hashed expectation is compared as a hash with no threshold set")
                .startsWith("t.slt:1: expected 3 values hashing to " + wrong + ", but got 3 values hashing to " + right);
    }

    @Test
    @DisplayName("a label's hash is the first query's, right or wrong, as in SQLite's runner")
    void labelKeepsTheFirstHash() {
        engine.answer("SELECT a FROM t", rows(List.of("a"), new Object[] {1L}));
        engine.answer("SELECT a FROM t WHERE a > 0", rows(List.of("a"), new Object[] {2L}));
        List<SltRecord> records = SltRunner.runnable(SltParser.parse("t.slt",
                "query I nosort z\nSELECT a FROM t\n----\n2\n\nquery I nosort z\nSELECT a FROM t WHERE a > 0\n----\n2\n"));
        try (SltRunner runner = new SltRunner("t.slt", () -> engine)) {
            assertThat(catchThrowable(() -> runner.run(records.get(0)))).as("the first query is wrong").isNotNull();
            assertThat(catchThrowable(() -> runner.run(records.get(1))).getMessage())
                    .as("the second is right by its values, but disagrees with its label's first hash")
                    .startsWith("t.slt:6: queries labelled z must return the same values");
        }
    }

    @Test
    @DisplayName("nosort compares in order; rowsort sorts whole rows; valuesort sorts every value alone")
    void sortModes() {
        engine.answer("SELECT a, b FROM t", rows(List.of("a", "b"), new Object[] {2L, "x"}, new Object[] {10L, "y"}));
        run("query IT nosort\nSELECT a, b FROM t\n----\n2\nx\n10\ny\n");
        assertThat(failure("query IT nosort\nSELECT a, b FROM t\n----\n10\ny\n2\nx\n").getMessage())
                .as("nosort keeps the engine's order").contains("expected 2 rows");
        run("query IT rowsort\nSELECT a, b FROM t\n----\n10\ny\n2\nx\n");
        assertThat(failure("query IT rowsort\nSELECT a, b FROM t\n----\n10\nx\n2\ny\n").getMessage())
                .as("rowsort keeps each row's values together").contains("expected 2 rows (rowsort)");
        run("query IT valuesort\nSELECT a, b FROM t\n----\n10\n2\nx\ny\n");
        assertThat(SltValues.sort(List.of("10", "y", "2", "x"), 2, SltRecord.Sort.ROWSORT))
                .as("rows sort by their values' text, as SQLite's runner sorts them").containsExactly("10", "y", "2", "x");
    }

    @Test
    @DisplayName("a wrong result names the file and line, the SQL, what was expected and what came back")
    void wrongResultSaysEverything() {
        engine.answer("SELECT a, b FROM t", rows(List.of("a", "b"), new Object[] {1L, null}, new Object[] {2L, ""}));
        String message = failure("""
                statement ok
                CREATE TABLE t(a INTEGER, b TEXT)

                query IT
                SELECT a, b FROM t
                ----
                1
                NULL
                2
                two
                """).getMessage();
        assertThat(message).isEqualTo("""
                t.slt:4: expected 2 rows:
                  1 NULL
                  2 two
                but got 2 rows:
                  1 NULL
                  2 (empty)
                SQL:
                  SELECT a, b FROM t""");
    }

    @Test
    @DisplayName("a query must return as many columns as its types say, and rows, not a count")
    void columnsAndRowsAreChecked() {
        engine.answer("SELECT a, b FROM t", rows(List.of("a", "b"), new Object[] {1L, 2L}));
        assertThat(failure("query I\nSELECT a, b FROM t\n----\n1\n2\n").getMessage())
                .startsWith("t.slt:1: the record's types 'I' say 1 column, but the query returned 2 [a, b]");
        engine.answer("DELETE FROM t", new SqlEngine.Count("DELETE", 3));
        assertThat(failure("query I\nDELETE FROM t\n----\n3\n").getMessage())
                .startsWith("t.slt:1: a query record needs rows, but the statement returned DELETE 3");
    }

    @Test
    @DisplayName("statement ok must succeed; statement error must fail with a SQL error containing its fragment, in any case")
    void statements() {
        engine.fail("INSERT INTO t VALUES (1)", new SqlEngine.Rejected("UNIQUE constraint failed: t.a = 1", null));
        run("statement error unique CONSTRAINT\nINSERT INTO t VALUES (1)\n");
        run("statement error\nINSERT INTO t VALUES (1)\n");
        assertThat(failure("statement ok\nINSERT INTO t VALUES (1)\n").getMessage()).isEqualTo("""
                t.slt:1: the statement failed:
                  UNIQUE constraint failed: t.a = 1
                SQL:
                  INSERT INTO t VALUES (1)""");
        assertThat(failure("statement error NOT NULL\nINSERT INTO t VALUES (1)\n").getMessage())
                .startsWith("t.slt:1: expected an error containing 'NOT NULL', but the error was:\n  UNIQUE constraint failed");
        assertThat(failure("statement error\nCREATE TABLE u(a INTEGER)\n").getMessage())
                .startsWith("t.slt:1: expected an error, but the statement succeeded (CREATE TABLE)");
    }

    @Test
    @DisplayName("an exception that is not a SQL error never passes for one: a TODO stub shows as itself, a bug with its record")
    void bugsAreNotSqlErrors() {
        UnsupportedOperationException todo = new UnsupportedOperationException("TODO(chapter05): parse SELECT");
        engine.fail("SELECT 1", todo);
        assertThat(failure("statement error\nSELECT 1\n")).as("the starter's stub, unchanged").isSameAs(todo);
        NullPointerException npe = new NullPointerException("row");
        engine.fail("SELECT 2", npe);
        Throwable bug = failure("statement error\nSELECT 2\n");
        assertThat(bug).isInstanceOf(AssertionError.class).hasCause(npe);
        assertThat(bug.getMessage()).startsWith("t.slt:1: the engine threw java.lang.NullPointerException: row")
                .endsWith("SQL:\n  SELECT 2");
    }

    @Test
    @DisplayName("a hashed result compares the count and the MD5 of the sorted values; queries with one label must agree")
    void hashesAndLabels() {
        engine.answer("SELECT a FROM t", rows(List.of("a"), new Object[] {3L}, new Object[] {1L}));
        engine.answer("SELECT a FROM t ORDER BY 1", rows(List.of("a"), new Object[] {1L}, new Object[] {3L}));
        engine.answer("SELECT a + 1 FROM t", rows(List.of("a"), new Object[] {2L}, new Object[] {4L}));
        String hash = SltValues.md5(List.of("1", "3"));
        assertThat(hash).as("MD5 of \"1\\n3\\n\", as md5sum gives it").isEqualTo("0a88863510308751293f4b91afc07dd6");
        run("query I rowsort x\nSELECT a FROM t\n----\n2 values hashing to " + hash + "\n\n"
                + "query I nosort x\nSELECT a FROM t ORDER BY 1\n----\n1\n3\n");
        assertThat(failure("query I valuesort\nSELECT a FROM t\n----\n3 values hashing to " + hash + "\n").getMessage())
                .startsWith("t.slt:1: expected 3 values hashing to " + hash + ", but got 2 values hashing to " + hash);
        assertThat(failure("query I rowsort y\nSELECT a FROM t\n----\n1\n3\n\nquery I rowsort y\nSELECT a + 1 FROM t\n----\n2\n4\n")
                .getMessage()).startsWith("t.slt:7: queries labelled y must return the same values");
    }

    @Test
    @DisplayName("skipif and onlyif choose the records for this engine; halt ends the file; the engine opens on first use and closes")
    void conditionsHaltAndLifecycle() {
        List<SltRecord> runnable = SltRunner.runnable(SltParser.parse("t.slt", """
                skipif fromzero
                statement ok
                SELECT 1

                onlyif sqlite
                statement ok
                SELECT 2

                skipif sqlite
                statement ok
                SELECT 3

                onlyif sqlite
                halt

                statement ok
                SELECT 4

                halt

                statement ok
                SELECT 5
                """));
        assertThat(runnable).extracting(SltRecord::line).containsExactly(10, 16);
        int[] opened = {0};
        try (SltRunner runner = new SltRunner("t.slt", () -> {
            opened[0]++;
            return engine;
        })) {
            assertThat(opened[0]).as("nothing opened before a record runs").isZero();
            runnable.forEach(runner::run);
        }
        assertThat(opened[0]).isEqualTo(1);
        assertThat(engine.executed).containsExactly("SELECT 3", "SELECT 4");
        assertThat(engine.closed).isTrue();
        assertThatCode(() -> new SltRunner("t.slt", () -> engine).close()).doesNotThrowAnyException();
    }
}
