package dev.fromzero.testkit.lin;

import java.util.ArrayList;
import java.util.List;

/**
 * A recorder of clients' operations as they happen: {@link #call} when a client sends one,
 * {@link #returned} when it hears back. An operation still without an answer at the end has an
 * unknown outcome. Times are the caller's, on one clock for all clients (the simulator's virtual
 * milliseconds, or a monotonic clock). Safe to use from several threads.
 */
public final class History {

    private record Pending(int client, Op op, String key, String value, String expected, long call) {
    }

    private final List<Pending> calls = new ArrayList<>();
    private final List<Operation> done = new ArrayList<>();

    /** Records a call and returns its handle, for {@link #returned}. */
    public synchronized int call(int client, Op op, String key, String value, String expected, long time) {
        // Checked now, by building the operation it will be, so that a wrong call fails where it is made.
        new Operation(client, op, key, value, expected, null, time, null);
        calls.add(new Pending(client, op, key, value, expected, time));
        done.add(null);
        return calls.size() - 1;
    }

    /** Records the answer to call {@code handle}: a get's value (null: absent), a cas's Boolean, null for put and delete. */
    public synchronized void returned(int handle, Object output, long time) {
        Pending p = calls.get(handle);
        if (done.get(handle) != null) {
            throw new IllegalStateException("the " + p.op.jsonName() + " of client " + p.client + " called at " + p.call
                    + " has returned already");
        }
        done.set(handle, new Operation(p.client, p.op, p.key, p.value, p.expected, output, p.call, time));
    }

    /** The operations so far, in the order of their calls; those without an answer have an unknown outcome. */
    public synchronized List<Operation> operations() {
        List<Operation> ops = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            Pending p = calls.get(i);
            ops.add(done.get(i) != null ? done.get(i) : new Operation(p.client, p.op, p.key, p.value, p.expected, null, p.call, null));
        }
        return ops;
    }

    public synchronized int size() {
        return calls.size();
    }
}
