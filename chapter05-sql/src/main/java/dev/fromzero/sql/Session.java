package dev.fromzero.sql;

import dev.fromzero.sql.exec.Engine;
import dev.fromzero.sql.parser.Parser;
import dev.fromzero.sql.parser.Statement;
import dev.fromzero.sql.storage.Catalog;
import dev.fromzero.sql.txn.Transaction;
import dev.fromzero.sql.txn.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One client's conversation with a {@link Database}, and its transaction. Not thread-safe: one
 * caller at a time.
 *
 * <p>Without BEGIN, each statement is a transaction of its own, committed when it succeeds. BEGIN
 * opens a transaction that the statements after it share until COMMIT or ROLLBACK. A statement
 * that fails inside a transaction changes nothing, and the transaction goes on (as in SQLite and
 * MySQL, not PostgreSQL, which aborts it). A COMMIT that fails with a {@link SerializationFailure}
 * ends the transaction: it was rolled back. CREATE, DROP and VACUUM run only outside a
 * transaction: each commits on its own.
 */
public final class Session implements AutoCloseable {

    private final Supplier<Catalog> catalog;
    private final Transactions transactions;
    /** The transaction BEGIN opened; null outside one. */
    private Work open;

    Session(Supplier<Catalog> catalog, Transactions transactions) {
        this.catalog = catalog;
        this.transactions = transactions;
    }

    /**
     * Runs one statement (a trailing {@code ;} is allowed) and returns its result.
     *
     * @throws SqlException if the statement is malformed or fails; it then changed nothing
     */
    public Result execute(String sql) {
        return execute(Parser.parse(sql));
    }

    /**
     * Parses {@code sql} once, to run many times with values for its parameters ({@code ?}, or
     * {@code $1}, {@code $2}, ...): see {@link Prepared}.
     *
     * @throws SqlException if the statement is malformed
     */
    public Prepared prepare(String sql) {
        return new Prepared(this, Parser.parse(sql));
    }

    /**
     * Runs every {@code ;}-separated statement of {@code script} in order, stopping at the first error.
     * The whole script is parsed first: a syntax error anywhere runs none of it. A runtime error
     * stops the script there; the statements before it have run.
     */
    public List<Result> executeScript(String script) {
        List<Result> results = new ArrayList<>();
        for (Statement statement : Parser.parseAll(script)) {
            results.add(execute(statement));
        }
        return results;
    }

    /** Whether a transaction opened by BEGIN is open (statements then run in it, not on their own). */
    public boolean inTransaction() {
        return open != null;
    }

    /** Whether the open transaction is READ ONLY; false outside a transaction. */
    public boolean inReadOnlyTransaction() {
        return open != null && open.transaction.isReadOnly();
    }

    /** Rolls back the open transaction, if any. The session may be used again after. */
    @Override
    public void close() {
        if (open != null) {
            open.transaction.rollback();
            open = null;
        }
    }

    /**
     * Runs a statement already parsed (by {@link dev.fromzero.sql.parser.Parser#parseAll}, say), its
     * parameters bound ({@link Prepared}).
     *
     * @throws SqlException if the statement fails; it then changed nothing
     */
    public Result execute(Statement statement) {
        if (statement instanceof Statement.Begin begin) {
            if (open != null) {
                throw new TransactionException("25001", "a transaction is already open: COMMIT or ROLLBACK it "
                        + "before the next BEGIN");
            }
            open = new Work(transactions.begin(begin.readOnly()));
            return new Result.Done("BEGIN");
        }
        if (statement instanceof Statement.Commit || statement instanceof Statement.Rollback) {
            String verb = statement instanceof Statement.Commit ? "COMMIT" : "ROLLBACK";
            if (open == null) {
                throw new TransactionException("25P01", verb + " without a transaction: BEGIN opens one");
            }
            Work ending = open;
            open = null;
            if (verb.equals("COMMIT")) {
                ending.commit();
            } else {
                ending.transaction.rollback();
            }
            return new Result.Done(verb);
        }
        boolean ddl = isDdl(statement);
        if (open != null) {
            if (ddl) {
                throw new TransactionException("25001", verb(statement) + " cannot run inside a transaction: COMMIT "
                        + "or ROLLBACK first (it commits on its own)");
            }
            if (open.transaction.isReadOnly() && writes(statement)) {
                throw new TransactionException("25006", "cannot run " + verb(statement)
                        + " in a READ ONLY transaction");
            }
            return new Engine(open::catalog).execute(statement);
        }
        if (statement instanceof Statement.Vacuum) {
            transactions.vacuum();
            return new Result.Done("VACUUM");
        }
        if (ddl) {
            return catalog.get().locked(() -> alone(statement, false));
        }
        return alone(statement, !writes(statement));
    }

    /** Runs {@code statement} as a transaction of its own. */
    private Result alone(Statement statement, boolean readOnly) {
        Work work = new Work(transactions.begin(readOnly));
        try {
            Result result = new Engine(work::catalog).execute(statement);
            work.commit();
            return result;
        } catch (RuntimeException e) {
            work.transaction.rollback();
            throw e;
        }
    }

    /** Statements that change the catalog; they run outside transactions. */
    private static boolean isDdl(Statement statement) {
        return statement instanceof Statement.CreateTable || statement instanceof Statement.DropTable
                || statement instanceof Statement.CreateIndex || statement instanceof Statement.DropIndex
                || statement instanceof Statement.Vacuum;
    }

    /** Statements a READ ONLY transaction refuses. */
    private static boolean writes(Statement statement) {
        return isDdl(statement) || statement instanceof Statement.Insert || statement instanceof Statement.Update
                || statement instanceof Statement.Delete;
    }

    private static String verb(Statement statement) {
        if (statement instanceof Statement.Insert) {
            return "INSERT";
        }
        if (statement instanceof Statement.Update) {
            return "UPDATE";
        }
        if (statement instanceof Statement.Delete) {
            return "DELETE";
        }
        if (statement instanceof Statement.CreateTable) {
            return "CREATE TABLE";
        }
        if (statement instanceof Statement.DropTable) {
            return "DROP TABLE";
        }
        if (statement instanceof Statement.CreateIndex) {
            return "CREATE INDEX";
        }
        if (statement instanceof Statement.DropIndex) {
            return "DROP INDEX";
        }
        return statement instanceof Statement.Vacuum ? "VACUUM" : "this statement";
    }

    /** A transaction, and the catalog whose rows it reads and writes (made when a statement first needs it). */
    private final class Work {
        final Transaction transaction;
        private Catalog bound;

        Work(Transaction transaction) {
            this.transaction = transaction;
        }

        Catalog catalog() {
            if (bound == null) {
                bound = catalog.get().in(transaction);
            }
            return bound;
        }

        /** Commits; if the commit fails, the transaction is rolled back all the same. */
        void commit() {
            try {
                if (bound == null) {
                    transaction.commit();
                } else {
                    bound.commit(transaction::commit);
                }
            } finally {
                transaction.rollback();
            }
        }
    }
}
