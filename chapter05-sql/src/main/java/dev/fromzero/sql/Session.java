package dev.fromzero.sql;

import dev.fromzero.sql.exec.Engine;
import dev.fromzero.sql.parser.Parser;
import dev.fromzero.sql.parser.Statement;
import java.util.ArrayList;
import java.util.List;

/** One client's conversation with a {@link Database}. Not thread-safe: one caller at a time. */
public final class Session {

    private final Engine engine;

    Session(Engine engine) {
        this.engine = engine;
    }

    /**
     * Runs one statement (a trailing {@code ;} is allowed) and returns its result.
     *
     * @throws SqlException if the statement is malformed or fails; it then changed nothing
     */
    public Result execute(String sql) {
        return engine.execute(Parser.parse(sql));
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

    /** Runs a statement already parsed, its parameters bound ({@link Prepared}). */
    Result execute(Statement statement) {
        return engine.execute(statement);
    }

    /**
     * Runs every {@code ;}-separated statement of {@code script} in order, stopping at the first error.
     * The whole script is parsed first: a syntax error anywhere runs none of it. A runtime error
     * stops the script there; the statements before it have run.
     */
    public List<Result> executeScript(String script) {
        List<Result> results = new ArrayList<>();
        for (Statement statement : Parser.parseAll(script)) {
            results.add(engine.execute(statement));
        }
        return results;
    }
}
