package dev.fromzero.sql.plan;

import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.storage.TableSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * A query plan: a tree of nodes, each producing rows from the rows of its source. The planner
 * builds it from a SELECT; the executor turns each node into an operator that hands out one row
 * per call (the iterator, or Volcano, model). A single-table SELECT always has this shape, from
 * the leaf up, with the optional nodes left out:
 *
 * <pre>
 *   Scan, IndexScan (or Values) → Filter (WHERE) → Sort (ORDER BY) → Limit (LIMIT, OFFSET) → Project (the SELECT list)
 * </pre>
 *
 * Sorting before projecting lets ORDER BY use columns the SELECT list drops. Every expression of a
 * node is evaluated against its source's rows, whose columns are {@code source.scope()}. Joins,
 * aggregation and index lookups (part 2) are new kinds of node.
 */
public sealed interface Plan {

    /** The columns of the rows this node produces. */
    Scope scope();

    /** Every row of a table, in key order; columns are qualified by the alias, or the table's name. */
    record Scan(TableSchema table, String qualifier) implements Plan {
        @Override
        public Scope scope() {
            List<Scope.Column> columns = new ArrayList<>();
            table.columns().forEach(c -> columns.add(new Scope.Column(qualifier, c.name(), c.type())));
            return new Scope(columns);
        }
    }

    /**
     * The rows of a table that {@code path} finds in an index or the primary key, in that index's
     * order: a superset of the rows the WHERE keeps, which a {@link Filter} above still checks.
     */
    record IndexScan(TableSchema table, String qualifier, AccessPath path) implements Plan {
        @Override
        public Scope scope() {
            return new Scan(table, qualifier).scope();
        }
    }

    /** Constant rows: one per list of expressions, evaluated with no columns in scope. */
    record Values(Scope scope, List<List<Expr>> rows) implements Plan {
        public Values {
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /** The source's rows for which {@code predicate} is TRUE (not FALSE, not NULL). */
    record Filter(Plan source, Expr predicate) implements Plan {
        @Override
        public Scope scope() {
            return source.scope();
        }
    }

    /** One output row per source row, made of {@code expressions}; {@code scope} names them. */
    record Project(Plan source, List<Expr> expressions, Scope scope) implements Plan {
        public Project {
            expressions = List.copyOf(expressions);
        }
    }

    /** The source's rows ordered by the keys, the first key first; rows that tie keep their order. */
    record Sort(Plan source, List<SortKey> keys) implements Plan {
        public Sort {
            keys = List.copyOf(keys);
        }

        @Override
        public Scope scope() {
            return source.scope();
        }
    }

    /** One ORDER BY key: an expression over the source's row, its direction, and where NULLs go. */
    record SortKey(Expr expression, boolean descending, boolean nullsFirst) {}

    /**
     * The source's rows after skipping {@code offset} of them, at most {@code limit}; either
     * expression may be null (no OFFSET, no LIMIT). Both are constants, evaluated once.
     */
    record Limit(Plan source, Expr offset, Expr limit) implements Plan {
        @Override
        public Scope scope() {
            return source.scope();
        }
    }
}
