package dev.fromzero.testkit.sql.slt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fromzero.testkit.sql.slt.SltRecord.Condition;
import dev.fromzero.testkit.sql.slt.SltRecord.Hash;
import dev.fromzero.testkit.sql.slt.SltRecord.HashThreshold;
import dev.fromzero.testkit.sql.slt.SltRecord.Query;
import dev.fromzero.testkit.sql.slt.SltRecord.Sort;
import dev.fromzero.testkit.sql.slt.SltRecord.Statement;
import dev.fromzero.testkit.sql.slt.SltRecord.Values;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SltParserTest {

    @Test
    @DisplayName("statements, queries, comments and blank lines are read as SQLite writes them")
    void readsRecords() {
        List<SltRecord> records = SltParser.parse("t.slt", """
                # a comment
                hash-threshold 8

                statement ok
                CREATE TABLE t(a INTEGER, b TEXT)

                statement error UNIQUE constraint
                INSERT INTO t
                VALUES (1, 'x')

                # the next query
                query IT rowsort label-1
                SELECT a, b
                FROM t
                ----
                1
                x
                2
                (empty)

                query R
                SELECT 1.5
                ----
                1.500
                """);
        assertThat(records).containsExactly(
                new HashThreshold(2, 8),
                new Statement(4, List.of(), "CREATE TABLE t(a INTEGER, b TEXT)", false, ""),
                new Statement(7, List.of(), "INSERT INTO t\nVALUES (1, 'x')", true, "UNIQUE constraint"),
                new Query(12, List.of(), "SELECT a, b\nFROM t", "IT", Sort.ROWSORT, "label-1",
                        new Values(List.of("1", "x", "2", "(empty)"), 16), 8),
                new Query(21, List.of(), "SELECT 1.5", "R", Sort.NOSORT, "", new Values(List.of("1.500"), 24), 8));
    }

    @Test
    @DisplayName("a hashed result, conditions, a query without results and halt")
    void readsHashesConditionsAndHalt() {
        List<SltRecord> records = SltParser.parse("t.slt", """
                skipif sqlite
                onlyif fromzero
                query I valuesort
                SELECT a FROM t
                ----
                30 values hashing to 0123456789abcdef0123456789abcdef

                query I nosort
                SELECT a FROM t WHERE a < 0

                halt
                """);
        assertThat(records).hasSize(3);
        Query hashed = (Query) records.get(0);
        assertThat(hashed.conditions()).containsExactly(new Condition(true, "sqlite"), new Condition(false, "fromzero"));
        assertThat(hashed.line()).as("a record's line is its query line, after its conditions").isEqualTo(3);
        assertThat(hashed.expected()).isEqualTo(new Hash(30, "0123456789abcdef0123456789abcdef"));
        assertThat(((Query) records.get(1)).expected()).as("no ---- means no rows").isEqualTo(new Values(List.of(), 10));
        assertThat(records.get(2)).isInstanceOf(SltRecord.Halt.class);
        assertThat(((Statement) SltParser.parse("t.slt", "onlyif mssql  # this is allowed\nstatement ok\nSELECT 1\n").get(0))
                .conditions()).as("a comment after the engine, as SQLite's evidence files write them")
                .containsExactly(new Condition(false, "mssql"));
    }

    @Test
    @DisplayName("malformed records are errors naming the file and line")
    void errorsNameFileAndLine() {
        assertThatThrownBy(() -> SltParser.parse("a.slt", "statement ok\nSELECT 1\n\nquerry I\nSELECT 1\n"))
                .isInstanceOf(SltSyntaxException.class)
                .hasMessageStartingWith("a.slt:4: unknown record 'querry'");
        assertThatThrownBy(() -> SltParser.parse("a.slt", "query IX\nSELECT 1\n"))
                .hasMessageStartingWith("a.slt:1: query types are one letter per column").hasMessageContaining("'IX'");
        assertThatThrownBy(() -> SltParser.parse("a.slt", "\n\nquery I sorted\nSELECT 1\n"))
                .hasMessage("a.slt:3: unknown sort mode 'sorted': use nosort, rowsort or valuesort");
        assertThatThrownBy(() -> SltParser.parse("a.slt", "statement ok\n\nSELECT 1\n"))
                .hasMessage("a.slt:1: a statement needs SQL on the lines after it");
        assertThatThrownBy(() -> SltParser.parse("a.slt", "statement maybe\nSELECT 1\n"))
                .hasMessageStartingWith("a.slt:1: expected 'statement ok' or 'statement error [message fragment]'");
        assertThatThrownBy(() -> SltParser.parse("a.slt", "skipif sqlite\n\nstatement ok\nSELECT 1\n"))
                .hasMessage("a.slt:1: skipif must come right before the record it applies to");
        assertThatThrownBy(() -> SltParser.parse("a.slt", "skipif sqlite mysql\nstatement ok\nSELECT 1\n"))
                .hasMessage("a.slt:1: expected 'skipif ENGINE [# comment]', found 'skipif sqlite mysql'");
        assertThatThrownBy(() -> SltParser.parse("a.slt", "hash-threshold -1\n"))
                .hasMessage("a.slt:1: hash-threshold takes a number of values, 0 (never hash) or more; found -1");
        assertThatThrownBy(() -> SltParser.parse("a.slt", "hash-threshold many\n"))
                .hasMessage("a.slt:1: 'many' is not a number");
    }
}
