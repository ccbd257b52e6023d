package dev.fromzero.sql;

/**
 * The root of every error the SQL engine reports: bad syntax, an unknown table or column, a type
 * error, a violated constraint. Its message says what is wrong and where, and the statement that
 * raised it has changed nothing. Subsystems throw subtypes of it.
 *
 * <p>Each error carries a SQLSTATE, the five-character code of the SQL standard that PostgreSQL
 * and JDBC report, so that a client can tell a duplicate key (23505) from a syntax error (42601)
 * without reading the message. An error that names none has {@link #GENERIC}.
 */
public class SqlException extends RuntimeException {

    /** "Syntax error or access rule violation", the class of a statement that cannot run as written. */
    public static final String GENERIC = "42000";

    private final String sqlState;

    public SqlException(String message) {
        this(message, GENERIC);
    }

    public SqlException(String message, Throwable cause) {
        super(message, cause);
        this.sqlState = GENERIC;
    }

    /** An error with its SQLSTATE, e.g. {@code "42P01"} for an undefined table. */
    public SqlException(String message, String sqlState) {
        super(message);
        this.sqlState = sqlState;
    }

    /** The SQLSTATE code of this error: five characters, e.g. {@code 42601} for a syntax error. */
    public String sqlState() {
        return sqlState;
    }
}
