package dev.fromzero.sql.storage;

import dev.fromzero.sql.SqlException;
import java.util.Collections;
import java.util.List;

/**
 * An index of a table, as CREATE INDEX declared it: its name, its columns in index order, and
 * whether it is UNIQUE. It is part of its table's {@link TableSchema}, so the catalog keeps it
 * with the table, and a statement that read the table before the index existed cannot commit
 * rows without their entries.
 *
 * <p>A UNIQUE index refuses two rows with the same values in its columns when none of them is
 * NULL: a NULL is unknown, so it equals nothing, and any number of rows may hold one (as in SQLite
 * and PostgreSQL).
 *
 * <p>Each column has a direction (step 16): an ASC column's entries sort by its values, smallest
 * first, NULLs first; a DESC column's in the reverse order, largest first, NULLs last, as
 * {@code ORDER BY col DESC} puts them. The index's key order is then the declared order.
 *
 * @param name the index's name, compared case-insensitively, unique in the database
 * @param columns the indexed columns' names, in index order
 * @param unique whether the index refuses duplicates
 * @param descending for each column, in the same order, whether it is DESC
 */
public record IndexDef(String name, List<String> columns, boolean unique, List<Boolean> descending) {

    public IndexDef {
        if (name == null || name.isBlank()) {
            throw new SqlException("an index needs a name");
        }
        if (columns == null || columns.isEmpty()) {
            throw new SqlException("index " + name + " needs at least one column");
        }
        columns = List.copyOf(columns);
        descending = List.copyOf(descending);
        if (descending.size() != columns.size()) {
            throw new SqlException("index " + name + " has " + columns.size() + " column(s) but "
                    + descending.size() + " direction(s)");
        }
    }

    /** An index whose columns are all ASC. */
    public IndexDef(String name, List<String> columns, boolean unique) {
        this(name, columns, unique, columns == null ? List.of() : Collections.nCopies(columns.size(), false));
    }

    /** Whether the column at {@code position} (counted from 0, in index order) is DESC. */
    public boolean isDescending(int position) {
        return descending.get(position);
    }
}
