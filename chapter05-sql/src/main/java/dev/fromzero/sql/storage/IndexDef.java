package dev.fromzero.sql.storage;

import dev.fromzero.sql.SqlException;
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
 * @param name the index's name, compared case-insensitively, unique in the database
 * @param columns the indexed columns' names, in index order
 * @param unique whether the index refuses duplicates
 */
public record IndexDef(String name, List<String> columns, boolean unique) {

    public IndexDef {
        if (name == null || name.isBlank()) {
            throw new SqlException("an index needs a name");
        }
        if (columns == null || columns.isEmpty()) {
            throw new SqlException("index " + name + " needs at least one column");
        }
        columns = List.copyOf(columns);
    }
}
