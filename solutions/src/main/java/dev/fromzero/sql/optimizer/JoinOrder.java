//@ chapter 5
package dev.fromzero.sql.optimizer;

import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.parser.TableRef.JoinType;
import dev.fromzero.sql.plan.Exprs;
import dev.fromzero.sql.plan.Plan;
import dev.fromzero.sql.plan.Plans;
import dev.fromzero.sql.plan.Scope;
import dev.fromzero.sql.storage.IndexDef;
import dev.fromzero.sql.storage.TableSchema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A rule between pushdown and hash-join selection: chooses the order in which the tables of a
 * group of inner joins are joined. The planner joins them in the order FROM names them, and
 * {@code FROM t1, t2, t3 WHERE t1.b = t3.a AND t3.b = t2.a} then starts with t1 × t2, a cross
 * product, because no condition links t1 and t2; over 64 tables of 10 rows (SQLite's select5) such
 * products never finish. Inner joins may be done in any order (they are commutative and
 * associative), so this rule rebuilds the group as a chain in which each next table is linked to
 * the tables already joined by an equality, which the next rule makes a hash join.
 *
 * <p>The greedy choice, and why: the first table is the first in FROM order that a constant pins
 * to at most one row (an equality on every column of the primary key or of a UNIQUE index), else
 * the first in FROM order; then, again and again, the first remaining table (a pinned one first)
 * that an equality links to the joined ones; a table that nothing links comes only when no linked
 * one is left (a cross product the query asks for). The catalog keeps no row counts, so "pinned
 * to one row" is the only estimate this rule trusts: a filtered scan may still keep most of its
 * table. Keeping FROM order otherwise makes plans predictable, and leaves the plans of queries
 * whose FROM order is already linked exactly as step 10 built them.
 *
 * <p>Each condition of the group goes on the first join after which every table it reads is
 * joined (a condition without columns on the last, where pushdown left it). Outer joins are barriers: a LEFT, RIGHT
 * or FULL join is one table of the group it is in, and the groups inside it are ordered apart,
 * since moving a table across an outer join changes which rows get padded. The joined row's
 * columns come in the new order; every expression above finds its columns by name, and
 * {@code SELECT *} was expanded by the planner in FROM order, so results do not change.
 */
final class JoinOrder {

    private JoinOrder() {}

    static Plan order(Plan plan) {
        if (plan instanceof Plan.NestedLoopJoin join && isInner(join)) {
            List<Plan> tables = new ArrayList<>();
            List<Expr> conditions = new ArrayList<>();
            flatten(join, tables, conditions);
            tables.replaceAll(JoinOrder::order);
            Group group = Group.of(tables, conditions, join.scope());
            return group == null ? Plans.withSources(join, List.of(order(join.left()), order(join.right())))
                    : chain(group);
        }
        return Plans.withSources(plan, Plans.sources(plan).stream().map(JoinOrder::order).toList());
    }

    private static boolean isInner(Plan.NestedLoopJoin join) {
        return join.type() == JoinType.INNER || join.type() == JoinType.CROSS;
    }

    /** The tables (the sources that are not inner joins) of a tree of inner joins, in FROM order, and its conditions. */
    private static void flatten(Plan plan, List<Plan> tables, List<Expr> conditions) {
        if (plan instanceof Plan.NestedLoopJoin join && isInner(join)) {
            flatten(join.left(), tables, conditions);
            flatten(join.right(), tables, conditions);
            conditions.addAll(Exprs.conjuncts(join.condition()));
        } else {
            tables.add(plan);
        }
    }

    /**
     * The tables of a group of inner joins and its conditions, each condition with the set of the
     * tables (their positions in FROM order) that it reads, and, for an equality {@code l = r}, the
     * tables each side reads ({@code sides}: null for other conditions).
     */
    record Group(List<Plan> tables, List<Expr> conditions, List<Set<Integer>> reads, List<List<Set<Integer>>> sides) {

        /**
         * The group, or null if a condition names a column none of its tables has (one of an outer
         * query, say): such a group is left in FROM order.
         */
        static Group of(List<Plan> tables, List<Expr> conditions, Scope scope) {
            List<Integer> tableOfColumn = new ArrayList<>();
            for (int t = 0; t < tables.size(); t++) {
                for (int c = 0; c < tables.get(t).scope().columns().size(); c++) {
                    tableOfColumn.add(t);
                }
            }
            List<Set<Integer>> reads = new ArrayList<>();
            List<List<Set<Integer>>> sides = new ArrayList<>();
            try {
                for (Expr condition : conditions) {
                    reads.add(readTables(condition, scope, tableOfColumn));
                    sides.add(condition instanceof Expr.Binary equal && equal.op() == Expr.BinaryOp.EQUAL
                            ? List.of(readTables(equal.left(), scope, tableOfColumn),
                            readTables(equal.right(), scope, tableOfColumn))
                            : null);
                }
            } catch (SqlException e) {
                return null;
            }
            return new Group(tables, conditions, reads, sides);
        }

        private static Set<Integer> readTables(Expr expr, Scope scope, List<Integer> tableOfColumn) {
            Set<Integer> read = new HashSet<>();
            for (Expr.Column column : Exprs.columns(expr)) {
                int index = scope.indexOf(column);
                if (index >= tableOfColumn.size()) {
                    throw new SqlException("column " + column.name() + " is not one of the group's tables");
                }
                read.add(tableOfColumn.get(index));
            }
            return read;
        }
    }

    /** The group as a left-deep chain of joins, in the order {@link #nextTable} chooses. */
    private static Plan chain(Group group) {
        //@ todo 5: Join the tables greedily: each next one linked to the joined ones by an equality, each condition on the first join that has all its tables (docs/chapter05-sql.md#step-17-bonus-join-ordering)
        Set<Integer> joined = new HashSet<>();
        List<Integer> unplaced = new ArrayList<>();
        for (int i = 0; i < group.conditions().size(); i++) {
            unplaced.add(i);
        }
        int first = nextTable(group, joined);
        joined.add(first);
        Plan plan = group.tables().get(first);
        while (joined.size() < group.tables().size()) {
            int next = nextTable(group, joined);
            joined.add(next);
            List<Expr> on = new ArrayList<>();
            for (var it = unplaced.iterator(); it.hasNext(); ) {
                int c = it.next();
                Set<Integer> reads = group.reads().get(c);
                if (joined.containsAll(reads) && (!reads.isEmpty() || joined.size() == group.tables().size())) {
                    on.add(group.conditions().get(c));
                    it.remove();
                }
            }
            plan = new Plan.NestedLoopJoin(plan, group.tables().get(next), on.isEmpty() ? JoinType.CROSS : JoinType.INNER,
                    Exprs.and(on));
        }
        return plan;
        //@ end
    }

    /**
     * The next table to join to {@code joined}: of the tables an equality links to them (any
     * table when none is joined yet; every table when none is linked), the first pinned to one
     * row, else the first in FROM order.
     */
    private static int nextTable(Group group, Set<Integer> joined) {
        //@ todo 5: Choose the first remaining table linked to the joined ones by an equality, a table pinned to one row first (docs/chapter05-sql.md#step-17-bonus-join-ordering)
        List<Integer> candidates = new ArrayList<>();
        for (int t = 0; t < group.tables().size(); t++) {
            if (!joined.contains(t) && (joined.isEmpty() || linked(group, joined, t))) {
                candidates.add(t);
            }
        }
        if (candidates.isEmpty()) {
            for (int t = 0; t < group.tables().size(); t++) {
                if (!joined.contains(t)) {
                    candidates.add(t);
                }
            }
        }
        return candidates.stream().filter(t -> pinned(group.tables().get(t))).findFirst().orElse(candidates.get(0));
        //@ end
    }

    /** Whether a condition {@code l = r} has one side reading only joined tables and the other only {@code table}. */
    private static boolean linked(Group group, Set<Integer> joined, int table) {
        for (List<Set<Integer>> sides : group.sides()) {
            if (sides != null && !sides.get(0).isEmpty() && !sides.get(1).isEmpty()
                    && (joined.containsAll(sides.get(0)) && sides.get(1).equals(Set.of(table))
                    || joined.containsAll(sides.get(1)) && sides.get(0).equals(Set.of(table)))) {
                return true;
            }
        }
        return false;
    }

    /** Whether a table's scan filter holds a constant equality on every column of its primary key or of a UNIQUE index. */
    private static boolean pinned(Plan table) {
        if (!(table instanceof Plan.Scan scan) || scan.filter() == null) {
            return false;
        }
        Set<String> equal = new HashSet<>();
        for (Expr conjunct : Exprs.conjuncts(scan.filter())) {
            if (conjunct instanceof Expr.Binary b && b.op() == Expr.BinaryOp.EQUAL) {
                if (b.left() instanceof Expr.Column c && b.right() instanceof Expr.Literal) {
                    equal.add(c.name().toLowerCase(Locale.ROOT));
                } else if (b.right() instanceof Expr.Column c && b.left() instanceof Expr.Literal) {
                    equal.add(c.name().toLowerCase(Locale.ROOT));
                }
            }
        }
        TableSchema schema = scan.table();
        if (schema.hasPrimaryKey() && covers(equal, schema.primaryKey())) {
            return true;
        }
        return schema.indexes().stream().filter(IndexDef::unique).anyMatch(index -> covers(equal, index.columns()));
    }

    private static boolean covers(Set<String> columns, List<String> key) {
        return key.stream().allMatch(k -> columns.contains(k.toLowerCase(Locale.ROOT)));
    }
}
