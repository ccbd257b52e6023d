package dev.fromzero.raft;

/**
 * What Raft replicates: the application that applies committed commands, in log order, once
 * each. Every node's state machine sees the same commands in the same order.
 */
public interface StateMachine {

    /** Applies a committed entry. A no-op ({@link Entry#isNoop()}) changes nothing but is passed on, in order. */
    void apply(Entry entry);

    /** Replaces the whole state with {@code snapshot}'s: the next entry applied is the one after its last index. */
    void restore(Snapshot snapshot);
}
