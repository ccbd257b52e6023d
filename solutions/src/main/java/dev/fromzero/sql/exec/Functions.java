//@ chapter 5
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
        //@ todo 5: abs, coalesce, lower, upper and length; an unknown name, a wrong argument count or type is an error (docs/chapter05-sql.md#step-3-values-and-expressions)
        String function = name.toLowerCase(Locale.ROOT);
        switch (function) {
            case "coalesce":
                if (args.isEmpty()) {
                    throw new SqlException("coalesce needs at least one argument");
                }
                return args.stream().filter(v -> !v.isNull()).findFirst().orElse(Value.NULL);
            case "abs", "lower", "upper", "length":
                if (args.size() != 1) {
                    throw new SqlException(function + " takes 1 argument, not " + args.size());
                }
                return args.get(0).isNull() ? Value.NULL : one(function, args.get(0));
            default:
                throw new SqlException("no such function: " + name);
        }
        //@ end
    }

    private static Value one(String function, Value arg) {
        //@ todo 5: One non-NULL argument: abs of a number (abs of the smallest INTEGER overflows), lower, upper and length of a TEXT (docs/chapter05-sql.md#step-3-values-and-expressions)
        if (function.equals("abs")) {
            if (arg instanceof Value.Int i) {
                return i.value() < 0 ? Arithmetic.negate(i) : i;
            }
            if (arg instanceof Value.Float f) {
                return Value.of(Math.abs(f.value()));
            }
            throw new SqlException("abs needs a number, not " + describe(arg));
        }
        if (!(arg instanceof Value.Text text)) {
            throw new SqlException(function + " needs a TEXT, not " + describe(arg));
        }
        return switch (function) {
            case "lower" -> Value.of(text.value().toLowerCase(Locale.ROOT));
            case "upper" -> Value.of(text.value().toUpperCase(Locale.ROOT));
            default -> Value.of(text.value().codePointCount(0, text.value().length()));
        };
        //@ end
    }

    /**
     * {@code left || right}: the two values as text, one after the other; NULL if either is NULL.
     * Numbers and booleans are turned into text as {@code CAST(x AS TEXT)} does.
     */
    public static Value concat(Value left, Value right) {
        //@ todo 5: Concatenate two values as TEXT (converted as CAST does); NULL if either is NULL (docs/chapter05-sql.md#step-3-values-and-expressions)
        if (left.isNull() || right.isNull()) {
            return Value.NULL;
        }
        return Value.of(Cast.text(left) + Cast.text(right));
        //@ end
    }
}
