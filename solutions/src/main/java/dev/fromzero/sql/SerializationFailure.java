//@ chapter 5
package dev.fromzero.sql;

/**
 * A transaction that cannot commit because another one, running at the same time, committed a
 * write to a row it writes too (first committer wins), or changed a table it writes. The
 * transaction was rolled back: nothing it did is in the database. Running it again, from its
 * BEGIN, is the fix; SQLSTATE {@value #SQLSTATE}, as in PostgreSQL.
 */
public final class SerializationFailure extends TransactionException {

    public static final String SQLSTATE = "40001";

    public SerializationFailure(String message) {
        super(SQLSTATE, message + "; the transaction was rolled back: retry it");
    }
}
