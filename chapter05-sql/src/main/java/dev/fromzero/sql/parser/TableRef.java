package dev.fromzero.sql.parser;

import java.util.Objects;

/** What a FROM clause reads: a table, or a join of two of these (so a chain of joins is a tree, left-deep). */
public sealed interface TableRef {

    /** A table, with its alias or null. */
    record Table(String name, String alias) implements TableRef {
        /** The name that qualifies this table's columns in the query: the alias if any, else the table's name. */
        public String qualifier() {
            return alias != null ? alias : name;
        }
    }

    /**
     * {@code left JOIN right ON on}; a comma and CROSS JOIN are {@link JoinType#CROSS} joins with
     * {@code on} null. {@code FROM a, b JOIN c ON x} is {@code Join(Join(a, b, CROSS), c, INNER, x)}:
     * joins group to the left, as they are written.
     */
    record Join(TableRef left, TableRef right, JoinType type, Expr on) implements TableRef {
        public Join {
            Objects.requireNonNull(left, "a join has a left side");
            Objects.requireNonNull(right, "a join has a right side");
            Objects.requireNonNull(type, "a join has a type");
        }
    }

    /** The kinds of join: which side's unmatched rows are kept, padded with NULLs. */
    enum JoinType {
        /** Every pair of rows (a comma, or CROSS JOIN); no ON. */
        CROSS,
        /** The pairs for which ON is TRUE. */
        INNER,
        /** INNER, plus each left row that matched nothing, with NULLs for the right side's columns. */
        LEFT,
        /** INNER, plus each right row that matched nothing, with NULLs for the left side's columns. */
        RIGHT,
        /** INNER, plus the unmatched rows of both sides. */
        FULL
    }
}
