package dev.fromzero.sql.plan;

import dev.fromzero.sql.parser.Expr;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How an {@link Plan.IndexScan} finds its rows: in which index (or the primary key), and which
 * ranges of it. Every expression is a constant, evaluated when the scan starts.
 *
 * <p>The lookups are one per list of {@code points}: each list gives the values of the first
 * columns ({@code a = 1 AND b IN (2, 3)} on an index over a and b is the two points [1, 2] and
 * [1, 3]); a list may be empty, for a range on the first column alone. {@code low} and {@code
 * high}, if not null, bound the column after the points' columns in every lookup.
 *
 * @param index the index's name, or null for the primary key
 * @param columns the index's (or the key's) columns, in order
 * @param points the values of the leading columns of each lookup, all lists of one length
 * @param low the lower bound of the next column, or null
 * @param lowInclusive whether the lower bound is in the range ({@code >=}) or not ({@code >})
 * @param high the upper bound of the next column, or null
 * @param highInclusive whether the upper bound is in the range ({@code <=}) or not ({@code <})
 */
public record AccessPath(String index, List<String> columns, List<List<Expr>> points, Expr low,
                         boolean lowInclusive, Expr high, boolean highInclusive) {

    public AccessPath {
        columns = List.copyOf(columns);
        points = points.stream().map(List::copyOf).toList();
    }

    /** Whether the lookups bound a column past the points' columns. */
    public boolean isRange() {
        return low != null || high != null;
    }

    /**
     * The path as EXPLAIN shows it, e.g. {@code PRIMARY KEY (id) = 7}, {@code INDEX by_age (age)
     * IN (20, 30)}, or {@code INDEX by_city_age (city, age) = 'Oslo' AND age > 20}.
     */
    public String describe() {
        StringBuilder text = new StringBuilder(index == null ? "PRIMARY KEY" : "INDEX " + index);
        text.append(" (").append(String.join(", ", columns)).append(")");
        int width = points.get(0).size();
        if (width > 0) {
            String shown = points.stream().map(p -> p.size() == 1 ? shown(p.get(0))
                    : p.stream().map(AccessPath::shown).collect(Collectors.joining(", ", "(", ")")))
                    .collect(Collectors.joining(", "));
            text.append(points.size() == 1 ? " = " + shown : " IN (" + shown + ")");
        }
        if (isRange()) {
            String column = columns.get(width);
            text.append(width > 0 ? " AND " : " ");
            if (low != null) {
                text.append(column).append(lowInclusive ? " >= " : " > ").append(shown(low));
            }
            if (low != null && high != null) {
                text.append(" AND ");
            }
            if (high != null) {
                text.append(column).append(highInclusive ? " <= " : " < ").append(shown(high));
            }
        }
        return text.toString();
    }

    /** A constant as EXPLAIN shows it: a literal as SQL writes it, anything else as a computed value. */
    private static String shown(Expr constant) {
        if (constant instanceof Expr.Literal literal) {
            return literal.value().toString();
        }
        if (constant instanceof Expr.Unary unary && unary.op() == Expr.UnaryOp.NEGATE
                && unary.operand() instanceof Expr.Literal literal) {
            return "-" + literal.value();
        }
        return "(a computed constant)";
    }
}
