package dev.fromzero.sql;

import static dev.fromzero.sql.Transacting.integer;
import static dev.fromzero.sql.Transacting.integers;
import static dev.fromzero.sql.Transacting.rows;
import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.KvStore;
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

/** What transactions leave on disk: all of a committed one, none of an uncommitted one, and no version nobody needs. */
@Step(chapter = 5, number = 11, title = "Transactions", guide = "docs/chapter05-sql.md#step-11-transactions")
@Hint("A commit is one write batch: the new versions, the deletes of old versions, and the version counter, all or "
        + "nothing. An old version may go only when no open snapshot would read it; the newest version a snapshot "
        + "sees must stay, even if it is a delete.")
class TransactionDurabilityTest {

    /** The number of keys in the store of the closed database in {@code dir}: rows, versions, schemas and counters. */
    private static long storedKeys(Path dir) {
        try (KvStore store = KvStore.open(dir)) {
            return store.stats().liveKeys();
        }
    }

    /**
     * The child of {@link #committedTransactionsSurviveKill9}: leaves a transaction open with rows of txn -1, then
     * for txn = 0, 1, ... runs BEGIN, two INSERTs of 10 rows (txn, n, 0), an UPDATE of them to v = 1, and COMMIT,
     * printing "committed txn" after each COMMIT, until it is killed.
     */
    public static final class Writer {
        public static void main(String[] args) {
            try (Database db = Database.open(Path.of(args[0]))) {
                Session setup = db.session();
                setup.execute("CREATE TABLE t (txn INTEGER, n INTEGER, v INTEGER, PRIMARY KEY (txn, n))");
                Session idle = db.session();
                idle.execute("BEGIN");
                idle.execute("INSERT INTO t VALUES (-1, 0, 1), (-1, 1, 1)");
                Session session = db.session();
                for (int txn = 0; ; txn++) {
                    session.execute("BEGIN");
                    for (int half = 0; half < 2; half++) {
                        StringBuilder sql = new StringBuilder("INSERT INTO t VALUES ");
                        for (int n = half * 10; n < half * 10 + 10; n++) {
                            sql.append(n == half * 10 ? "" : ", ").append("(").append(txn).append(", ").append(n)
                                    .append(", 0)");
                        }
                        session.execute(sql.toString());
                    }
                    session.execute("UPDATE t SET v = 1 WHERE txn = " + txn);
                    session.execute("COMMIT");
                    System.out.println("committed " + txn);
                }
            }
        }
    }

    @Test
    @Points(2)
    @DisplayName("kill -9 leaves every committed transaction whole and nothing of an uncommitted one")
    void committedTransactionsSurviveKill9(@Scratch Path dir) {
        List<String> acknowledged;
        try (ChildJvm child = ChildJvm.start(Writer.class, dir.toString())) {
            acknowledged = child.killAfterLines(15, Duration.ofSeconds(60));
        }
        try (Database db = Transacting.open(dir)) {
            Session session = db.session();
            Map<Long, Integer> rowsPerTxn = new TreeMap<>();
            for (List<Value> row : rows(session, "SELECT txn, v FROM t")) {
                assertThat(row.get(1)).as("a row of a committed transaction has the value of its last UPDATE: %s", row)
                        .isEqualTo(Value.of(1L));
                rowsPerTxn.merge(((Value.Int) row.get(0)).value(), 1, Integer::sum);
            }
            assertThat(rowsPerTxn).as("the transaction left open when the process was killed left no row")
                    .doesNotContainKey(-1L);
            assertThat(rowsPerTxn.values()).as("each transaction of 20 rows is all there or not there (rows per "
                    + "transaction: %s)", rowsPerTxn).allMatch(count -> count == 20);
            assertThat(rowsPerTxn.size()).as("every transaction whose COMMIT returned before the kill survives")
                    .isGreaterThanOrEqualTo(acknowledged.size());
            session.execute("INSERT INTO t VALUES (-2, 0, 5)");
            assertThat(integer(session, "SELECT v FROM t WHERE txn = -2")).as("after the restart, commits go on")
                    .isEqualTo(5L);
        }
    }

    @Test
    @Points(2)
    @DisplayName("a transaction not committed when the database closes leaves no trace, and later transactions see the rest")
    void uncommittedLeavesNoTraceAfterRestart(@Scratch Path dir) {
        try (Database db = Transacting.open(dir)) {
            Session session = db.session();
            session.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
            session.execute("INSERT INTO t VALUES (1, 10), (2, 20)");
            session.execute("BEGIN");
            session.execute("INSERT INTO t VALUES (3, 30)");
            session.execute("UPDATE t SET v = 0");
            session.execute("DELETE FROM t WHERE id = 1");
        }
        for (int restart = 1; restart <= 2; restart++) {
            try (Database db = Transacting.open(dir)) {
                Session session = db.session();
                assertThat(rows(session, "SELECT id, v FROM t ORDER BY id"))
                        .as("after restart %d, the uncommitted insert, update and delete left nothing", restart)
                        .containsExactly(List.of(Value.of(1L), Value.of(10L)), List.of(Value.of(2L), Value.of(20L)));
                session.execute("BEGIN");
                session.execute("UPDATE t SET v = v + 1");
                session.execute("COMMIT");
                Session other = db.session();
                assertThat(integers(other, "SELECT v FROM t ORDER BY id"))
                        .as("after restart %d, a new transaction's commit is seen by the next", restart)
                        .containsExactly(11L, 21L);
                session.execute("UPDATE t SET v = v - 1");
                session.execute("BEGIN");
                session.execute("INSERT INTO t VALUES (4, 40)");
            }
        }
    }

    @Test
    @Points(2)
    @DisplayName("old versions are deleted once no open transaction can read them: at the next write, or by VACUUM")
    void oldVersionsAreCollected(@Scratch Path dir) {
        try (Database db = Transacting.open(dir)) {
            Session session = db.session();
            session.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
            session.execute("INSERT INTO t VALUES (1, 0)");
            Session gone = db.session();
            gone.execute("BEGIN");
            gone.execute("SELECT v FROM t");
            gone.execute("ROLLBACK");
            Session failed = db.session();
            failed.execute("BEGIN");
            assertThrown(SqlException.class, () -> failed.execute("INSERT INTO t VALUES (1, 1)"), "a duplicate key");
            failed.execute("COMMIT");
            assertThrown(SqlException.class, () -> gone.execute("INSERT INTO t VALUES (1, 1)"), "a duplicate key");
            for (int i = 1; i <= 200; i++) {
                session.execute("UPDATE t SET v = " + i);
            }
        }
        assertThat(storedKeys(dir)).as("200 updates of one row with no other transaction open (those rolled back, "
                + "committed or failed are over): each commit deletes the versions its own hides from everybody")
                .isLessThan(20);

        try (Database db = Transacting.open(dir)) {
            Session session = db.session();
            Session reader = db.session();
            StringBuilder insert = new StringBuilder("INSERT INTO t VALUES (2, 0)");
            for (int id = 3; id < 100; id++) {
                insert.append(", (").append(id).append(", 0)");
            }
            session.execute(insert.toString());
            reader.execute("BEGIN");
            assertThat(integer(reader, "SELECT v FROM t WHERE id = 1")).as("the reader's snapshot").isEqualTo(200L);
            for (int i = 1; i <= 100; i++) {
                session.execute("UPDATE t SET v = " + (200 + i) + " WHERE id = 1");
            }
            session.execute("DELETE FROM t WHERE id >= 2");
            session.execute("VACUUM");
            assertThat(integer(reader, "SELECT v FROM t WHERE id = 1"))
                    .as("while the reader is open, the version it reads must stay").isEqualTo(200L);
            assertThat(rows(reader, "SELECT id FROM t")).as("while the reader is open, it still sees the deleted rows")
                    .hasSize(99);
            reader.execute("COMMIT");
            session.execute("VACUUM");
            assertThat(integers(session, "SELECT v FROM t")).as("once everything is collected").containsExactly(300L);
        }
        assertThat(storedKeys(dir)).as("after the reader ended and VACUUM ran, no old version or delete of the 99 "
                + "deleted rows is left").isLessThan(20);
    }

    @Test
    @Points(2)
    @DisplayName("collecting garbage keeps the newest version each open snapshot reads, deletes included")
    void collectionKeepsWhatOpenSnapshotsRead(@Scratch Path dir) {
        try (Database db = Transacting.open(dir)) {
            Session writer = db.session();
            writer.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
            writer.execute("INSERT INTO t VALUES (1, 0), (2, 0), (3, 0)");
            Session first = db.session();
            Session second = db.session();
            Session third = db.session();
            first.execute("BEGIN");
            writer.execute("UPDATE t SET v = 1 WHERE id = 1");
            writer.execute("DELETE FROM t WHERE id = 2");
            second.execute("BEGIN");
            writer.execute("BEGIN");
            writer.execute("UPDATE t SET v = 2 WHERE id = 1");
            third.execute("BEGIN");
            writer.execute("COMMIT");
            for (int i = 3; i <= 30; i++) {
                writer.execute("UPDATE t SET v = " + i + " WHERE id = 1");
                writer.execute("UPDATE t SET v = " + i + " WHERE id = 3");
            }
            writer.execute("DELETE FROM t WHERE id = 3");
            writer.execute("VACUUM");
            assertThat(rows(first, "SELECT id, v FROM t ORDER BY id")).as("the first reader began before every write")
                    .containsExactly(List.of(Value.of(1L), Value.of(0L)), List.of(Value.of(2L), Value.of(0L)),
                            List.of(Value.of(3L), Value.of(0L)));
            assertThat(rows(second, "SELECT id, v FROM t ORDER BY id"))
                    .as("the second began after v = 1 and the delete of 2, while the transaction writing v = 2 was open")
                    .containsExactly(List.of(Value.of(1L), Value.of(1L)), List.of(Value.of(3L), Value.of(0L)));
            assertThat(rows(third, "SELECT id, v FROM t ORDER BY id"))
                    .as("the third began while the transaction writing v = 2 was open: that version is not its")
                    .containsExactly(List.of(Value.of(1L), Value.of(1L)), List.of(Value.of(3L), Value.of(0L)));
            assertThat(rows(db.session(), "SELECT id, v FROM t ORDER BY id"))
                    .as("a new session sees the last writes: the deleted rows stay deleted")
                    .containsExactly(List.of(Value.of(1L), Value.of(30L)));
            for (Session reader : List.of(first, second, third)) {
                reader.execute("COMMIT");
                writer.execute("VACUUM");
                assertThat(rows(db.session(), "SELECT id, v FROM t ORDER BY id"))
                        .as("as the readers end and VACUUM collects, the last writes stay")
                        .containsExactly(List.of(Value.of(1L), Value.of(30L)));
            }
        }
    }
}
