//@ chapter 5
package dev.fromzero.sql.jdbc;

import dev.fromzero.sql.SqlException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;

/**
 * Turns the engine's errors into JDBC's. JDBC has a subclass of {@link SQLException} for each
 * class of SQLSTATE (its first two characters), so that a program can catch, say, every
 * integrity-constraint violation without reading codes; the code itself stays in
 * {@link SQLException#getSQLState()}.
 */
final class Errors {

    private Errors() {
    }

    /** The JDBC exception for an engine error: its message, its SQLSTATE, the subclass of that state's class, and the cause. */
    static SQLException of(SqlException e) {
        //@ todo 5: Keep the message and SQLSTATE, and pick the SQLException subclass by the state's class: 42, 23, 22, 40, 0A, 08 (docs/chapter05-sql.md#step-12-the-jdbc-driver)
        String state = e.sqlState();
        String message = e.getMessage();
        return switch (state.substring(0, 2)) {
            case "42" -> new SQLSyntaxErrorException(message, state, e);
            case "23" -> new SQLIntegrityConstraintViolationException(message, state, e);
            case "22" -> new SQLDataException(message, state, e);
            case "40" -> new SQLTransactionRollbackException(message, state, e);
            case "0A" -> new SQLFeatureNotSupportedException(message, state, e);
            case "08" -> new SQLNonTransientConnectionException(message, state, e);
            default -> new SQLException(message, state, e);
        };
        //@ end
    }

    /**
     * Any failure of a call into the engine: an engine error as {@link #of(SqlException)}, anything
     * else (a failed disk, a bug) as SQLSTATE XX000, "internal error", with the original as its cause.
     */
    static SQLException of(RuntimeException e) {
        if (e instanceof SqlException sql) {
            return of(sql);
        }
        return new SQLException("internal error: " + e, "XX000", e);
    }
}
