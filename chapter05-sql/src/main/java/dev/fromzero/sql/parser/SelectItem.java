package dev.fromzero.sql.parser;

/** One item of a SELECT list: {@code *}, {@code t.*}, or an expression with an optional alias. */
public sealed interface SelectItem {

    /** {@code *}, or {@code table.*} when {@code table} is not null: every column (of that table). */
    record AllColumns(String table) implements SelectItem {}

    /**
     * An expression of the SELECT list, with its alias ({@code AS alias}, or a bare alias) or null,
     * and {@code text}: the expression as the query spelled it, from its first character to its
     * last. {@link #name()} is the result column's name.
     */
    record Expression(Expr expr, String alias, String text) implements SelectItem {
        /** The alias if there is one; else a plain column's name; else the expression's text (SQLite's rule). */
        public String name() {
            if (alias != null) {
                return alias;
            }
            return expr instanceof Expr.Column column ? column.name() : text;
        }
    }
}
