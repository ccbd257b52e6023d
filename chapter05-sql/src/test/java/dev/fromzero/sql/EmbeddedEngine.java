package dev.fromzero.sql;

import dev.fromzero.sql.types.Value;
import dev.fromzero.testkit.sql.SqlEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The chapter's embedded database as testkit's {@link SqlEngine}: what the sqllogictest files run
 * on, in JUnit and in {@code ./course slt}, and what {@code ./course sql} talks to. Results
 * become plain Java values; a {@link SqlException} becomes a {@link SqlEngine.Rejected}, the
 * only error a {@code statement error} record accepts, unless a starter's TODO stub is behind
 * it, which is thrown as it is.
 */
public final class EmbeddedEngine implements SqlEngine {

    private final Database database;
    private final Session session;

    private EmbeddedEngine(Database database) {
        this.database = database;
        this.session = database.session();
    }

    /** Opens (or creates) the database in {@code dir}. */
    public static EmbeddedEngine open(Path dir) {
        Database database = Database.open(dir);
        try {
            return new EmbeddedEngine(database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    @Override
    public Reply execute(String sql) {
        Result result;
        try {
            result = session.execute(sql);
        } catch (SqlException e) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof UnsupportedOperationException todo && String.valueOf(todo.getMessage()).startsWith("TODO(")) {
                    throw todo;
                }
            }
            throw new Rejected(e.getMessage(), e);
        }
        if (result instanceof Result.Rows rows) {
            List<String> columns = rows.columns().stream().map(Result.Column::name).toList();
            List<List<Object>> values = new ArrayList<>();
            for (List<Value> row : rows.rows()) {
                List<Object> converted = new ArrayList<>(row.size());
                row.forEach(v -> converted.add(java(v)));
                values.add(converted);
            }
            return new Rows(columns, values);
        }
        if (result instanceof Result.Count count) {
            return new Count(count.verb(), count.rows());
        }
        return new Done(((Result.Done) result).verb());
    }

    /** A SQL value as the Java value {@link SqlEngine} speaks: null, Long, Double, String or Boolean. */
    static Object java(Value v) {
        if (v instanceof Value.Int i) {
            return i.value();
        }
        if (v instanceof Value.Float f) {
            return f.value();
        }
        if (v instanceof Value.Text t) {
            return t.value();
        }
        if (v instanceof Value.Bool b) {
            return b.value();
        }
        return null;
    }

    @Override
    public void close() {
        database.close();
    }
}
