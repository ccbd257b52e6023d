package dev.fromzero.testkit.sql;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A SQL engine as the sqllogictest runner and the course's shell see it: statements in, plain
 * Java values out. It keeps testkit (and the course tool) free of any chapter's types: a chapter's
 * tests adapt their engine to it (chapter 5's {@code dev.fromzero.sql.EmbeddedEngine}), and the
 * same runner could check another engine against the same files.
 *
 * <p>Values are {@code null} (SQL's NULL), {@link Long}, {@link Double}, {@link String} or
 * {@link Boolean}. An error the engine reports as SQL's own (bad syntax, a violated constraint)
 * is a {@link Rejected}; anything else it throws is a bug in the engine, and never passes for an
 * expected error.
 */
public interface SqlEngine extends AutoCloseable {

    /** Runs one statement. */
    Reply execute(String sql);

    @Override
    void close();

    /** What a statement returned. */
    sealed interface Reply permits Rows, Count, Done {
    }

    /** A query's result: column names, and rows of values, in the order the engine gave them. */
    record Rows(List<String> columns, List<List<Object>> rows) implements Reply {
        public Rows {
            columns = List.copyOf(columns);
            List<List<Object>> copied = new ArrayList<>();
            for (List<Object> row : rows) {
                copied.add(Collections.unmodifiableList(new ArrayList<>(row))); // List.copyOf refuses NULLs
            }
            rows = Collections.unmodifiableList(copied);
        }
    }

    /** How many rows a write changed; {@code verb} is its keyword (INSERT, UPDATE, DELETE). */
    record Count(String verb, long rows) implements Reply {
    }

    /** A statement without rows (CREATE TABLE, DROP TABLE); {@code verb} names it. */
    record Done(String verb) implements Reply {
    }

    /** An error the engine reports as SQL's: its message says what and where (it may span lines, e.g. with a caret). */
    final class Rejected extends RuntimeException {
        public Rejected(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Opens the engine that the class {@code className} opens with its {@code public static open(Path dir)}:
     * how a command finds a chapter's adapter by name in a JVM started for it.
     */
    static SqlEngine open(String className, Path dir) {
        return open(SqlEngine.class.getClassLoader(), className, dir);
    }

    /** As {@link #open(String, Path)}, with the class loaded by {@code loader}. */
    static SqlEngine open(ClassLoader loader, String className, Path dir) {
        try {
            Object engine = Class.forName(className, true, loader).getMethod("open", Path.class).invoke(null, dir);
            return (SqlEngine) engine;
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(className + ".open failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot open the SQL engine " + className
                    + ": it needs a public static SqlEngine open(Path dir) (" + e + ")", e);
        }
    }
}
