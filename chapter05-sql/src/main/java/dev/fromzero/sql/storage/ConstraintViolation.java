package dev.fromzero.sql.storage;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.types.Value;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A statement broke one of a table's rules; the statement wrote nothing. The message names the
 * rule, the table, the column and the value, e.g. {@code UNIQUE constraint failed: users.email
 * already holds 'ann@example.com'}.
 */
public final class ConstraintViolation extends SqlException {

    /** Which rule was broken. */
    public enum Kind {
        /** Two rows with one primary key (for a key of several columns, {@link #column} names them all, comma-separated). */
        PRIMARY_KEY,
        /**
         * Two rows with one non-NULL value in a UNIQUE column, or with the same values, none NULL, in
         * the columns of a UNIQUE index (for an index of several columns, {@link #column} names them all).
         */
        UNIQUE,
        /** NULL in a NOT NULL (or primary-key) column. */
        NOT_NULL,
        /** A value of a type the column cannot hold, e.g. TEXT in an INTEGER column. */
        TYPE
    }

    private final Kind kind;
    private final String table;
    private final String column;
    private final transient Value value;

    public ConstraintViolation(Kind kind, String table, String column, Value value, String message) {
        super(message, switch (kind) {
            case PRIMARY_KEY, UNIQUE -> "23505";
            case NOT_NULL -> "23502";
            case TYPE -> "42804";
        });
        this.kind = kind;
        this.table = table;
        this.column = column;
        this.value = value;
    }

    static ConstraintViolation duplicateKey(String table, String columns, Value value, String shownKey) {
        return new ConstraintViolation(Kind.PRIMARY_KEY, table, columns, value,
                "PRIMARY KEY constraint failed: " + table + "." + columns + " already holds " + shownKey);
    }

    static ConstraintViolation duplicateUnique(String table, String column, Value value) {
        return new ConstraintViolation(Kind.UNIQUE, table, column, value,
                "UNIQUE constraint failed: " + table + "." + column + " already holds " + value);
    }

    static ConstraintViolation duplicateIndex(String table, IndexDef index, List<Value> values) {
        String columns = String.join(", ", index.columns());
        String shown = values.size() == 1 ? values.get(0).toString()
                : values.stream().map(Value::toString).collect(Collectors.joining(", ", "(", ")"));
        return new ConstraintViolation(Kind.UNIQUE, table, columns, values.size() == 1 ? values.get(0) : null,
                "UNIQUE constraint failed: index " + index.name() + " on " + table + " (" + columns + ") already holds "
                        + shown);
    }

    static ConstraintViolation notNull(String table, String column) {
        return new ConstraintViolation(Kind.NOT_NULL, table, column, Value.NULL,
                "NOT NULL constraint failed: " + table + "." + column + " cannot be NULL");
    }

    static ConstraintViolation type(String table, ColumnDef column, Value value) {
        return new ConstraintViolation(Kind.TYPE, table, column.name(), value,
                "type mismatch: " + table + "." + column.name() + " is " + column.type() + ", and cannot hold "
                        + value + " (" + value.type() + ")");
    }

    public Kind kind() {
        return kind;
    }

    /** The table's name. */
    public String table() {
        return table;
    }

    /** The column's name (the key's columns, comma-separated, for a duplicate key of several columns). */
    public String column() {
        return column;
    }

    /** The offending value; {@code null} for a duplicate key of several columns, whose values the message lists. */
    public Value value() {
        return value;
    }
}
