package dev.fromzero.raft;

import java.util.Arrays;
import java.util.Objects;

/**
 * The state machine's state after applying every entry up to {@code lastIndex}, in bytes only
 * the state machine understands, with the index and term of that last entry so that the log
 * consistency check still works for the entry after it.
 *
 * <p>The data array is not copied: do not change it after making a snapshot.
 */
public record Snapshot(long lastIndex, long lastTerm, byte[] data) {

    public Snapshot {
        if (lastIndex < 1 || lastTerm < 1) {
            throw new IllegalArgumentException("a snapshot covers at least entry 1 of term 1, got index " + lastIndex + " term " + lastTerm);
        }
        Objects.requireNonNull(data, "data");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Snapshot s && lastIndex == s.lastIndex && lastTerm == s.lastTerm
                && Arrays.equals(data, s.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lastIndex, lastTerm, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "Snapshot(through " + lastIndex + "@" + lastTerm + ", " + data.length + " bytes)";
    }
}
