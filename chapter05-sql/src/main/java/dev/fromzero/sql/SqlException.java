package dev.fromzero.sql;

/**
 * The root of every error the SQL engine reports: bad syntax, an unknown table or column, a type
 * error, a violated constraint. Its message says what is wrong and where, and the statement that
 * raised it has changed nothing. Subsystems throw subtypes of it.
 */
public class SqlException extends RuntimeException {

    public SqlException(String message) {
        super(message);
    }

    public SqlException(String message, Throwable cause) {
        super(message, cause);
    }
}
