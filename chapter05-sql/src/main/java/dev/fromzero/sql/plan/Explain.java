package dev.fromzero.sql.plan;

import dev.fromzero.sql.parser.Expr;
import java.util.ArrayList;
import java.util.List;

/**
 * EXPLAIN's text: a plan as lines, one per node, the root first and each node's sources under it,
 * indented two spaces more (a join's left source before its right). A line is the node's name, a
 * colon, and what the node does, with expressions written as SQL ({@link SqlText}):
 *
 * <pre>
 *   Project: c.name, count(*)
 *     Sort: count(*) DESC
 *       Aggregate: group by c.name; count(*)
 *         HashJoin: INNER on c.id = o.customer
 *           Scan: customers AS c
 *           Scan: orders AS o, filter o.total > 10
 * </pre>
 *
 * A node that runs subqueries (step 14) lists each under its own line, before its sources, as
 * {@code Subquery: once} (not correlated) or {@code Subquery: for each t.a, t.b} (the outer values
 * it is run for), followed by its plan, indented once more.
 *
 * <p>The format is a contract: tests compare plans line by line, so that an optimization that is lost
 * shows. The guide's step 10 lists every node's line.
 */
public final class Explain {

    private Explain() {}

    /** The lines of {@code plan}'s tree. */
    public static List<String> lines(Plan plan) {
        List<String> lines = new ArrayList<>();
        write(plan, "", lines);
        return lines;
    }

    private static void write(Plan plan, String indent, List<String> lines) {
        lines.add(indent + line(plan));
        for (Expr.PlannedSubquery subquery : subqueries(plan)) {
            lines.add(indent + "  Subquery: " + (subquery.outer().isEmpty() ? "once"
                    : "for each " + SqlText.list(subquery.outer())));
            write(subquery.plan(), indent + "    ", lines);
        }
        for (Plan source : Plans.sources(plan)) {
            write(source, indent + "  ", lines);
        }
    }

    /** The subqueries in {@code plan}'s own expressions (not its sources'), in the order they are written. */
    private static List<Expr.PlannedSubquery> subqueries(Plan plan) {
        List<Expr> expressions = new ArrayList<>();
        if (plan instanceof Plan.Scan scan) {
            expressions.add(scan.filter());
        } else if (plan instanceof Plan.IndexScan scan) {
            expressions.add(scan.filter());
        } else if (plan instanceof Plan.Values values) {
            values.rows().forEach(expressions::addAll);
        } else if (plan instanceof Plan.Filter filter) {
            expressions.add(filter.predicate());
        } else if (plan instanceof Plan.Project project) {
            expressions.addAll(project.expressions());
        } else if (plan instanceof Plan.Sort sort) {
            sort.keys().forEach(key -> expressions.add(key.expression()));
        } else if (plan instanceof Plan.NestedLoopJoin join) {
            expressions.add(join.condition());
        } else if (plan instanceof Plan.HashJoin join) {
            expressions.add(join.residual());
        }
        List<Expr.PlannedSubquery> found = new ArrayList<>();
        expressions.stream().filter(java.util.Objects::nonNull).forEach(e -> collect(e, found));
        return found;
    }

    private static void collect(Expr expr, List<Expr.PlannedSubquery> found) {
        if (expr instanceof Expr.PlannedSubquery planned) {
            found.add(planned);
        }
        Exprs.children(expr).forEach(child -> collect(child, found));
    }

    private static String line(Plan plan) {
        if (plan instanceof Plan.Scan scan) {
            String name = scan.table().name();
            String text = "Scan: " + name + (scan.qualifier().equalsIgnoreCase(name) ? "" : " AS " + scan.qualifier());
            return scan.filter() == null ? text : text + ", filter " + SqlText.of(scan.filter());
        } else if (plan instanceof Plan.IndexScan scan) {
            String name = scan.table().name();
            String text = "IndexScan: " + name + (scan.qualifier().equalsIgnoreCase(name) ? "" : " AS " + scan.qualifier())
                    + " by " + scan.lookup().describe();
            return scan.filter() == null ? text : text + ", filter " + SqlText.of(scan.filter());
        } else if (plan instanceof Plan.Values values) {
            int rows = values.rows().size();
            return "Values: " + (rows == 0 ? "no rows" : rows == 1 ? "1 row" : rows + " rows");
        } else if (plan instanceof Plan.Filter filter) {
            return "Filter: " + SqlText.of(filter.predicate());
        } else if (plan instanceof Plan.Project project) {
            return "Project: " + SqlText.list(project.expressions());
        } else if (plan instanceof Plan.Sort sort) {
            List<String> keys = new ArrayList<>();
            for (Plan.SortKey key : sort.keys()) {
                String text = SqlText.of(key.expression()) + (key.descending() ? " DESC" : "");
                if (key.nullsFirst() == key.descending()) {
                    text += key.nullsFirst() ? " NULLS FIRST" : " NULLS LAST";
                }
                keys.add(text);
            }
            return "Sort: " + String.join(", ", keys);
        } else if (plan instanceof Plan.Limit limit) {
            List<String> parts = new ArrayList<>();
            if (limit.offset() != null) {
                parts.add("offset " + SqlText.of(limit.offset()));
            }
            if (limit.limit() != null) {
                parts.add("limit " + SqlText.of(limit.limit()));
            }
            return "Limit: " + String.join(", ", parts);
        } else if (plan instanceof Plan.Aggregate aggregate) {
            List<String> parts = new ArrayList<>();
            if (!aggregate.groupBy().isEmpty()) {
                parts.add("group by " + SqlText.list(aggregate.groupBy()));
            }
            if (!aggregate.aggregates().isEmpty()) {
                parts.add(SqlText.list(aggregate.aggregates()));
            }
            return "Aggregate: " + String.join("; ", parts);
        } else if (plan instanceof Plan.Distinct) {
            return "Distinct";
        } else if (plan instanceof Plan.NestedLoopJoin join) {
            return "NestedLoopJoin: " + join.type() + (join.condition() == null ? "" : " on " + SqlText.of(join.condition()));
        } else if (plan instanceof Plan.SetOperation set) {
            return "SetOperation: " + set.operator().sql();
        }
        Plan.HashJoin join = (Plan.HashJoin) plan;
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < join.leftKeys().size(); i++) {
            keys.add(SqlText.of(join.leftKeys().get(i)) + " = " + SqlText.of(join.rightKeys().get(i)));
        }
        String text = "HashJoin: " + join.type() + " on " + String.join(" AND ", keys);
        return join.residual() == null ? text : text + ", residual " + SqlText.of(join.residual());
    }
}
