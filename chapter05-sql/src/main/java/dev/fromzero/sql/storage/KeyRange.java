package dev.fromzero.sql.storage;

import dev.fromzero.sql.types.Value;
import java.util.List;

/**
 * Which rows an index lookup wants ({@link Table#range}): those whose first indexed values equal
 * {@code prefix}, and whose next indexed value lies between {@code low} and {@code high}. A null
 * bound is no bound on that side; without either bound, every row starting with the prefix.
 *
 * <p>Equality and bounds follow SQL's comparisons, so a NULL matches nothing: a prefix holding
 * NULL selects no row, and a row whose bounded value is NULL is never in a range with a bound.
 * A point lookup ({@code WHERE a = 1 AND b = 2} on an index over a and b) is a prefix of every
 * column and no bound; {@code a BETWEEN 1 AND 5} is an empty prefix and two inclusive bounds.
 *
 * @param prefix the values of the first columns, each of its column's type (or NULL)
 * @param low the lower bound of the next column, or null
 * @param high the upper bound of the next column, or null
 */
public record KeyRange(List<Value> prefix, Bound low, Bound high) {

    public KeyRange {
        prefix = List.copyOf(prefix);
    }

    /** The rows whose first indexed values are {@code values}. */
    public static KeyRange point(List<Value> values) {
        return new KeyRange(values, null, null);
    }

    /** One end of a range: a value of the column's type, and whether the range holds it. */
    public record Bound(Value value, boolean inclusive) {}
}
