package dev.fromzero.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fromzero.kv.KvStore;
import dev.fromzero.sql.storage.Catalog;
import dev.fromzero.sql.storage.IndexDef;
import dev.fromzero.sql.txn.Transaction;
import dev.fromzero.sql.txn.Transactions;
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
 * Index entries are written and read through the same transaction as their rows, so a lookup sees
 * exactly the rows its transaction sees: its own uncommitted writes, and nobody else's.
 */
@Step(chapter = 5, number = 9, title = "Indexes", guide = "docs/chapter05-sql.md#step-9-indexes")
@Hint("Read and write index entries through the table's KvView, never the store: then they are versioned, and "
        + "visible, exactly like the rows they point to.")
class IndexTransactionTest {

    @Test
    @Points(2)
    @DisplayName("a lookup through an index sees what its transaction sees: its own writes, no one else's uncommitted ones")
    void lookupsSeeWhatTheirTransactionSees(@Scratch Path dir) {
        try (Database database = Database.open(dir)) {
            Session writer = database.session();
            Session reader = database.session();
            writer.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
            writer.execute("CREATE INDEX t_v ON t (v)");
            writer.execute("INSERT INTO t VALUES (1, 10), (2, 20)");

            reader.execute("BEGIN");
            assertThat(ids(reader, "v = 10")).as("the reader's snapshot: row 1 has v = 10").containsExactly(1L);
            writer.execute("BEGIN");
            writer.execute("UPDATE t SET v = 30 WHERE id = 1");
            writer.execute("INSERT INTO t VALUES (3, 30)");
            assertThat(ids(writer, "v = 30")).as("the writer's own uncommitted writes, found through the index")
                    .containsExactly(1L, 3L);
            assertThat(ids(writer, "v = 10")).as("the writer moved row 1 away from v = 10 in its transaction").isEmpty();
            assertThat(ids(reader, "v = 30")).as("another transaction's uncommitted entries must not be seen").isEmpty();
            writer.execute("COMMIT");
            assertThat(ids(reader, "v = 10")).as("after the writer commits, the reader's snapshot still has row 1 at "
                    + "v = 10: the old entry must still be visible to it").containsExactly(1L);
            assertThat(ids(reader, "v >= 20")).as("and the committed new entries are after the reader's snapshot")
                    .containsExactly(2L);
            reader.execute("COMMIT");
            assertThat(ids(reader, "v = 30")).as("a new transaction sees the committed writes through the index")
                    .containsExactly(1L, 3L);

            writer.execute("BEGIN");
            writer.execute("DELETE FROM t WHERE v = 30");
            writer.execute("ROLLBACK");
            assertThat(ids(reader, "v = 30")).as("a rolled-back DELETE leaves the index as it was")
                    .containsExactly(1L, 3L);
        }
    }

    @Test
    @Points(2)
    @DisplayName("two transactions that each give a row the same UNIQUE value cannot both commit")
    @Hint("Each transaction checks the index as of its own snapshot, where the other's row is not yet: the check alone "
            + "lets both through. Make the two writes collide on one key (the values alone, without the row's key, in a "
            + "UNIQUE index), and the second commit is a write-write conflict.")
    void concurrentDuplicatesInAUniqueIndexConflict(@Scratch Path dir) {
        try (Database database = Database.open(dir)) {
            Session first = database.session();
            Session second = database.session();
            first.execute("CREATE TABLE u (id INTEGER PRIMARY KEY, email TEXT, team INTEGER)");
            first.execute("CREATE UNIQUE INDEX u_email ON u (email)");
            first.execute("CREATE UNIQUE INDEX u_team_email ON u (team, email)");
            first.execute("BEGIN");
            second.execute("BEGIN");
            first.execute("INSERT INTO u VALUES (1, 'a@x', 1)");
            second.execute("INSERT INTO u VALUES (2, 'a@x', 2)");
            first.execute("COMMIT");
            Throwable thrown = catchThrowable(() -> second.execute("COMMIT"));
            assertThat(thrown).as("the second transaction to commit 'a@x' into UNIQUE index u_email must fail")
                    .isInstanceOf(SqlException.class);
            assertThat(ids(first, "u", "email = 'a@x'")).as("only the first transaction's row holds 'a@x'")
                    .containsExactly(1L);

            first.execute("BEGIN");
            second.execute("BEGIN");
            first.execute("INSERT INTO u VALUES (3, NULL, 7)");
            second.execute("INSERT INTO u VALUES (4, NULL, 7)");
            first.execute("COMMIT");
            second.execute("COMMIT");
            assertThat(ids(first, "u", "team = 7")).as("NULLs never clash in a UNIQUE index, not even across "
                    + "transactions: both rows with a NULL email are there").containsExactly(3L, 4L);
        }
    }

    @Test
    @Points(2)
    @DisplayName("a CREATE INDEX whose entries were never committed leaves no index, and queries still find every row")
    @Hint("Inside a transaction the entries reach the store only at its commit. Write the schema after that "
            + "(view.afterCommit): a crash before the commit must not leave an index that names entries it never got.")
    void anIndexIsNamedOnlyOnceItsEntriesAreCommitted(@Scratch Path dir) {
        try (Database database = Database.open(dir)) {
            Session session = database.session();
            session.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
            session.execute("INSERT INTO t VALUES (1, 10), (2, 20), (3, 10)");
        }
        try (KvStore store = KvStore.open(dir)) {
            Catalog catalog = new Catalog(store);
            Transaction transaction = new Transactions(store).begin(false);
            catalog.in(transaction).createIndex("t", new IndexDef("t_v", List.of("v"), false));
            // the process dies here: the transaction holding the entries never commits
        }
        try (Database database = Database.open(dir)) {
            Session session = database.session();
            assertThat(ids(session, "v = 10")).as("the index's entries were never committed, so there must be no index "
                    + "t_v to read, and the lookup must find both rows by reading the table").containsExactly(1L, 3L);
            session.execute("CREATE INDEX t_v ON t (v)");
            assertThat(ids(session, "v = 10")).as("CREATE INDEX of the same name then works, over the rows there are")
                    .containsExactly(1L, 3L);
        }
    }

    private static List<Long> ids(Session session, String table, String where) {
        Result.Rows rows = (Result.Rows) session.execute("SELECT id FROM " + table + " WHERE " + where + " ORDER BY id");
        return rows.rows().stream().map(row -> ((Value.Int) row.get(0)).value()).toList();
    }

    private static List<Long> ids(Session session, String where) {
        Result.Rows rows = (Result.Rows) session.execute("SELECT id FROM t WHERE " + where + " ORDER BY id");
        return rows.rows().stream().map(row -> ((Value.Int) row.get(0)).value()).toList();
    }
}
