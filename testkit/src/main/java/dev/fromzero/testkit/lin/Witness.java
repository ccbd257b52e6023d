package dev.fromzero.testkit.lin;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A small witness for a key whose history is not linearizable, in two cuts.
 *
 * <p>First, the earliest time {@code T} by which the history already fails: keep what was called
 * by {@code T}, with the outcome of what had not returned by then made unknown (a get without an
 * answer says nothing, so it goes). If a history is linearizable, so is every such prefix (an
 * operation that returned by {@code T} took effect before {@code T}, and every write it could
 * have seen was called before), so the prefixes fail from some {@code T} on, and a binary search
 * over the return times finds it.
 *
 * <p>Then, within that prefix, operations are taken out as long as what is left still fails, and
 * fails first at {@code T} (so that the witness shows the same violation, not an earlier one made
 * by taking out a write), in halving chunks and then one at a time (a simple delta debugging).
 * A write is never taken out
 * while a kept operation observed its value (a get that read it, a cas that found it): the witness
 * would otherwise blame a read for a value nobody wrote.
 *
 * <p>All the searches of one witness share a budget of {@value #BUDGETS} times the key's budget:
 * when it runs out, the witness is the smallest failing history found so far.
 */
final class Witness {

    static final int BUDGETS = 4;

    private long left;
    private final long budget;

    private Witness(long budget) {
        this.budget = budget;
        this.left = BUDGETS * budget;
    }

    static Verdict.NotLinearizable of(String key, List<Operation> ops, long budget) {
        return new Witness(budget).find(key, ops);
    }

    private Verdict.NotLinearizable find(String key, List<Operation> ops) {
        List<Long> times = ops.stream().filter(op -> !op.unknown()).map(Operation::returned).distinct().sorted().toList();
        int lo = 0;
        int hi = times.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (fails(prefix(ops, times.get(mid)))) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        long failsAt = times.get(lo);
        // The last prefix is the whole history, which failed, less what cannot matter (see prefix).
        List<Operation> witness = new ArrayList<>(shrink(prefix(ops, failsAt), failsAt));
        witness.sort(Comparator.comparingLong(Operation::call).thenComparingInt(Operation::client));
        return new Verdict.NotLinearizable(key, ops.size(), failsAt, witness);
    }

    /** What the history looked like at time {@code t}. */
    static List<Operation> prefix(List<Operation> ops, long t) {
        List<Operation> prefix = new ArrayList<>();
        for (Operation op : ops) {
            if (op.call() > t) {
                continue;
            }
            if (!op.unknown() && op.returned() <= t) {
                prefix.add(op);
            } else if (op.op() != Op.GET) {
                prefix.add(op.withUnknownOutcome());
            }
        }
        return prefix;
    }

    /** Takes operations out of {@code ops} while what is left still fails first at {@code failsAt}. */
    private List<Operation> shrink(List<Operation> ops, long failsAt) {
        List<Operation> kept = ops;
        for (int chunk = Math.max(1, kept.size() / 2); left > 0; chunk = Math.max(1, chunk / 2)) {
            boolean removedAny = false;
            for (int from = 0; from < kept.size(); ) {
                List<Operation> candidate = new ArrayList<>(kept.subList(0, from));
                candidate.addAll(kept.subList(Math.min(kept.size(), from + chunk), kept.size()));
                List<Operation> removed = kept.subList(from, Math.min(kept.size(), from + chunk));
                if (!candidate.isEmpty() && keepsObservedWrites(candidate, removed) && fails(candidate)
                        && !fails(prefix(candidate, failsAt - 1))) {
                    kept = candidate;
                    removedAny = true;
                } else {
                    from += chunk;
                }
            }
            if (chunk == 1 && !removedAny) {
                return kept;
            }
        }
        return kept;
    }

    /** Whether none of {@code removed} wrote a value (absent, for a delete) that an operation of {@code kept} observed. */
    private static boolean keepsObservedWrites(List<Operation> kept, List<Operation> removed) {
        Set<String> observed = new HashSet<>();
        for (Operation op : kept) {
            if (op.op() == Op.GET && !op.unknown()) {
                observed.add((String) op.output());
            } else if (op.op() == Op.CAS && Boolean.TRUE.equals(op.output())) {
                observed.add(op.expected());
            } else if (op.op() == Op.DELETE && Boolean.FALSE.equals(op.output())) {
                observed.add(null);
            }
        }
        for (Operation op : removed) {
            boolean writes = op.op() == Op.PUT || op.op() == Op.DELETE || (op.op() == Op.CAS && !Boolean.FALSE.equals(op.output()));
            if (writes && observed.contains(op.value())) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code ops} surely fail; a search cut short by the budget counts as not failing. */
    private boolean fails(List<Operation> ops) {
        if (left <= 0) {
            return false;
        }
        KeySearch.Result result = KeySearch.check(ops, Math.min(budget, left));
        left -= result.steps();
        return result.outcome() == KeySearch.Outcome.NOT_LINEARIZABLE;
    }
}
