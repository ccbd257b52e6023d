package dev.fromzero.testkit.lin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Whether one key's operations are linearizable: the search of Wing and Gong (1993) with Lowe's
 * memoization (2017), as Porcupine implements it.
 *
 * <p>The calls and returns are put on one list in time order. The search walks it from the front:
 * a call is a candidate to take effect next (to be <em>linearized</em>) if the model allows it in
 * the current state; the first return it meets ends the candidates, since that operation must
 * have taken effect before it returned. A linearized operation's call and return leave the list
 * (they are put back when the search backtracks), and the walk starts again from the front. The
 * history is linearizable when every operation that returned is linearized; the ones whose outcome
 * is unknown return at infinity, so they can always go last.
 *
 * <p>Memoization: two paths that linearized the same set of operations and reached the same value
 * have the same future, so a (set, value) pair that was tried once is never tried again (and a
 * configuration that used more unknown operations than one tried before, the rest being equal,
 * has fewer choices, so it is not tried either). Without it the search is exponential in the
 * number of concurrent operations; with it, it is bounded by the number of distinct
 * configurations, which a budget of steps caps: a history too costly to check is reported as
 * such, never as passing.
 *
 * <p>Operations whose outcome is unknown would multiply the search: each could be linearized at
 * any point or never, so every subset of them would be tried at every point. But such an
 * operation matters only if someone sees its effect, so it is linearized only where it changes
 * the value and the very next operation <em>needs</em> the new value (a get or cas that the model
 * allows after it and not before it, or another unknown cas that expects it). Any linearization
 * can be brought into that form: an unknown operation whose next operation does not need it can
 * move one place later (nothing returns before it ends, so moving it later breaks no real-time
 * order), and one that nobody needs before the next write, or the end, can be left out. Only a
 * value some operation observes can be needed (a get's output, a cas's expected value), or a
 * change away from a value a failed cas expected; an unknown operation that brings neither is
 * never tried. And unknown operations that do the same thing (every delete, say) are
 * interchangeable, so of those that could take effect now only the one called last is tried: the
 * earlier ones can stand in for it anywhere later.
 *
 * <p>At equal times a call sorts before a return, so operations whose times touch count as
 * concurrent: a coarse clock can make the check weaker, never wrong.
 */
final class KeySearch {

    enum Outcome { LINEARIZABLE, NOT_LINEARIZABLE, TOO_COSTLY }

    record Result(Outcome outcome, long steps) {
    }

    /** A call or a return on the doubly linked list of events. */
    private static final class Event {
        final int op;
        final boolean isCall;
        final long time;
        Event match;
        Event prev;
        Event next;

        Event(int op, boolean isCall, long time) {
            this.op = op;
            this.isCall = isCall;
            this.time = time;
        }
    }

    /**
     * What the search's future depends on: the operations linearized, the value, and, after an
     * unknown operation, the value before it. The unknown operations linearized are kept apart:
     * having used fewer of them leaves more choices, so a configuration is new only if no
     * configuration seen before had the same rest and used a subset of its unknown operations.
     */
    private record Memo(BitSet known, String state, boolean chained, String before) {
    }

    private static final class Seen {
        private final Map<Memo, List<BitSet>> unknownSets = new HashMap<>();

        /** Records the configuration; false if one seen before leaves at least the same choices. */
        boolean add(BitSet known, BitSet unknown, String state, boolean chained, String before) {
            List<BitSet> sets = unknownSets.computeIfAbsent(new Memo((BitSet) known.clone(), state, chained, before),
                    m -> new ArrayList<>(1));
            for (BitSet seen : sets) {
                if (isSubset(seen, unknown)) {
                    return false;
                }
            }
            sets.add((BitSet) unknown.clone());
            return true;
        }

        private static boolean isSubset(BitSet small, BitSet big) {
            if (small.isEmpty()) {
                return true;
            }
            BitSet rest = (BitSet) small.clone();
            rest.andNot(big);
            return rest.isEmpty();
        }
    }

    private record Frame(Event call, String stateBefore, boolean chainedBefore, String beforeBefore) {
    }

    private KeySearch() {
    }

    static Result check(List<Operation> ops, long budget) {
        Event head = events(ops);
        BitSet known = new BitSet(ops.size());
        BitSet unknown = new BitSet(ops.size());
        Seen seen = new Seen();
        Deque<Frame> stack = new ArrayDeque<>();
        long knownLeft = ops.stream().filter(op -> !op.unknown()).count();
        Set<String> observed = new HashSet<>();
        Set<String> refused = new HashSet<>();
        for (Operation op : ops) {
            if (op.op() == Op.GET && !op.unknown()) {
                observed.add((String) op.output());
            } else if (op.op() == Op.CAS) {
                (Boolean.FALSE.equals(op.output()) ? refused : observed).add(op.expected());
            } else if (op.op() == Op.DELETE && op.output() != null) {
                // A delete that found the key absent observed absence; one that found it there refuses absence.
                (Boolean.TRUE.equals(op.output()) ? refused : observed).add(null);
            }
        }
        int[] sameLater = sameEffectCalledLater(ops);
        String state = null;
        // After an unknown operation changed the value from `before`, the next one must need the change.
        boolean chained = false;
        String before = null;
        long steps = 0;
        Event event = head.next;
        long windowEnd = windowEnd(head);
        while (knownLeft > 0) {
            if (++steps > budget) {
                return new Result(Outcome.TOO_COSTLY, steps);
            }
            if (event.isCall) {
                Operation op = ops.get(event.op);
                String next = KvModel.apply(state, op);
                boolean candidate = chained ? needs(op, before, state) : KvModel.allows(state, op);
                if (candidate && op.unknown()
                        && (Objects.equals(next, state) || !(observed.contains(next) || refused.contains(state))
                            || sameEffectLaterUnused(event.op, sameLater, unknown, ops, windowEnd))) {
                    candidate = false;
                }
                if (candidate) {
                    BitSet linearized = op.unknown() ? unknown : known;
                    linearized.set(event.op);
                    if (seen.add(known, unknown, next, op.unknown(), op.unknown() ? state : null)) {
                        stack.push(new Frame(event, state, chained, before));
                        chained = op.unknown();
                        before = chained ? state : null;
                        state = next;
                        lift(event);
                        knownLeft -= op.unknown() ? 0 : 1;
                        event = head.next;
                        windowEnd = windowEnd(head);
                        continue;
                    }
                    linearized.clear(event.op);
                }
                event = event.next;
            } else {
                if (stack.isEmpty()) {
                    return new Result(Outcome.NOT_LINEARIZABLE, steps);
                }
                Frame top = stack.pop();
                state = top.stateBefore;
                chained = top.chainedBefore;
                before = top.beforeBefore;
                (ops.get(top.call.op).unknown() ? unknown : known).clear(top.call.op);
                unlift(top.call);
                knownLeft += ops.get(top.call.op).unknown() ? 0 : 1;
                event = top.call.next;
                windowEnd = windowEnd(head);
            }
        }
        return new Result(Outcome.LINEARIZABLE, steps);
    }

    /** Whether {@code op} needs the change from {@code before} to {@code after}: it would be refused before it, and is allowed after. */
    private static boolean needs(Operation op, String before, String after) {
        if (op.unknown()) {
            return op.op() == Op.CAS && Objects.equals(op.expected(), after) && !Objects.equals(op.expected(), before);
        }
        return KvModel.allows(after, op) && !KvModel.allows(before, op);
    }

    /** The time of the first return on the list: operations called by then could take effect now. */
    private static long windowEnd(Event head) {
        Event e = head.next;
        while (e != null && e.isCall) {
            e = e.next;
        }
        return e == null ? Long.MAX_VALUE : e.time;
    }

    /**
     * For each unknown operation, the next unknown operation with the same effect (same op,
     * value and expected value) in call order, or -1.
     */
    private static int[] sameEffectCalledLater(List<Operation> ops) {
        int[] later = new int[ops.size()];
        Arrays.fill(later, -1);
        Map<List<Object>, Integer> last = new HashMap<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).unknown()) {
                order.add(i);
            }
        }
        order.sort(Comparator.comparingLong((Integer i) -> ops.get(i).call()).thenComparingInt(i -> i));
        for (int i : order) {
            Operation op = ops.get(i);
            Integer before = last.put(Arrays.asList(op.op(), op.value(), op.expected()), i);
            if (before != null) {
                later[before] = i;
            }
        }
        return later;
    }

    /** Whether an unknown operation with the same effect as {@code op}, called after it and by {@code windowEnd}, is unused. */
    private static boolean sameEffectLaterUnused(int op, int[] sameLater, BitSet used, List<Operation> ops, long windowEnd) {
        for (int other = sameLater[op]; other >= 0 && ops.get(other).call() <= windowEnd; other = sameLater[other]) {
            if (!used.get(other)) {
                return true;
            }
        }
        return false;
    }

    /** The list of calls and returns in time order, behind a sentinel head; unknown outcomes return at infinity. */
    private static Event events(List<Operation> ops) {
        List<Event> events = new ArrayList<>(2 * ops.size());
        for (int i = 0; i < ops.size(); i++) {
            Operation op = ops.get(i);
            Event call = new Event(i, true, op.call());
            Event ret = new Event(i, false, op.unknown() ? Long.MAX_VALUE : op.returned());
            call.match = ret;
            events.add(call);
            events.add(ret);
        }
        events.sort(Comparator.comparingLong((Event e) -> e.time)
                .thenComparing(e -> !e.isCall)
                .thenComparingInt(e -> e.op));
        Event head = new Event(-1, false, Long.MIN_VALUE);
        Event last = head;
        for (Event e : events) {
            last.next = e;
            e.prev = last;
            last = e;
        }
        return head;
    }

    /** Takes an operation's call and return off the list. */
    private static void lift(Event call) {
        call.prev.next = call.next;
        if (call.next != null) {
            call.next.prev = call.prev;
        }
        Event ret = call.match;
        ret.prev.next = ret.next;
        if (ret.next != null) {
            ret.next.prev = ret.prev;
        }
    }

    /** Puts them back where they were, in the reverse order of {@link #lift}. */
    private static void unlift(Event call) {
        Event ret = call.match;
        ret.prev.next = ret;
        if (ret.next != null) {
            ret.next.prev = ret;
        }
        call.prev.next = call;
        if (call.next != null) {
            call.next.prev = call;
        }
    }
}
