package dev.fromzero.sql.exec;

import static dev.fromzero.sql.exec.Arithmetic.describe;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.types.Value;

/**
 * {@code text LIKE pattern}: {@code %} matches any run of characters (also none), {@code _}
 * exactly one character, every other character itself. Matching is case-sensitive, as the SQL
 * standard and PostgreSQL have it (SQLite folds ASCII case), and works on code points, so that
 * {@code _} matches one character even outside the Basic Multilingual Plane.
 *
 * <p>The matcher runs in O(text × pattern) time without recursion: on a mismatch it backs up to
 * the last {@code %} and lets it swallow one more character. A pattern like {@code %a%a%a%b} on a
 * long text cannot blow up as a naive recursive matcher does.
 */
public final class Like {

    private Like() {}

    /** TRUE or FALSE; NULL if either side is NULL; both sides must be TEXT. */
    public static Value like(Value text, Value pattern) {
        if (text.isNull() || pattern.isNull()) {
            return Value.NULL;
        }
        if (!(text instanceof Value.Text t) || !(pattern instanceof Value.Text p)) {
            throw new SqlException("cannot apply LIKE to " + describe(text) + " and " + describe(pattern)
                    + ": both sides must be TEXT");
        }
        return Value.of(matches(t.value(), p.value()));
    }

    /** Whether all of {@code text} matches all of {@code pattern}. */
    public static boolean matches(String text, String pattern) {
        throw new UnsupportedOperationException("TODO(chapter05): Match % (any run, also empty) and _ (one character) over the whole text, without exponential backtracking (docs/chapter05-sql.md#step-3-values-and-expressions)");
    }
}
