package dev.fromzero.sql.parser;

/** What a FROM clause reads: one table in part 1; joins (chapter 5, part 2) are further kinds of it. */
public sealed interface TableRef {

    /** A table, with its alias or null. */
    record Table(String name, String alias) implements TableRef {
        /** The name that qualifies this table's columns in the query: the alias if any, else the table's name. */
        public String qualifier() {
            return alias != null ? alias : name;
        }
    }
}
