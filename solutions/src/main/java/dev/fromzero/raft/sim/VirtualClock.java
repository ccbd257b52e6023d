//@ chapter 4
package dev.fromzero.raft.sim;

import java.util.PriorityQueue;

/**
 * Virtual time and the events scheduled in it. Nothing in a simulation reads the wall clock or
 * starts a thread: time moves only when {@link #runNext()} takes the next event, so a run is a
 * pure function of its seed, and a second of virtual time costs only the events in it.
 *
 * <p>Events at the same millisecond run in the order they were scheduled (each gets a sequence
 * number), which keeps runs deterministic without any tie-breaking randomness.
 */
public final class VirtualClock {

    private record Event(long at, long sequence, Runnable action) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final PriorityQueue<Event> events = new PriorityQueue<>();
    private long now;
    private long sequence;

    /** The current virtual time, in milliseconds since the simulation started. */
    public long now() {
        return now;
    }

    /** Runs {@code action} {@code delayMs} virtual milliseconds from now (0: after what is due now). */
    public void schedule(long delayMs, Runnable action) {
        if (delayMs < 0) {
            throw new IllegalArgumentException("cannot schedule in the past: delay " + delayMs + " ms");
        }
        events.add(new Event(now + delayMs, sequence++, action));
    }

    /** The time of the next event, or {@link Long#MAX_VALUE} if nothing is scheduled. */
    public long nextEventTime() {
        Event next = events.peek();
        return next == null ? Long.MAX_VALUE : next.at;
    }

    /** Advances time to the next event and runs it; false if nothing is scheduled. */
    public boolean runNext() {
        Event next = events.poll();
        if (next == null) {
            return false;
        }
        now = next.at;
        next.action.run();
        return true;
    }

    /** Moves time forward to {@code time} without running anything (used when no event is due before it). */
    void advanceTo(long time) {
        if (time > now) {
            now = time;
        }
    }
}
