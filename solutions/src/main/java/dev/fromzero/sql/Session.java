//@ chapter 5
package dev.fromzero.sql;

import java.util.List;

/** One client's conversation with a {@link Database}. Not thread-safe: one caller at a time. */
public final class Session {

    /**
     * Runs one statement (a trailing {@code ;} is allowed) and returns its result.
     *
     * @throws SqlException if the statement is malformed or fails; it then changed nothing
     */
    public Result execute(String sql) {
        throw new UnsupportedOperationException("scaffold: sql-exec builds this");
    }

    /** Runs every {@code ;}-separated statement of {@code script} in order, stopping at the first error. */
    public List<Result> executeScript(String script) {
        throw new UnsupportedOperationException("scaffold: sql-exec builds this");
    }
}
