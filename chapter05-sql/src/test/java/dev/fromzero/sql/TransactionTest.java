package dev.fromzero.sql;

import static dev.fromzero.sql.Transacting.integer;
import static dev.fromzero.sql.Transacting.integers;
import static dev.fromzero.sql.Transacting.rows;
import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;

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
 * Transactions as a client sees them, and the anomalies snapshot isolation prevents or allows, each with several
 * sessions of one database interleaved statement by statement (one thread: the order is the test's, every run).
 */
@Step(chapter = 5, number = 11, title = "Transactions", guide = "docs/chapter05-sql.md#step-11-transactions")
@Hint("A transaction sees the versions of the transactions that had committed when it began, and its own writes. "
        + "A version is invisible if its transaction began later, or was still running when this one began, even if it "
        + "has committed since. Two transactions that overlap in time and write the same row cannot both commit.")
class TransactionTest {

    /** Opens a database with {@code accounts(id INTEGER PRIMARY KEY, balance INTEGER)} holding (1, 100) and (2, 50). */
    private static Database bank(Path dir) {
        Database db = Transacting.open(dir);
        Session setup = db.session();
        setup.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER)");
        setup.execute("INSERT INTO accounts VALUES (1, 100), (2, 50)");
        return db;
    }

    private static Long balance(Session session, long id) {
        return integer(session, "SELECT balance FROM accounts WHERE id = " + id);
    }

    /**
     * Runs {@code statements} in {@code session}, which is in a transaction, then COMMIT; returns the
     * SerializationFailure that one of them (a write or the COMMIT) threw, or null if the commit succeeded.
     */
    private static SerializationFailure commitOrFail(Session session, String... statements) {
        try {
            for (String sql : statements) {
                session.execute(sql);
            }
            session.execute("COMMIT");
            return null;
        } catch (SerializationFailure e) {
            if (session.inTransaction()) {
                session.execute("ROLLBACK");
            }
            return e;
        }
    }

    private static void assertRetryable(SerializationFailure failure, String what) {
        assertThat(failure).as("%s: the second writer must get a serialization failure", what).isNotNull();
        assertThat(failure.sqlState()).as("%s: a serialization failure has SQLSTATE 40001", what).isEqualTo("40001");
        assertThat(failure.getMessage()).as("%s: the message tells the client what to do", what).containsIgnoringCase("retry");
    }

    @Test
    @DisplayName("BEGIN, START TRANSACTION, COMMIT and ROLLBACK open and end a transaction; misplaced ones are errors")
    void statementsOpenAndEndTransactions(@Scratch Path dir) {
        try (Database db = bank(dir)) {
            Session session = db.session();
            assertThat(session.inTransaction()).as("a new session runs each statement on its own").isFalse();
            assertThat(session.execute("BEGIN")).as("BEGIN's result").isEqualTo(new Result.Done("BEGIN"));
            assertThat(session.inTransaction()).as("after BEGIN, the session is in a transaction").isTrue();
            assertThat(session.inReadOnlyTransaction()).as("BEGIN opens a read-write transaction").isFalse();
            TransactionException twice = assertThrown(TransactionException.class, () -> session.execute("BEGIN"),
                    "BEGIN inside a transaction is an error").actual();
            assertThat(twice.sqlState()).as("BEGIN inside a transaction: SQLSTATE 25001").isEqualTo("25001");
            assertThat(session.inTransaction()).as("a refused BEGIN leaves the open transaction open").isTrue();
            assertThat(session.execute("COMMIT")).as("COMMIT's result").isEqualTo(new Result.Done("COMMIT"));
            assertThat(session.inTransaction()).as("after COMMIT, statements run on their own again").isFalse();

            for (String sql : List.of("COMMIT", "ROLLBACK")) {
                TransactionException none = assertThrown(TransactionException.class, () -> session.execute(sql),
                        "%s without a transaction is an error", sql).actual();
                assertThat(none.sqlState()).as("%s without a transaction: SQLSTATE 25P01", sql).isEqualTo("25P01");
            }
            session.execute("start transaction read only");
            assertThat(session.inReadOnlyTransaction()).as("START TRANSACTION READ ONLY").isTrue();
            assertThat(session.execute("rollback work")).as("ROLLBACK WORK's result").isEqualTo(new Result.Done("ROLLBACK"));
            assertThat(session.inTransaction()).as("after ROLLBACK, statements run on their own again").isFalse();
            session.execute("Begin Transaction Read Write;");
            assertThat(session.inTransaction() && !session.inReadOnlyTransaction())
                    .as("BEGIN TRANSACTION READ WRITE opens a read-write transaction").isTrue();
            session.execute("commit transaction");
            assertThat(session.inTransaction()).as("COMMIT TRANSACTION ends it").isFalse();
        }
    }

    @Test
    @Points(2)
    @DisplayName("a transaction reads its own writes (by key and by scan); nobody else does until it commits")
    void readYourOwnWrites(@Scratch Path dir) {
        try (Database db = bank(dir)) {
            Session mine = db.session();
            Session other = db.session();
            mine.execute("BEGIN");
            mine.execute("INSERT INTO accounts VALUES (3, 7)");
            mine.execute("UPDATE accounts SET balance = balance + 1 WHERE id = 1");
            mine.execute("DELETE FROM accounts WHERE id = 2");
            assertThat(balance(mine, 1)).as("a transaction reads the row it updated, by key").isEqualTo(101L);
            assertThat(balance(mine, 3)).as("a transaction reads the row it inserted, by key").isEqualTo(7L);
            assertThat(balance(mine, 2)).as("a transaction does not read the row it deleted").isNull();
            assertThat(integers(mine, "SELECT balance FROM accounts ORDER BY id"))
                    .as("a scan in the transaction shows its inserts, updates and deletes").containsExactly(101L, 7L);
            mine.execute("UPDATE accounts SET balance = balance * 2");
            assertThat(integers(mine, "SELECT balance FROM accounts ORDER BY id"))
                    .as("an UPDATE in the transaction starts from the transaction's own earlier writes")
                    .containsExactly(202L, 14L);
            assertThat(integers(other, "SELECT balance FROM accounts ORDER BY id"))
                    .as("another session does not see a transaction's writes before it commits").containsExactly(100L, 50L);
            mine.execute("COMMIT");
            assertThat(integers(other, "SELECT balance FROM accounts ORDER BY id"))
                    .as("after COMMIT, every session sees the transaction's writes").containsExactly(202L, 14L);
        }
    }

    @Test
    @Points(2)
    @DisplayName("ROLLBACK, and closing the session, discard every write of the transaction")
    void rollbackDiscards(@Scratch Path dir) {
        try (Database db = bank(dir)) {
            Session session = db.session();
            session.execute("BEGIN");
            session.execute("INSERT INTO accounts VALUES (3, 7)");
            session.execute("UPDATE accounts SET balance = 0");
            session.execute("DELETE FROM accounts WHERE id = 1");
            session.execute("ROLLBACK");
            assertThat(rows(session, "SELECT id, balance FROM accounts ORDER BY id"))
                    .as("after ROLLBACK, no insert, update or delete of the transaction is left")
                    .containsExactly(List.of(Value.of(1L), Value.of(100L)), List.of(Value.of(2L), Value.of(50L)));

            Session closing = db.session();
            closing.execute("BEGIN");
            closing.execute("UPDATE accounts SET balance = 1");
            closing.close();
            assertThat(closing.inTransaction()).as("close ends the session's transaction").isFalse();
            assertThat(integers(session, "SELECT balance FROM accounts ORDER BY id"))
                    .as("closing a session rolls back its open transaction").containsExactly(100L, 50L);
            session.execute("UPDATE accounts SET balance = 5 WHERE id = 1");
            assertThat(balance(session, 1)).as("a rolled-back transaction does not stand in the way of later writes")
                    .isEqualTo(5L);
        }
    }

    @Test
    @DisplayName("a READ ONLY transaction reads, and refuses INSERT, UPDATE, DELETE and DDL, staying open")
    void readOnlyTransactionsRefuseWrites(@Scratch Path dir) {
        try (Database db = bank(dir)) {
            Session session = db.session();
            session.execute("BEGIN READ ONLY");
            assertThat(balance(session, 1)).as("a READ ONLY transaction reads").isEqualTo(100L);
            for (String write : List.of("INSERT INTO accounts VALUES (3, 3)", "UPDATE accounts SET balance = 0",
                    "DELETE FROM accounts WHERE id = 9", "CREATE TABLE t (x INTEGER)", "DROP TABLE accounts")) {
                TransactionException refused = assertThrown(TransactionException.class, () -> session.execute(write),
                        "%s in a READ ONLY transaction must be refused (even one that would change no row)", write).actual();
                assertThat(refused.sqlState()).as("%s: SQLSTATE 25006 (read only) or 25001 (DDL in a transaction)", write)
                        .isIn("25006", "25001");
            }
            assertThat(session.inTransaction()).as("a refused write leaves the transaction open").isTrue();
            session.execute("COMMIT");
            assertThat(integers(session, "SELECT balance FROM accounts ORDER BY id"))
                    .as("nothing was written").containsExactly(100L, 50L);
        }
    }

    @Test
    @DisplayName("a statement that fails inside a transaction is undone alone: the transaction goes on and commits the rest")
    void aFailedStatementLeavesTheTransactionOpen(@Scratch Path dir) {
        try (Database db = bank(dir)) {
            Session session = db.session();
            session.execute("BEGIN");
            session.execute("INSERT INTO accounts VALUES (3, 30)");
            assertThrown(SqlException.class, () -> session.execute("INSERT INTO accounts VALUES (4, 40), (1, 10)"),
                    "a duplicate primary key fails the INSERT");
            assertThrown(SqlException.class, () -> session.execute("SELECT nope FROM accounts"), "an unknown column");
            assertThat(session.inTransaction()).as("a failed statement does not end the transaction").isTrue();
            assertThat(integers(session, "SELECT id FROM accounts ORDER BY id"))
                    .as("the failed INSERT left no row in the transaction (not even its first, (4, 40))")
                    .containsExactly(1L, 2L, 3L);
            session.execute("COMMIT");
            assertThat(integers(db.session(), "SELECT id FROM accounts ORDER BY id"))
                    .as("the statements before and after the failure commit").containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    @DisplayName("CREATE and DROP run only outside a transaction; a commit into a table dropped meanwhile fails")
    void ddlRunsOutsideTransactions(@Scratch Path dir) {
        try (Database db = bank(dir)) {
            Session session = db.session();
            session.execute("BEGIN");
            TransactionException create = assertThrown(TransactionException.class,
                    () -> session.execute("CREATE TABLE t (x INTEGER)"), "CREATE TABLE inside a transaction").actual();
            assertThat(create.sqlState()).as("DDL inside a transaction: SQLSTATE 25001").isEqualTo("25001");
            assertThrown(TransactionException.class, () -> session.execute("DROP TABLE accounts"),
                    "DROP TABLE inside a transaction");
            session.execute("INSERT INTO accounts VALUES (3, 3)");

            Session other = db.session();
            other.execute("DROP TABLE accounts");
            other.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, note TEXT)");
            SerializationFailure failure = commitOrFail(session);
            assertThat(failure).as("a transaction that wrote rows of a table dropped and re-created since must not commit "
                    + "them into the new table").isNotNull();
            assertThat(session.inTransaction()).as("a failed COMMIT ends the transaction").isFalse();
            assertThat(rows(other, "SELECT id, note FROM accounts")).as("the new table holds no row of the old").isEmpty();
        }
    }

    @Test
    @Points(2)
    @DisplayName("dirty read is prevented: nobody reads the writes of a transaction that has not committed")
    void dirtyReadIsPrevented(@Scratch Path dir) {
        try (Database db = bank(dir)) {
            Session writer = db.session();
            Session reader = db.session();
            writer.execute("BEGIN");
            writer.execute("UPDATE accounts SET balance = 0 WHERE id = 1");
            writer.execute("INSERT INTO accounts VALUES (3, 3)");
            assertThat(balance(reader, 1)).as("a statement on its own must not read an uncommitted update").isEqualTo(100L);
            reader.execute("BEGIN");
            assertThat(integers(reader, "SELECT id FROM accounts ORDER BY id"))
                    .as("a transaction must not read an uncommitted insert").containsExactly(1L, 2L);
            writer.execute("ROLLBACK");
            assertThat(balance(reader, 1)).as("the rolled-back update never shows").isEqualTo(100L);
            reader.execute("COMMIT");
        }
    }

    @Test
    @Points(2)
    @DisplayName("non-repeatable read is prevented: a row reads the same all through a transaction, whoever commits meanwhile")
    void nonRepeatableReadIsPrevented(@Scratch Path dir) {
        try (Database db = bank(dir)) {
            Session early = db.session();
            Session reader = db.session();
            Session late = db.session();
            early.execute("BEGIN");
            reader.execute("BEGIN");
            assertThat(balance(reader, 1)).as("the reader's first read").isEqualTo(100L);
            late.execute("UPDATE accounts SET balance = 200 WHERE id = 1");
            assertThat(balance(reader, 1)).as("a transaction must not see a commit by a transaction that began after it")
                    .isEqualTo(100L);
            early.execute("UPDATE accounts SET balance = 300 WHERE id = 2");
            early.execute("COMMIT");
            assertThat(balance(reader, 2)).as("a transaction must not see the commit of one that was running when it "
                    + "began, though that one began first (the set of active transactions)").isEqualTo(50L);
            reader.execute("COMMIT");
            assertThat(integers(reader, "SELECT balance FROM accounts ORDER BY id"))
                    .as("after its COMMIT, the session sees both commits").containsExactly(200L, 300L);
        }
    }

    @Test
    @Points(2)
    @DisplayName("phantom is prevented: a query's set of rows stays the same all through a transaction")
    void phantomIsPrevented(@Scratch Path dir) {
        try (Database db = bank(dir)) {
            Session reader = db.session();
            Session writer = db.session();
            reader.execute("BEGIN");
            assertThat(integers(reader, "SELECT id FROM accounts WHERE balance >= 50 ORDER BY id"))
                    .as("the first run of the query").containsExactly(1L, 2L);
            writer.execute("INSERT INTO accounts VALUES (3, 70), (0, 90)");
            writer.execute("DELETE FROM accounts WHERE id = 2");
            writer.execute("UPDATE accounts SET balance = 10 WHERE id = 1");
            assertThat(integers(reader, "SELECT id FROM accounts WHERE balance >= 50 ORDER BY id"))
                    .as("rows inserted, deleted or changed by a later commit must not appear in or vanish from the query")
                    .containsExactly(1L, 2L);
            assertThat(integers(reader, "SELECT id FROM accounts ORDER BY id DESC"))
                    .as("nor from a scan in the other direction").containsExactly(2L, 1L);
            reader.execute("COMMIT");
            assertThat(integers(reader, "SELECT id FROM accounts WHERE balance >= 50 ORDER BY id"))
                    .as("after COMMIT the query sees the writer's rows").containsExactly(0L, 3L);
        }
    }

    @Test
    @Points(3)
    @DisplayName("lost update is prevented: of two transactions that update one row, the second to commit fails and may retry")
    void lostUpdateIsPrevented(@Scratch Path dir) {
        try (Database db = bank(dir)) {
            Session first = db.session();
            Session second = db.session();
            // The transaction that began first commits first.
            first.execute("BEGIN");
            second.execute("BEGIN");
            long seen = balance(second, 1);
            assertThat(commitOrFail(first, "UPDATE accounts SET balance = balance + 10 WHERE id = 1"))
                    .as("the first to commit succeeds").isNull();
            assertRetryable(commitOrFail(second, "UPDATE accounts SET balance = " + (seen + 20) + " WHERE id = 1"),
                    "the second began after the first, which committed first");
            assertThat(balance(second, 1)).as("the first commit's update is not lost, the second left nothing")
                    .isEqualTo(110L);
            assertThat(second.inTransaction()).as("the failed transaction is over").isFalse();

            // The transaction that began second commits first.
            first.execute("BEGIN");
            second.execute("BEGIN");
            assertThat(commitOrFail(second, "UPDATE accounts SET balance = balance + 1 WHERE id = 1"))
                    .as("the first to commit succeeds, though it began second").isNull();
            assertRetryable(commitOrFail(first, "UPDATE accounts SET balance = balance + 2 WHERE id = 1"),
                    "the other began after this one and committed first");

            // A statement on its own commits between the transaction's read and its commit; a delete conflicts too.
            first.execute("BEGIN");
            first.execute("UPDATE accounts SET balance = 0 WHERE id = 2");
            second.execute("DELETE FROM accounts WHERE id = 2");
            assertRetryable(commitOrFail(first), "a statement on its own deleted the row and committed first");
            first.execute("BEGIN");
            second.execute("BEGIN");
            second.execute("INSERT INTO accounts VALUES (2, 1)");
            assertThat(commitOrFail(first, "INSERT INTO accounts VALUES (2, 2)")).as("the first insert of key 2").isNull();
            assertRetryable(commitOrFail(second), "two transactions inserted the same key");
            assertThat(balance(second, 2)).as("the first insert stands").isEqualTo(2L);
            assertThat(balance(second, 1)).as("after all this").isEqualTo(111L);
        }
    }

    @Test
    @DisplayName("transactions that overlap in time but write different rows all commit")
    void disjointWritesDoNotConflict(@Scratch Path dir) {
        try (Database db = bank(dir)) {
            Session a = db.session();
            Session b = db.session();
            a.execute("BEGIN");
            b.execute("BEGIN");
            a.execute("UPDATE accounts SET balance = 1 WHERE id = 1");
            b.execute("UPDATE accounts SET balance = 2 WHERE id = 2");
            b.execute("INSERT INTO accounts VALUES (3, 3)");
            assertThat(commitOrFail(b)).as("b writes rows a does not").isNull();
            assertThat(commitOrFail(a, "UPDATE accounts SET balance = 11 WHERE id = 1"))
                    .as("a writes only a row b did not write: no conflict").isNull();
            assertThat(integers(a, "SELECT balance FROM accounts ORDER BY id")).as("both committed")
                    .containsExactly(11L, 2L, 3L);
        }
    }

    @Test
    @Points(2)
    @DisplayName("write skew is allowed: two transactions that each read what the other writes both commit")
    void writeSkewIsAllowed(@Scratch Path dir) {
        try (Database db = Transacting.open(dir)) {
            Session setup = db.session();
            setup.execute("CREATE TABLE doctors (name TEXT PRIMARY KEY, on_call BOOLEAN)");
            setup.execute("INSERT INTO doctors VALUES ('alice', TRUE), ('bob', TRUE)");
            Session alice = db.session();
            Session bob = db.session();
            alice.execute("BEGIN");
            bob.execute("BEGIN");
            // Each checks that someone else is on call, then leaves: each check is true in its snapshot.
            assertThat(rows(alice, "SELECT name FROM doctors WHERE on_call")).as("alice sees two on call").hasSize(2);
            assertThat(rows(bob, "SELECT name FROM doctors WHERE on_call")).as("bob sees two on call").hasSize(2);
            alice.execute("UPDATE doctors SET on_call = FALSE WHERE name = 'alice'");
            bob.execute("UPDATE doctors SET on_call = FALSE WHERE name = 'bob'");
            assertThat(commitOrFail(alice)).as("alice commits").isNull();
            assertThat(commitOrFail(bob)).as("bob wrote a different row from alice's: snapshot isolation checks only "
                    + "write-write conflicts, so bob commits too").isNull();
            assertThat(rows(setup, "SELECT name FROM doctors WHERE on_call"))
                    .as("write skew: nobody is on call, which no serial order of the two would give").isEmpty();
        }
    }
}
