package dev.fromzero.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fromzero.sql.types.Value;
import dev.fromzero.testkit.ChildJvm;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Step(chapter = 5, number = 6, title = "Queries", guide = "docs/chapter05-sql.md#step-6-queries")
@Hint("Every statement's writes go into one write set, committed once at its end: then a failure or a crash in the "
        + "middle of a statement leaves none of its rows, and everything a statement committed is in the store when "
        + "the database is opened again.")
class DatabaseTest {

    private static List<List<Value>> rows(Session session, String sql) {
        Result result = session.execute(sql);
        assertThat(result).as("%s returns rows", sql).isInstanceOf(Result.Rows.class);
        return ((Result.Rows) result).rows();
    }

    @Test
    @Points(2)
    @DisplayName("tables and the rows that INSERT, UPDATE and DELETE left are there after the database is reopened")
    void dataSurvivesReopen(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            session.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER DEFAULT 7)");
            session.execute("CREATE TABLE gone (x INTEGER)");
            session.execute("INSERT INTO t (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            session.execute("UPDATE t SET qty = qty * 2 WHERE id >= 2");
            session.execute("DELETE FROM t WHERE id = 3");
            session.execute("DROP TABLE gone");
        }
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            Result.Rows all = (Result.Rows) session.execute("SELECT * FROM t ORDER BY id");
            assertThat(all.columns().stream().map(Result.Column::name))
                    .as("after reopen, the table has the columns CREATE TABLE gave it").containsExactly("id", "name", "qty");
            assertThat(all.rows()).as("after reopen, the rows are as the last statements left them").containsExactly(
                    List.of(Value.of(1L), Value.of("a"), Value.of(7L)),
                    List.of(Value.of(2L), Value.of("b"), Value.of(14L)));
            assertThatThrownBy(() -> session.execute("SELECT * FROM gone"))
                    .as("after reopen, a dropped table stays dropped").isInstanceOf(SqlException.class);
            session.execute("INSERT INTO t (id, name) VALUES (4, 'd')");
            assertThat(rows(session, "SELECT qty FROM t WHERE id = 4"))
                    .as("after reopen, a column's DEFAULT still applies").containsExactly(List.of(Value.of(7L)));
        }
    }

    @Test
    @DisplayName("a statement that fails part-way wrote nothing, also after the database is reopened")
    void aFailedStatementWritesNothing(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            session.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER NOT NULL)");
            session.execute("INSERT INTO t VALUES (1, 1)");
            assertThatThrownBy(() -> session.execute("INSERT INTO t VALUES (2, 2), (3, 3), (4, NULL)"))
                    .as("the third row breaks NOT NULL").isInstanceOf(SqlException.class);
            assertThatThrownBy(() -> session.execute("UPDATE t SET v = v + 9223372036854775807 WHERE id >= 0"))
                    .as("v + MAX overflows for v = 1").isInstanceOf(SqlException.class);
        }
        try (Database db = Database.open(dir)) {
            assertThat(rows(db.session(), "SELECT id, v FROM t ORDER BY id"))
                    .as("neither failed statement left a row or a change behind: one write set per statement")
                    .containsExactly(List.of(Value.of(1L), Value.of(1L)));
        }
    }

    @Test
    @DisplayName("a database directory is locked while open: a second open fails until the first is closed")
    void oneOpenAtATime(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            db.session().execute("CREATE TABLE t (x INTEGER)");
            assertThatThrownBy(() -> Database.open(dir).close())
                    .as("a second open of an open database's directory must fail, not share the files")
                    .isInstanceOf(RuntimeException.class);
        }
        try (Database db = Database.open(dir)) {
            assertThat(rows(db.session(), "SELECT x FROM t")).as("after close, the directory opens again").isEmpty();
        }
    }

    @Test
    @DisplayName("executeScript runs the statements in order and stops at the first that fails")
    void scripts(@Scratch Path dir) {
        try (Database db = Database.open(dir)) {
            Session session = db.session();
            List<Result> results = session.executeScript("""
                    CREATE TABLE t (id INTEGER PRIMARY KEY);
                    INSERT INTO t VALUES (1), (2);
                    SELECT id FROM t ORDER BY id DESC;
                    """);
            assertThat(results).as("one result per statement, in order").containsExactly(
                    new Result.Done("CREATE TABLE"), new Result.Count("INSERT", 2),
                    new Result.Rows(List.of(new Result.Column("id", dev.fromzero.sql.types.DataType.INTEGER)),
                            List.of(List.of(Value.of(2L)), List.of(Value.of(1L)))));
            assertThatThrownBy(() -> session.executeScript(
                    "INSERT INTO t VALUES (3); INSERT INTO t VALUES (1); INSERT INTO t VALUES (4);"))
                    .as("the second INSERT repeats a key").isInstanceOf(SqlException.class);
            assertThat(rows(session, "SELECT id FROM t ORDER BY id"))
                    .as("the statement before the failure ran; the one after it did not")
                    .containsExactly(List.of(Value.of(1L)), List.of(Value.of(2L)), List.of(Value.of(3L)));
        }
    }

    /** The child of {@link #killedDuringInsertsLeavesWholeStatements}: INSERTs of 50 rows, one line per INSERT. */
    public static final class Inserter {
        public static void main(String[] args) {
            try (Database db = Database.open(Path.of(args[0]))) {
                Session session = db.session();
                session.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, statement INTEGER)");
                for (int statement = 0; ; statement++) {
                    StringBuilder sql = new StringBuilder("INSERT INTO t VALUES ");
                    for (int row = 0; row < 50; row++) {
                        sql.append(row == 0 ? "" : ", ").append("(").append(statement * 50 + row).append(", ")
                                .append(statement).append(")");
                    }
                    session.execute(sql.toString());
                    System.out.println("inserted " + statement);
                }
            }
        }
    }

    @Test
    @Points(2)
    @DisplayName("kill -9 during multi-row INSERTs leaves every acknowledged INSERT whole and no partial one")
    void killedDuringInsertsLeavesWholeStatements(@Scratch Path dir) {
        List<String> acknowledged;
        try (ChildJvm child = ChildJvm.start(Inserter.class, dir.toString())) {
            acknowledged = child.killAfterLines(20, Duration.ofSeconds(60));
        }
        try (Database db = Database.open(dir)) {
            Map<Long, Integer> rowsPerStatement = new TreeMap<>();
            for (List<Value> row : rows(db.session(), "SELECT statement FROM t")) {
                rowsPerStatement.merge(((Value.Int) row.get(0)).value(), 1, Integer::sum);
            }
            assertThat(rowsPerStatement.values())
                    .as("each INSERT of 50 rows is all there or not there (rows per INSERT: %s)", rowsPerStatement)
                    .allMatch(count -> count == 50);
            assertThat(rowsPerStatement.size())
                    .as("every INSERT the child acknowledged before it was killed survives")
                    .isGreaterThanOrEqualTo(acknowledged.size());
        }
    }
}
