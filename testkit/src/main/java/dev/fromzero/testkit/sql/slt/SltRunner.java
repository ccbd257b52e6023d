package dev.fromzero.testkit.sql.slt;

import dev.fromzero.testkit.sql.SqlEngine;
import dev.fromzero.testkit.sql.SqlEngine.Reply;
import dev.fromzero.testkit.sql.slt.SltRecord.Hash;
import dev.fromzero.testkit.sql.slt.SltRecord.Query;
import dev.fromzero.testkit.sql.slt.SltRecord.Statement;
import dev.fromzero.testkit.sql.slt.SltRecord.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Runs the records of one sqllogictest file, in order, on one engine (the records build on each
 * other: a table created, then filled, then queried). A record that does not hold throws an
 * {@link AssertionError} whose message says where ({@code file:line}), the SQL, what was expected
 * and what came back. A starter's {@code TODO} stub is thrown as it is, so that it shows as the
 * step to write; any other exception from the engine is a bug in it, reported with the record.
 *
 * <p>The engine is opened at the first record that needs it, and queries that share a label
 * must return the same values (SQLite's select3 checks a query with and without ORDER BY so).
 * A result of more values than the file's {@code hash-threshold} is compared, and shown when
 * wrong, as {@code N values hashing to MD5}, however the file writes it.
 */
public final class SltRunner implements AutoCloseable {

    /** The name {@code skipif} and {@code onlyif} know this course's engine by. */
    public static final String ENGINE_NAME = "fromzero";

    private static final int SHOWN_ROWS = 20;

    private final String file;
    private final Supplier<SqlEngine> opener;
    private final Map<String, String> labels = new HashMap<>();
    private SqlEngine engine;

    /** Runs records of {@code file} (as shown in messages) on the engine {@code opener} opens. */
    public SltRunner(String file, Supplier<SqlEngine> opener) {
        this.file = file;
        this.opener = opener;
    }

    /**
     * The records that run on this course's engine: statements and queries whose
     * {@code skipif}/{@code onlyif} allow it, up to the first {@code halt} that does.
     */
    public static List<SltRecord> runnable(List<SltRecord> records) {
        List<SltRecord> runnable = new ArrayList<>();
        for (SltRecord r : records) {
            if (r instanceof SltRecord.Halt h && h.conditions().stream().allMatch(c -> c.allows(ENGINE_NAME))) {
                break;
            }
            if (r instanceof Statement s && s.conditions().stream().allMatch(c -> c.allows(ENGINE_NAME))
                    || r instanceof Query q && q.conditions().stream().allMatch(c -> c.allows(ENGINE_NAME))) {
                runnable.add(r);
            }
        }
        return runnable;
    }

    /** Runs one record; throws an {@link AssertionError} saying what went wrong if it does not hold. */
    public void run(SltRecord record) {
        if (record instanceof Statement s) {
            statement(s);
        } else if (record instanceof Query q) {
            query(q);
        }
    }

    /** {@code file:line}, the start of every message about {@code record}. */
    public String where(SltRecord record) {
        return file + ":" + record.line();
    }

    private void statement(Statement s) {
        Reply reply;
        try {
            reply = execute(s, s.sql());
        } catch (SqlEngine.Rejected e) {
            if (!s.error()) {
                throw failure(s, s.sql(), "the statement failed:\n" + indent(e.getMessage()));
            }
            if (!e.getMessage().toLowerCase(Locale.ROOT).contains(s.fragment().toLowerCase(Locale.ROOT))) {
                throw failure(s, s.sql(), "expected an error containing '" + s.fragment() + "', but the error was:\n"
                        + indent(e.getMessage()));
            }
            return;
        }
        if (s.error()) {
            throw failure(s, s.sql(), "expected an error" + (s.fragment().isEmpty() ? "" : " containing '" + s.fragment() + "'")
                    + ", but the statement succeeded (" + describe(reply) + ")");
        }
    }

    private void query(Query q) {
        Reply reply;
        try {
            reply = execute(q, q.sql());
        } catch (SqlEngine.Rejected e) {
            throw failure(q, q.sql(), "the query failed:\n" + indent(e.getMessage()));
        }
        if (!(reply instanceof SqlEngine.Rows rows)) {
            throw failure(q, q.sql(), "a query record needs rows, but the statement returned " + describe(reply));
        }
        int columns = q.types().length();
        if (rows.columns().size() != columns || rows.rows().stream().anyMatch(r -> r.size() != columns)) {
            throw failure(q, q.sql(), "the record's types '" + q.types() + "' say " + columns + " column"
                    + (columns == 1 ? "" : "s") + ", but the query returned " + rows.columns().size() + " "
                    + rows.columns());
        }
        List<String> actual = SltValues.sort(SltValues.render(rows.rows(), q.types()), columns, q.sort());
        String hash = SltValues.md5(actual);
        // SQLite's runner records a label's hash at its first query, whether or not that one is right.
        String earlier = q.label().isEmpty() ? null : labels.putIfAbsent(q.label(), hash);
        if (q.expected() instanceof Hash h) {
            if (h.count() != actual.size() || !h.md5().equals(hash)) {
                throw failure(q, q.sql(), hashed(h.count(), h.md5(), actual, hash, columns, q));
            }
        } else {
            List<String> expected = SltValues.sort(((Values) q.expected()).values(), columns, q.sort());
            if (q.hashThreshold() > 0 && Math.max(expected.size(), actual.size()) > q.hashThreshold()) {
                // Above the threshold a file writes a result as its hash, so that is how both are shown.
                if (!expected.equals(actual)) {
                    throw failure(q, q.sql(), hashed(expected.size(), SltValues.md5(expected), actual, hash, columns, q));
                }
            } else if (!expected.equals(actual)) {
                throw failure(q, q.sql(), "expected " + count(expected, columns) + sortNote(q) + ":\n" + table(expected, columns)
                        + "\nbut got " + count(actual, columns) + ":\n" + table(actual, columns));
            }
        }
        if (earlier != null && !earlier.equals(hash)) {
            throw failure(q, q.sql(), "queries labelled " + q.label() + " must return the same values, but this one's"
                    + " hash is " + hash + " and an earlier one's " + earlier + ":\n" + table(actual, columns));
        }
    }

    /** A wrong hashed result: both as the file writes them, then the values that came back. */
    private static String hashed(int count, String md5, List<String> actual, String hash, int columns, Query q) {
        return "expected " + count + " values hashing to " + md5 + ", but got " + actual.size() + " values hashing to "
                + hash + sortNote(q) + ":\n" + table(actual, columns);
    }

    /**
     * Runs {@code sql}. A rejected statement comes back as {@link SqlEngine.Rejected}; a TODO stub
     * as itself; any other exception is the engine's bug, reported with the record.
     */
    private Reply execute(SltRecord record, String sql) {
        try {
            if (engine == null) {
                engine = opener.get();
            }
            return engine.execute(sql);
        } catch (SqlEngine.Rejected | Error e) {
            throw e;
        } catch (RuntimeException e) {
            if (e instanceof UnsupportedOperationException && String.valueOf(e.getMessage()).startsWith("TODO(")) {
                throw e;
            }
            AssertionError bug = failure(record, sql, "the engine threw " + e
                    + " (a SQL error is a SqlException; anything else is a bug in the engine)");
            bug.initCause(e);
            throw bug;
        }
    }

    private AssertionError failure(SltRecord record, String sql, String what) {
        return new AssertionError(where(record) + ": " + what + "\nSQL:\n" + indent(sql));
    }

    private static String sortNote(Query q) {
        return q.sort() == SltRecord.Sort.NOSORT ? "" : " (" + q.sort().name().toLowerCase(Locale.ROOT) + ")";
    }

    private static String count(List<String> values, int columns) {
        int rows = columns == 0 ? 0 : (values.size() + columns - 1) / columns;
        return rows + " row" + (rows == 1 ? "" : "s");
    }

    /** The values as rows, one a line, values separated by spaces; long results are cut. */
    private static String table(List<String> values, int columns) {
        if (values.isEmpty()) {
            return "  (no rows)";
        }
        List<List<String>> rows = SltValues.rows(values, columns);
        String shown = rows.stream().limit(SHOWN_ROWS).map(r -> "  " + String.join(" ", r)).collect(Collectors.joining("\n"));
        return rows.size() > SHOWN_ROWS ? shown + "\n  ... and " + (rows.size() - SHOWN_ROWS) + " more rows" : shown;
    }

    private static String describe(Reply reply) {
        if (reply instanceof SqlEngine.Rows r) {
            return r.rows().size() + " row" + (r.rows().size() == 1 ? "" : "s");
        }
        if (reply instanceof SqlEngine.Count c) {
            return c.verb() + " " + c.rows();
        }
        return ((SqlEngine.Done) reply).verb();
    }

    private static String indent(String text) {
        return text.lines().map(l -> "  " + l).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }
}
