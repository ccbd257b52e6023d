package dev.fromzero.sql.storage;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;

/**
 * The one rule for putting a value into a column. NULL fits any column (NOT NULL is checked
 * apart). A value of the column's type is stored as it is. An INTEGER into a FLOAT column is
 * widened to a FLOAT ({@code 3} becomes {@code 3.0}; beyond 2^53 it rounds, as Java's {@code
 * (double)} does). Everything else is an error, never a silent conversion: a FLOAT into an INTEGER
 * column (it would lose the fraction), TEXT into a number column or a number into a TEXT column,
 * and BOOLEAN into anything but a BOOLEAN column.
 */
public final class Coercion {

    private Coercion() {
    }

    /**
     * {@code value} as column {@code column} of table {@code table} stores it.
     *
     * @throws ConstraintViolation of kind TYPE, naming the table, the column and the value, if the
     *     column cannot hold it
     */
    public static Value coerce(String table, ColumnDef column, Value value) {
        Value coerced = coerce(column.type(), value);
        if (coerced == null) {
            throw ConstraintViolation.type(table, column, value);
        }
        return coerced;
    }

    /** A column's DEFAULT coerced like a stored value; an error names the column. */
    static Value coerceDefault(String column, DataType type, Value value) {
        Value coerced = coerce(type, value);
        if (coerced == null) {
            throw new SqlException("column " + column + " is " + type + ", and its DEFAULT " + value + " is "
                    + value.type());
        }
        return coerced;
    }

    /** The value a column of {@code type} stores for {@code value}, or null if it cannot hold it. */
    private static Value coerce(DataType type, Value value) {
        throw new UnsupportedOperationException("TODO(chapter05): Return value if NULL or of the type, widen an Int to a FLOAT column, else null (docs/chapter05-sql.md#step-5-the-catalog-and-tables)");
    }
}
