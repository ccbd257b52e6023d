//@ chapter 5
package dev.fromzero.sql.parser;

import dev.fromzero.sql.types.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A statement of the syntax tree: what {@link Parser} makes of one SQL statement. Like
 * {@link Expr}, it records what the text says and nothing more: that a table exists, or that a
 * DEFAULT fits its column's type, is checked when the statement runs.
 *
 * <p>Names are as the lexer gives them: unquoted names lower-cased, quoted ones exact. Clauses a
 * text may leave out are Java {@code null} (an absent WHERE, LIMIT or alias); lists are never null
 * and are immutable. New kinds of statement (indexes, transactions, compound queries) are new
 * records here, at the end.
 */
public sealed interface Statement {

    /**
     * {@code CREATE TABLE [IF NOT EXISTS] name (columns..., [PRIMARY KEY (a, b)])}. A primary key
     * is written either on one column or in the table-level clause, never both;
     * {@code primaryKey} is the table-level clause's columns (empty when there is none), and
     * {@link #primaryKeyColumns()} gives the key wherever it was written.
     */
    record CreateTable(String name, boolean ifNotExists, List<ColumnDef> columns, List<String> primaryKey)
            implements Statement {
        public CreateTable {
            Objects.requireNonNull(name, "a table has a name");
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
        }

        /** The primary key's columns in key order, from the column or the table-level clause; empty if none. */
        public List<String> primaryKeyColumns() {
            if (!primaryKey.isEmpty()) {
                return primaryKey;
            }
            List<String> key = new ArrayList<>();
            for (ColumnDef column : columns) {
                if (column.primaryKey()) {
                    key.add(column.name());
                }
            }
            return List.copyOf(key);
        }
    }

    /**
     * One column of a CREATE TABLE. {@code notNull} is set by NOT NULL (an explicit NULL, allowed
     * for clarity, leaves it unset; the two together are a syntax error); {@code primaryKey} by a
     * PRIMARY KEY on this column; {@code defaultValue} is the DEFAULT expression, or null.
     * VARCHAR(n)'s length is read and not kept: TEXT has no limit.
     */
    record ColumnDef(String name, DataType type, boolean primaryKey, boolean notNull, boolean unique, Expr defaultValue) {
        public ColumnDef {
            Objects.requireNonNull(name, "a column has a name");
            Objects.requireNonNull(type, "a column has a type");
        }
    }

    /** {@code DROP TABLE [IF EXISTS] name}. */
    record DropTable(String name, boolean ifExists) implements Statement {}

    /**
     * {@code INSERT INTO table [(columns)] VALUES (row), (row), ...}. {@code columns} is empty when
     * the text names none (then every row gives every column, in table order). A value may be
     * {@link Expr.Default}.
     */
    record Insert(String table, List<String> columns, List<List<Expr>> rows) implements Statement {
        public Insert {
            columns = List.copyOf(columns);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /**
     * {@code SELECT [DISTINCT] items [FROM from] [WHERE where] [GROUP BY groupBy] [HAVING having]
     * [ORDER BY orderBy] [LIMIT limit] [OFFSET offset]}. {@code from} is null for a SELECT without
     * FROM ({@code SELECT 1 + 1}).
     */
    record Select(
            boolean distinct,
            List<SelectItem> items,
            TableRef from,
            Expr where,
            List<Expr> groupBy,
            Expr having,
            List<OrderItem> orderBy,
            Expr limit,
            Expr offset)
            implements Statement {
        public Select {
            items = List.copyOf(items);
            groupBy = List.copyOf(groupBy);
            orderBy = List.copyOf(orderBy);
        }
    }

    /** {@code UPDATE table SET column = value, ... [WHERE where]}. */
    record Update(String table, List<Assignment> set, Expr where) implements Statement {
        public Update {
            set = List.copyOf(set);
        }
    }

    /** One {@code column = value} of an UPDATE's SET. */
    record Assignment(String column, Expr value) {}

    /** {@code DELETE FROM table [WHERE where]}. */
    record Delete(String table, Expr where) implements Statement {}

    /**
     * One key of an ORDER BY. An integer literal as {@code expr} ({@code ORDER BY 2}) means the
     * result column of that number, from 1. {@code nullsFirst} says where NULLs go: as written by
     * NULLS FIRST or NULLS LAST, and otherwise as in SQLite, where NULL is smaller than every
     * value: first when ascending, last when descending.
     */
    record OrderItem(Expr expr, boolean descending, boolean nullsFirst) {}

    /**
     * {@code BEGIN [TRANSACTION | WORK] [READ ONLY | READ WRITE]}, also written
     * {@code START TRANSACTION [READ ONLY | READ WRITE]}: opens a transaction; {@code readOnly} when
     * it may not write.
     */
    record Begin(boolean readOnly) implements Statement {}

    /** {@code COMMIT [TRANSACTION | WORK]}: makes the open transaction's writes durable and visible. */
    record Commit() implements Statement {}

    /** {@code ROLLBACK [TRANSACTION | WORK]}: drops the open transaction's writes. */
    record Rollback() implements Statement {}

    /** {@code VACUUM}: deletes every row version that no transaction can see any more. */
    record Vacuum() implements Statement {}

    /**
     * {@code CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (column [ASC | DESC], ...)}: an
     * index over one or more columns, in the order written (the order its entries sort in), each
     * ascending unless DESC says otherwise ({@code descending} holds one flag per column).
     */
    record CreateIndex(String name, boolean unique, boolean ifNotExists, String table, List<String> columns,
            List<Boolean> descending) implements Statement {
        public CreateIndex {
            Objects.requireNonNull(name, "an index has a name");
            Objects.requireNonNull(table, "an index is on a table");
            columns = List.copyOf(columns);
            descending = List.copyOf(descending);
            if (descending.size() != columns.size()) {
                throw new IllegalArgumentException("one direction per indexed column: " + columns + ", " + descending);
            }
        }

        /** An index whose columns are all ascending. */
        public CreateIndex(String name, boolean unique, boolean ifNotExists, String table, List<String> columns) {
            this(name, unique, ifNotExists, table, columns, Collections.nCopies(columns.size(), false));
        }
    }

    /** {@code DROP INDEX [IF EXISTS] name}. */
    record DropIndex(String name, boolean ifExists) implements Statement {}

    /**
     * {@code EXPLAIN query}: the query's plan, one row per node, instead of its rows. The query is a
     * {@link Select} or (step 15) a {@link Compound}.
     */
    record Explain(Statement query) implements Statement {
        public Explain {
            Compound.requireQuery(query, "what EXPLAIN explains");
        }
    }

    /**
     * A compound query (step 15): {@code left operator right [ORDER BY orderBy] [LIMIT limit]
     * [OFFSET offset]}, where {@code left} is a {@link Select} or the compound of the members before
     * {@code right}. Set operators have one precedence and bind from the left, as in SQLite:
     * {@code a UNION b INTERSECT c} is {@code (a UNION b) INTERSECT c}, so the tree leans left, and
     * ORDER BY, LIMIT and OFFSET, written after the last member, are the outermost compound's: they
     * sort and cut its whole result. The members' own ORDER BY, LIMIT and OFFSET are empty.
     */
    record Compound(Statement left, SetOperator operator, Select right, List<OrderItem> orderBy, Expr limit,
                    Expr offset) implements Statement {
        public Compound {
            requireQuery(left, "a compound query's left member");
            Objects.requireNonNull(operator, "a compound query has a set operator");
            Objects.requireNonNull(right, "a compound query has a right member");
            orderBy = List.copyOf(orderBy);
        }

        /** Throws unless {@code query} is a SELECT or a compound query. */
        static void requireQuery(Statement query, String what) {
            if (!(query instanceof Select || query instanceof Compound)) {
                throw new IllegalArgumentException(what + " is a SELECT or a compound query, not " + query);
            }
        }
    }

    /**
     * How a compound query combines its members' rows. All but UNION ALL give each distinct row
     * once: rows are equal when their values are, one by one, with NULL equal to NULL and 1 equal
     * to 1.0 (as DISTINCT compares them).
     */
    enum SetOperator {
        /** The rows of either member. */
        UNION("UNION"),
        /** The rows of the left member, then those of the right, repeats kept. */
        UNION_ALL("UNION ALL"),
        /** The rows of the left member that the right one does not have. */
        EXCEPT("EXCEPT"),
        /** The rows of the left member that the right one has too. */
        INTERSECT("INTERSECT");

        private final String sql;

        SetOperator(String sql) {
            this.sql = sql;
        }

        /** As SQL writes it: {@code UNION ALL}. */
        public String sql() {
            return sql;
        }
    }
}
