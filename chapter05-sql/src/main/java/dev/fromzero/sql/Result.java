package dev.fromzero.sql;

import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import java.util.List;

/** What one statement returns: rows for a query, a count for a write, or nothing for DDL. */
public sealed interface Result permits Result.Rows, Result.Count, Result.Done {

    /** A result column: its name as the query spelled it (or its alias), and its type when known. */
    record Column(String name, DataType type) {}

    /** The rows of a query, in the order the query gave them. */
    record Rows(List<Column> columns, List<List<Value>> rows) implements Result {
        public Rows {
            columns = List.copyOf(columns);
            rows = List.copyOf(rows);
        }
    }

    /** How many rows an INSERT, UPDATE or DELETE changed; {@code verb} is that statement's keyword. */
    record Count(String verb, long rows) implements Result {}

    /** A statement that returns nothing (CREATE TABLE, DROP TABLE); {@code verb} names it, e.g. "CREATE TABLE". */
    record Done(String verb) implements Result {}
}
