//@ chapter 5
package dev.fromzero.sql.exec;

import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GROUP BY and aggregates: reads every source row on the first call, puts it in the group of its
 * GROUP BY values (one group for rows whose values are equal, NULLs included: GROUP BY treats
 * NULLs as one group, unlike {@code =}), and feeds each aggregate's {@link Accumulator} of that
 * group. Then it hands out one row per group, in the order the groups were first seen: the group's
 * values, then the aggregates' results. Without GROUP BY, all rows are one group, and there is one
 * row even when there are no rows ({@code SELECT count(*) FROM empty} is 0).
 */
final class Aggregate implements Operator {

    /** One group: its GROUP BY values, as the first row of the group had them, and its accumulators. */
    private record Group(List<Value> values, List<Accumulator> accumulators) {}

    private final Operator source;
    private final List<Expr> groupBy;
    private final List<Expr.Call> aggregates;
    private final Evaluator evaluator;
    private Iterator<Group> groups;

    Aggregate(Operator source, List<Expr> groupBy, List<Expr.Call> aggregates, Evaluator evaluator) {
        this.source = source;
        this.groupBy = groupBy;
        this.aggregates = aggregates;
        this.evaluator = evaluator;
    }

    @Override
    public List<Value> next() {
        if (groups == null) {
            groups = groupAll().iterator();
        }
        if (!groups.hasNext()) {
            return null;
        }
        Group group = groups.next();
        List<Value> row = new ArrayList<>(group.values());
        for (Accumulator accumulator : group.accumulators()) {
            row.add(accumulator.result());
        }
        return row;
    }

    private Iterable<Group> groupAll() {
        //@ todo 5: Read every row into the group of its GROUP BY values (equal by ValueKey, NULLs together), adding each aggregate's argument; no GROUP BY means one group, even with no rows (docs/chapter05-sql.md#step-8-aggregation-and-distinct)
        Map<List<Value>, Group> groups = new LinkedHashMap<>();
        for (List<Value> row = source.next(); row != null; row = source.next()) {
            List<Value> values = new ArrayList<>(groupBy.size());
            for (Expr expr : groupBy) {
                values.add(evaluator.evaluate(expr, row));
            }
            Group group = groups.computeIfAbsent(ValueKey.of(values), key -> newGroup(values));
            for (int i = 0; i < aggregates.size(); i++) {
                Expr.Call call = aggregates.get(i);
                group.accumulators().get(i).add(call.star() ? Value.of(true) : evaluator.evaluate(call.args().get(0), row));
            }
        }
        if (groupBy.isEmpty() && groups.isEmpty()) {
            groups.put(List.of(), newGroup(List.of()));
        }
        return groups.values();
        //@ end
    }

    private Group newGroup(List<Value> values) {
        List<Accumulator> accumulators = new ArrayList<>();
        for (Expr.Call call : aggregates) {
            accumulators.add(new Accumulator(call));
        }
        return new Group(values, accumulators);
    }
}
