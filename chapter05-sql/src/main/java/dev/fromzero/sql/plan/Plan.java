package dev.fromzero.sql.plan;

import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.parser.Statement;
import dev.fromzero.sql.parser.TableRef;
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
 *   Scan (or Values) → Filter (WHERE) → Sort (ORDER BY) → Limit (LIMIT, OFFSET) → Project (the SELECT list)
 * </pre>
 *
 * Sorting before projecting lets ORDER BY use columns the SELECT list drops. Every expression of a
 * node is evaluated against its source's rows, whose columns are {@code source.scope()}.
 *
 * <p>Part 2 adds joins (the leaf becomes a tree of {@link NestedLoopJoin}s over scans), and
 * aggregation and DISTINCT, which make the full shape
 *
 * <pre>
 *   Scan, joins → Filter (WHERE) → Aggregate (GROUP BY, aggregates) → Filter (HAVING) → Sort
 *     → Project → Distinct → Limit
 * </pre>
 *
 * (without DISTINCT, Limit stays below Project, as above). The {@link Planner} builds that plan
 * naively; the optimizer ({@code dev.fromzero.sql.optimizer}) then rewrites it: it folds
 * constants, pushes filters down into joins and scans, turns equi-joins into {@link HashJoin}s,
 * and lets an {@link AccessPath} choose how each table is read. {@link Explain} prints a plan.
 */
public sealed interface Plan {

    /** The columns of the rows this node produces. */
    Scope scope();

    /**
     * Every row of a table, in key order, for which {@code filter} is TRUE ({@code filter} null:
     * every row); columns are qualified by the alias, or the table's name. The optimizer pushes
     * the WHERE conditions that concern this table alone into {@code filter}.
     */
    record Scan(TableSchema table, String qualifier, Expr filter) implements Plan {
        /** A scan of every row. */
        public Scan(TableSchema table, String qualifier) {
            this(table, qualifier, null);
        }

        @Override
        public Scope scope() {
            List<Scope.Column> columns = new ArrayList<>();
            table.columns().forEach(c -> columns.add(new Scope.Column(qualifier, c.name(), c.type())));
            return new Scope(columns);
        }
    }

    /**
     * The rows of a table that {@code lookup} finds in an index or the primary key, in that index's
     * order, for which {@code filter} is TRUE. The lookup finds a superset of the rows the filter
     * keeps (never fewer), so the whole filter, as pushed into the table's scan, still checks every
     * row. The optimizer's {@link AccessPath} for indexes ({@link IndexSelection}) makes this node
     * from a {@link Scan}.
     */
    record IndexScan(TableSchema table, String qualifier, IndexLookup lookup, Expr filter) implements Plan {
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

    /**
     * A join by nested loops: for each row of {@code left}, every row of {@code right}, kept when
     * {@code condition} is TRUE (null: always), with the unmatched rows that {@code type} keeps
     * padded with NULLs. Works for any condition; reads {@code right} once and keeps it in memory.
     */
    record NestedLoopJoin(Plan left, Plan right, TableRef.JoinType type, Expr condition) implements Plan {
        @Override
        public Scope scope() {
            return Scope.concat(left.scope(), right.scope());
        }
    }

    /**
     * A join on equal keys: the rows of {@code right} go into a hash table by the values of
     * {@code rightKeys}; each row of {@code left} looks up the values of {@code leftKeys} in it.
     * A pair matches when every key is equal (a NULL key matches nothing, as NULL = x is never
     * TRUE) and {@code residual} (the rest of the condition, or null) is TRUE. Unmatched rows are
     * kept as {@code type} says, as in {@link NestedLoopJoin}.
     */
    record HashJoin(Plan left, Plan right, TableRef.JoinType type, List<Expr> leftKeys, List<Expr> rightKeys,
                    Expr residual) implements Plan {
        public HashJoin {
            leftKeys = List.copyOf(leftKeys);
            rightKeys = List.copyOf(rightKeys);
        }

        @Override
        public Scope scope() {
            return Scope.concat(left.scope(), right.scope());
        }
    }

    /**
     * GROUP BY and aggregate functions: one row per group of source rows with equal
     * {@code groupBy} values (NULLs group together), or exactly one row when {@code groupBy} is
     * empty, even over no rows. A row holds the group's values, then each aggregate's; {@code scope}
     * names them (see {@link Aggregation}).
     */
    record Aggregate(Plan source, List<Expr> groupBy, List<Expr.Call> aggregates, Scope scope) implements Plan {
        public Aggregate {
            groupBy = List.copyOf(groupBy);
            aggregates = List.copyOf(aggregates);
        }
    }

    /** SELECT DISTINCT: the source's rows without repeats (NULLs are equal here), each where it first came. */
    record Distinct(Plan source) implements Plan {
        @Override
        public Scope scope() {
            return source.scope();
        }
    }

    /**
     * A compound query's set operator (step 15) over the rows of two plans as wide as each other:
     * {@code left}'s rows, then {@code right}'s, for UNION ALL; each distinct row once for the
     * others (see {@link Statement.SetOperator}). {@code scope} names the columns as the first
     * member of the compound does.
     */
    record SetOperation(Plan left, Plan right, Statement.SetOperator operator, Scope scope) implements Plan {}
}
