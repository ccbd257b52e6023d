//@ chapter 5
package dev.fromzero.sql.plan;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.types.DataType;
import java.util.List;
import java.util.Locale;

/**
 * The columns of the rows a plan node produces, and how a column reference finds its position in
 * such a row. {@code a} matches every column named a, {@code t.a} only the one of table (or alias)
 * t; names compare case-insensitively, as the catalog compares them. No match is an error naming
 * the reference; two matches (possible once joins arrive) are an error too, rather than a guess.
 */
public record Scope(List<Column> columns) {

    /** One column of a row: the table (or alias) that qualifies it, or null; its name; its type when known. */
    public record Column(String qualifier, String name, DataType type) {}

    /** The scope of a row with no columns: that of a SELECT without FROM. */
    public static final Scope EMPTY = new Scope(List.of());

    public Scope {
        columns = List.copyOf(columns);
    }

    /**
     * The position of {@code reference} in a row of this scope.
     *
     * @throws SqlException if no column, or more than one, matches it
     */
    public int indexOf(Expr.Column reference) {
        int found = -1;
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            boolean qualifierMatches = reference.table() == null
                    || column.qualifier() != null && fold(column.qualifier()).equals(fold(reference.table()));
            if (qualifierMatches && fold(column.name()).equals(fold(reference.name()))) {
                if (found >= 0) {
                    throw new SqlException("ambiguous column name: " + spell(reference), "42702");
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new SqlException("no such column: " + spell(reference), "42703");
        }
        return found;
    }

    /** Whether any column is qualified by {@code qualifier} (a table name or alias). */
    public boolean hasQualifier(String qualifier) {
        return columns.stream().anyMatch(c -> c.qualifier() != null && fold(c.qualifier()).equals(fold(qualifier)));
    }

    private static String spell(Expr.Column reference) {
        return reference.table() == null ? reference.name() : reference.table() + "." + reference.name();
    }

    private static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
