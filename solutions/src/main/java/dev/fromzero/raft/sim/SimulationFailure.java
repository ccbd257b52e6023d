//@ chapter 4
package dev.fromzero.raft.sim;

/**
 * A simulation found Raft broken: a safety property failed (two leaders in a term, two entries
 * applied at one index, an entry applied out of order or before a majority stored it, a synced
 * write lost in a crash), or a node threw. The message names the seed, the command that replays
 * the run, and the trace of the events before it; the cause, if any, is what the node threw.
 */
public final class SimulationFailure extends RuntimeException {

    SimulationFailure(String message) {
        super(message, null, false, false);
    }

    SimulationFailure(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
