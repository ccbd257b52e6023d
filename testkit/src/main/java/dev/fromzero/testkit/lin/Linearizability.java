package dev.fromzero.testkit.lin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The linearizability check of a key-value history (Herlihy and Wing, 1990): is there one order
 * of all the operations that a single map would have answered the same way, and that puts every
 * operation that returned before another was called before that one?
 *
 * <p>Each key is checked on its own (linearizability is local: a history is linearizable when the
 * history of each object is), which is what makes checking real histories affordable, as in
 * Porcupine and Knossos. Each key's search ({@link KeySearch}) is bounded by a budget of steps;
 * a key that uses it up makes the verdict {@link Verdict.TooCostly}, never a pass.
 */
public final class Linearizability {

    /** Search steps per key: a few hundred operations per key with tens of them concurrent check in far fewer. */
    public static final long DEFAULT_BUDGET = 2_000_000;

    private Linearizability() {
    }

    public static Verdict check(List<Operation> history) {
        return check(history, DEFAULT_BUDGET);
    }

    /**
     * Checks every key; the first key (in key order) that fails is reported with its witness. A
     * get whose outcome is unknown is left out: it changed nothing and told nobody anything.
     */
    public static Verdict check(List<Operation> history, long budgetPerKey) {
        Map<String, List<Operation>> byKey = new TreeMap<>();
        for (Operation op : history) {
            if (!(op.op() == Op.GET && op.unknown())) {
                byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
            }
        }
        Verdict.TooCostly tooCostly = null;
        for (Map.Entry<String, List<Operation>> key : byKey.entrySet()) {
            KeySearch.Result result = KeySearch.check(key.getValue(), budgetPerKey);
            switch (result.outcome()) {
                case NOT_LINEARIZABLE -> {
                    return Witness.of(key.getKey(), key.getValue(), budgetPerKey);
                }
                case TOO_COSTLY -> {
                    if (tooCostly == null) {
                        tooCostly = new Verdict.TooCostly(key.getKey(), key.getValue().size(), budgetPerKey);
                    }
                }
                case LINEARIZABLE -> {
                }
            }
        }
        return tooCostly != null ? tooCostly : new Verdict.Linearizable(history.size(), byKey.size());
    }

    /**
     * Exports {@code history} as {@code scenario} run with {@code seed} when
     * {@code -Dfromzero.history.dir} asks for it ({@link HistoryFiles}), then checks it, and fails
     * with the verdict's report (and where the history was written) unless it is linearizable.
     */
    public static void assertLinearizable(String scenario, long seed, List<Operation> history) {
        Optional<Path> written = HistoryFiles.exportIfAsked(scenario, seed, history);
        Verdict verdict = check(history);
        if (!verdict.ok()) {
            throw new AssertionError("the clients' history of " + scenario + " with seed " + seed + " is "
                    + verdict.describe()
                    + written.map(file -> "\nThe whole history is in " + file).orElse(
                            "\nTo look at the whole history, run again with -D" + HistoryFiles.PROPERTY + "=DIR"));
        }
    }
}
