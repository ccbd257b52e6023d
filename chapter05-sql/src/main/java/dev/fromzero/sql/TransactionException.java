package dev.fromzero.sql;

/**
 * A statement refused because of the session's transaction state, or a transaction that could
 * not commit. {@link #sqlState()} is the code PostgreSQL gives the same error, so that the JDBC
 * driver and the server can hand it on: {@code 25001} a transaction is already open (BEGIN in a
 * transaction, or DDL in one), {@code 25P01} no transaction is open (COMMIT or ROLLBACK without
 * BEGIN), {@code 25006} a write in a READ ONLY transaction, and {@code 40001} for a
 * {@link SerializationFailure}.
 */
public class TransactionException extends SqlException {

    public TransactionException(String sqlState, String message) {
        super(message, sqlState);
    }
}
