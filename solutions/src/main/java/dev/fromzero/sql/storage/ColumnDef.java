//@ chapter 5
package dev.fromzero.sql.storage;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import java.util.Objects;

/**
 * One column of a table, as CREATE TABLE declared it.
 *
 * <p>{@code defaultValue} is what an INSERT stores when it gives the column no value (or says
 * DEFAULT): a constant {@link Value}, never an expression. The executor evaluates a constant
 * DEFAULT expression once, at CREATE TABLE, and passes its value here. A column without a DEFAULT
 * clause has {@link Value#NULL}; a Java {@code null} is taken as that. The default is coerced to the
 * column's type like any stored value ({@link Coercion}): {@code DEFAULT 1} on a FLOAT column is
 * {@code 1.0}, and {@code DEFAULT 'x'} on an INTEGER column is an error.
 *
 * <p>Whether a column is part of the primary key is said by {@link TableSchema#primaryKey()}, not
 * here, so that a key of several columns has one place that orders them. Primary-key columns are
 * always NOT NULL.
 *
 * @param name the column's name, compared case-insensitively
 * @param type the type every non-NULL value of the column has
 * @param nullable false for NOT NULL (and for primary-key columns)
 * @param defaultValue the value of the column when an INSERT gives none
 * @param unique whether no two rows may hold the same non-NULL value (UNIQUE); several NULLs are allowed
 */
public record ColumnDef(String name, DataType type, boolean nullable, Value defaultValue, boolean unique) {

    public ColumnDef {
        if (name == null || name.isBlank()) {
            throw new SqlException("a column needs a name");
        }
        Objects.requireNonNull(type, () -> "column " + name + " needs a type");
        defaultValue = defaultValue == null || defaultValue.isNull() ? Value.NULL
                : Coercion.coerceDefault(name, type, defaultValue);
    }

    /** A nullable column without DEFAULT or UNIQUE. */
    public ColumnDef(String name, DataType type) {
        this(name, type, true, Value.NULL, false);
    }

    /** This column, NOT NULL. */
    public ColumnDef notNull() {
        return new ColumnDef(name, type, false, defaultValue, unique);
    }

    /** This column, UNIQUE. */
    public ColumnDef withUnique() {
        return new ColumnDef(name, type, nullable, defaultValue, true);
    }

    /** This column with {@code value} as its DEFAULT. */
    public ColumnDef withDefault(Value value) {
        return new ColumnDef(name, type, nullable, value, unique);
    }
}
