package dev.fromzero.testkit.lin;

import java.util.List;

/** What {@link Linearizability#check} found: the history is linearizable, is not (with a witness), or was too costly to tell. */
public sealed interface Verdict {

    /** True only for {@link Linearizable}: a history too costly to check does not pass. */
    boolean ok();

    /** A report for people; for a failure, the witness, one operation a line. */
    String describe();

    record Linearizable(int operations, int keys) implements Verdict {
        @Override
        public boolean ok() {
            return true;
        }

        @Override
        public String describe() {
            return "linearizable: " + operations + " operations on " + keys + " keys";
        }
    }

    /**
     * Key {@code key}'s operations cannot be ordered. {@code failsAt} is the earliest time by
     * which its history already cannot be explained (every operation that returned by then, and
     * those still pending with their outcomes unknown); {@code witness} is a smallest set of the
     * operations up to then that still cannot be ordered, keeping the write of every value one
     * of them read, sorted by call.
     */
    record NotLinearizable(String key, int keyOperations, long failsAt, List<Operation> witness) implements Verdict {
        public NotLinearizable {
            witness = List.copyOf(witness);
        }

        @Override
        public boolean ok() {
            return false;
        }

        @Override
        public String describe() {
            StringBuilder out = new StringBuilder("not linearizable: key \"" + key + "\" (" + keyOperations
                    + " operations) has no order that agrees with a map and with the times the clients saw.\n"
                    + "Its history cannot be explained from t=" + failsAt + " on. These " + witness.size()
                    + " operations alone cannot be ordered:\n");
            for (Operation op : witness) {
                out.append("  ").append(op.describe()).append('\n');
            }
            out.append("An operation that returned before another was called must take effect before it; a get must return the "
                    + "value of the last write before it; a cas succeeds exactly when the key holds its expected value.");
            return out.toString();
        }
    }

    /** Key {@code key}'s search used up its budget of {@code steps} before it could tell: neither a pass nor a failure. */
    record TooCostly(String key, int keyOperations, long steps) implements Verdict {
        @Override
        public boolean ok() {
            return false;
        }

        @Override
        public String describe() {
            return "too costly to check: key \"" + key + "\" (" + keyOperations + " operations) used up the budget of "
                    + steps + " search steps. This is not a pass: record fewer or less concurrent operations per key, "
                    + "or give the check a larger budget.";
        }
    }
}
