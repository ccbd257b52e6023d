package dev.fromzero.testkit.lin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * Histories that are linearizable by construction, and mutations of them that are not.
 *
 * <p>A history is made by running a map one operation at a time: each operation takes effect at
 * its own instant (its linearization point, strictly increasing), and its client's call and
 * return are drawn around that instant, up to 30 time units either side, so that operations of
 * different clients overlap in every way. Each client does one operation at a time. An
 * operation whose outcome is made unknown has no return, and took effect at its instant or, half
 * of the time, never. Every write writes a value no other write writes, which is what makes the
 * mutations below certain to break the history.
 */
final class RandomHistories {

    private RandomHistories() {
    }

    static List<Operation> linearizable(Random random, int clients, int keys, int count, double unknownShare) {
        Map<String, String> map = new HashMap<>();
        long[] freeAt = new long[clients];
        List<Operation> ops = new ArrayList<>(count);
        long now = 0;
        for (int i = 0; i < count; i++) {
            now += 1 + random.nextInt(4);
            int client = random.nextInt(clients);
            if (freeAt[client] >= now) {
                now = freeAt[client] + 1;
            }
            long call = Math.max(freeAt[client] + 1, now - random.nextInt(30));
            long ret = now + random.nextInt(30);
            boolean unknown = random.nextDouble() < unknownShare;
            boolean takesEffect = !unknown || random.nextBoolean();
            freeAt[client] = ret;
            String key = "k" + random.nextInt(keys);
            String state = map.get(key);
            String fresh = "v" + i;
            int kind = random.nextInt(20);
            Operation op;
            if (kind < 7) {
                op = Operation.put(client, key, fresh, call, ret);
                if (takesEffect) {
                    map.put(key, fresh);
                }
            } else if (kind < 14) {
                op = Operation.get(client, key, state, call, ret);
            } else if (kind < 17) {
                String expected = random.nextBoolean() ? state : (random.nextBoolean() ? null : "v" + random.nextInt(i + 1));
                boolean swaps = Objects.equals(expected, state);
                op = Operation.cas(client, key, expected, fresh, swaps, call, ret);
                if (swaps && takesEffect) {
                    map.put(key, fresh);
                }
            } else {
                op = Operation.delete(client, key, call, ret);
                if (takesEffect) {
                    map.remove(key);
                }
            }
            ops.add(unknown ? op.withUnknownOutcome() : op);
        }
        return ops;
    }

    /**
     * A stale read: a get made to return the value of a write {@code p} although another write
     * {@code q} of the key started after {@code p} returned and returned before the get started.
     */
    static Optional<List<Operation>> withStaleRead(List<Operation> ops, Random random) {
        List<int[]> choices = new ArrayList<>();
        for (int g = 0; g < ops.size(); g++) {
            Operation get = ops.get(g);
            if (get.op() != Op.GET || get.unknown()) {
                continue;
            }
            for (int p = 0; p < ops.size(); p++) {
                Operation before = ops.get(p);
                if (before.key().equals(get.key()) && writesSurely(before) && before.value() != null
                        && !before.value().equals(get.output()) && overwrittenBefore(ops, before, get)) {
                    choices.add(new int[] {g, p});
                }
            }
        }
        if (choices.isEmpty()) {
            return Optional.empty();
        }
        int[] choice = choices.get(random.nextInt(choices.size()));
        return Optional.of(replaceOutput(ops, choice[0], ops.get(choice[1]).value()));
    }

    /** A read from the future: a get made to return the value of a write called only after the get returned. */
    static Optional<List<Operation>> withFutureRead(List<Operation> ops, Random random) {
        List<int[]> choices = new ArrayList<>();
        for (int g = 0; g < ops.size(); g++) {
            Operation get = ops.get(g);
            if (get.op() != Op.GET || get.unknown()) {
                continue;
            }
            for (int w = 0; w < ops.size(); w++) {
                Operation later = ops.get(w);
                if (later.key().equals(get.key()) && later.value() != null && later.call() > get.returned()) {
                    choices.add(new int[] {g, w});
                }
            }
        }
        if (choices.isEmpty()) {
            return Optional.empty();
        }
        int[] choice = choices.get(random.nextInt(choices.size()));
        return Optional.of(replaceOutput(ops, choice[0], ops.get(choice[1]).value()));
    }

    /** Whether {@code op} returned and changed the key: a put, a delete, or a cas that swapped. */
    private static boolean writesSurely(Operation op) {
        return !op.unknown() && (op.op() == Op.PUT || op.op() == Op.DELETE || (op.op() == Op.CAS && (Boolean) op.output()));
    }

    private static boolean overwrittenBefore(List<Operation> ops, Operation first, Operation get) {
        for (Operation q : ops) {
            if (q != first && q.key().equals(get.key()) && writesSurely(q)
                    && q.call() > first.returned() && q.returned() < get.call()) {
                return true;
            }
        }
        return false;
    }

    private static List<Operation> replaceOutput(List<Operation> ops, int index, String output) {
        List<Operation> mutated = new ArrayList<>(ops);
        Operation get = ops.get(index);
        mutated.set(index, Operation.get(get.client(), get.key(), output, get.call(), get.returned()));
        return mutated;
    }
}
