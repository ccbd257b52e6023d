//@ chapter 5
package dev.fromzero.sql.exec;

import static dev.fromzero.sql.exec.Arithmetic.describe;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.types.Value;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * One aggregate function over one group: {@link #add} takes the argument's value for each row of
 * the group, {@link #result} gives the aggregate's value.
 *
 * <p>SQL's NULL rules: every aggregate but {@code count(*)} skips NULL arguments. Over no
 * non-NULL value, count is 0 and sum, avg, min and max are NULL (not 0: "the sum of nothing" is
 * unknown). With DISTINCT, a value equal to one already added is skipped. sum adds exactly, as
 * {@code +} does: INTEGERs give an INTEGER and an overflow is an error, any FLOAT makes the sum a
 * FLOAT. avg is always a FLOAT, even over INTEGERs ({@code avg} of 1 and 2 is 1.5), as in SQLite,
 * whose results part 3's corpus holds. min and max compare as ORDER BY does.
 */
final class Accumulator {

    private final String function;
    private final boolean star;
    private final Set<Value> seen;
    private long count;
    private Value sum = Value.NULL;
    private double total;
    private Value extreme = Value.NULL;

    Accumulator(Expr.Call call) {
        this.function = call.name().toLowerCase(Locale.ROOT);
        this.star = call.star();
        this.seen = call.distinct() ? new HashSet<>() : null;
    }

    /** Adds one row's argument value ({@code count(*)} is given any value, and counts the row). */
    void add(Value value) {
        //@ todo 5: Skip NULL (except for count(*)) and, with DISTINCT, repeats; then count, sum exactly, total for avg, or keep the min or max (docs/chapter05-sql.md#step-8-aggregation-and-distinct)
        if (star) {
            count++;
            return;
        }
        if (value.isNull() || seen != null && !seen.add(ValueKey.of(value))) {
            return;
        }
        count++;
        switch (function) {
            case "sum", "avg" -> {
                if (!Arithmetic.isNumber(value)) {
                    throw new SqlException(function + " needs numbers, not " + describe(value));
                }
                sum = sum.isNull() ? value : Arithmetic.add(sum, value);
                total += Arithmetic.asDouble(value);
            }
            case "min" -> extreme = extreme.isNull() || Comparison.order("min", value, extreme) < 0 ? value : extreme;
            case "max" -> extreme = extreme.isNull() || Comparison.order("max", value, extreme) > 0 ? value : extreme;
            default -> {
                // count: counted above
            }
        }
        //@ end
    }

    /** The aggregate's value over the values added so far. */
    Value result() {
        //@ todo 5: count is the count; sum, avg, min and max of no values are NULL; avg is a FLOAT (docs/chapter05-sql.md#step-8-aggregation-and-distinct)
        return switch (function) {
            case "count" -> Value.of(count);
            case "sum" -> sum;
            case "avg" -> count == 0 ? Value.NULL : Value.of(total / count);
            default -> extreme;
        };
        //@ end
    }
}
