package dev.fromzero.raft.sim;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The simulation's flight recorder: the last events, one line each, stamped with the virtual
 * time. A failing scenario prints it, so that the reader sees what led up to the failure without
 * rerunning anything.
 *
 * <p>Only the newest {@link #capacity} lines are kept: a scenario runs for thousands of virtual
 * milliseconds, and the cause of a failure is nearly always in its last few hundred events.
 * Every line reads "time, who, what", for example
 * <pre>
 *   t=1530ms  n2 -> n3  AppendEntries term=4 prev=17/3 entries=[18/4] commit=17
 *   t=1532ms  n3        term 3 -> 4, follower of n2
 *   t=1611ms  n1        CRASH (lost: 1 unsynced write of 000000001.log)
 * </pre>
 */
public final class Trace {

    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();
    private long dropped;

    public Trace(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a trace keeps at least one line, not " + capacity);
        }
        this.capacity = capacity;
    }

    /** Records one event at virtual time {@code now}; {@code who} is a node ("n2"), a link ("n2 -> n3") or "sim". */
    public void add(long now, String who, String what) {
        if (lines.size() == capacity) {
            lines.removeFirst();
            dropped++;
        }
        lines.addLast(String.format("t=%dms  %-9s %s", now, who, what));
    }

    /** The kept lines, oldest first, with a note of how many older ones were dropped. */
    public String render() {
        StringBuilder out = new StringBuilder();
        if (dropped > 0) {
            out.append("  ... ").append(dropped).append(" earlier events not kept\n");
        }
        for (String line : lines) {
            out.append("  ").append(line).append('\n');
        }
        return out.toString();
    }
}
