//@ chapter 4
package dev.fromzero.raft.sim;

/**
 * A simulation found Raft broken: two nodes applied different entries at one index, a node
 * applied out of order, or an entry was applied that a majority had not stored. The message
 * names the seed, the command that replays the run, and the trace of the events before it.
 */
public final class SafetyViolation extends RuntimeException {

    SafetyViolation(String message) {
        super(message, null, false, false);
    }

    SafetyViolation(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
