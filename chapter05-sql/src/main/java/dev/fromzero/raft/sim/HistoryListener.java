package dev.fromzero.raft.sim;

/**
 * Where a {@link KvSimulation} reports its clients' operations, for a linearizability checker
 * or a history file. Times are the simulation's virtual milliseconds.
 */
public interface HistoryListener {

    /**
     * One client operation.
     *
     * @param client the client's number, from 1
     * @param op put, get, delete or cas
     * @param value the value a put or cas writes, else null
     * @param expected the old value a cas expects (null: the key is absent), else null
     * @param output what the client saw: a get's value (null: absent), "true" or "false" for a
     *     cas or a delete (whether it set the value, whether the key existed), null for a put or
     *     for an operation that never returned
     * @param call when the client started the operation
     * @param returned when the client got its answer, or null if it never did: its outcome is
     *     unknown (it may or may not have taken effect)
     */
    record Operation(int client, String op, String key, String value, String expected, String output, long call,
                     Long returned) {
    }

    /** An operation returned, or (at {@link KvSimulation#close}) was left without an answer. */
    void record(Operation operation);
}
