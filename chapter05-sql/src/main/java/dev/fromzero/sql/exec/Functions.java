package dev.fromzero.sql.exec;

import static dev.fromzero.sql.exec.Arithmetic.describe;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.types.Value;
import java.util.List;
import java.util.Locale;

/**
 * The scalar functions ({@code abs, coalesce, lower, upper, length}) and the {@code ||} operator.
 *
 * <p>Function names are case-insensitive. Every function but coalesce gives NULL for a NULL
 * argument; coalesce exists to replace NULLs. The text functions count and map Unicode
 * characters (code points), not UTF-16 units, and lower/upper ignore the JVM's locale, so a
 * Turkish machine gives the same answer as any other.
 */
public final class Functions {

    private Functions() {}

    /**
     * Calls the function {@code name} on already evaluated arguments.
     *
     * @throws SqlException for an unknown function, a wrong number of arguments or a wrong type
     */
    public static Value call(String name, List<Value> args) {
        throw new UnsupportedOperationException("TODO(chapter05): abs, coalesce, lower, upper and length; an unknown name, a wrong argument count or type is an error (docs/chapter05-sql.md#step-3-values-and-expressions)");
    }

    private static Value one(String function, Value arg) {
        throw new UnsupportedOperationException("TODO(chapter05): One non-NULL argument: abs of a number (abs of the smallest INTEGER overflows), lower, upper and length of a TEXT (docs/chapter05-sql.md#step-3-values-and-expressions)");
    }

    /**
     * {@code left || right}: the two values as text, one after the other; NULL if either is NULL.
     * Numbers and booleans are turned into text as {@code CAST(x AS TEXT)} does.
     */
    public static Value concat(Value left, Value right) {
        throw new UnsupportedOperationException("TODO(chapter05): Concatenate two values as TEXT (converted as CAST does); NULL if either is NULL (docs/chapter05-sql.md#step-3-values-and-expressions)");
    }
}
