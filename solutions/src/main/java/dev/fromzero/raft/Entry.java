//@ chapter 4
package dev.fromzero.raft;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One entry of the Raft log: its position ({@code index}, from 1), the term of the leader that
 * created it, and the command the state machine applies. An entry with an empty command is a
 * leader's no-op: each new leader appends one, because it may commit entries of earlier terms
 * only behind an entry of its own term (Figure 8). State machines skip no-ops.
 *
 * <p>The command array is not copied: do not change it after making an entry.
 */
public record Entry(long index, long term, byte[] command) {

    private static final byte[] NONE = new byte[0];

    public Entry {
        if (index < 1) {
            throw new IllegalArgumentException("an entry's index starts at 1, got " + index);
        }
        if (term < 1) {
            throw new IllegalArgumentException("an entry's term starts at 1, got " + term + " at index " + index);
        }
        Objects.requireNonNull(command, "command");
    }

    /** The no-op a new leader appends at {@code index} in its {@code term}. */
    public static Entry noop(long index, long term) {
        return new Entry(index, term, NONE);
    }

    /** Whether this is a leader's no-op rather than a client's command. */
    public boolean isNoop() {
        return command.length == 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Entry e && index == e.index && term == e.term && Arrays.equals(command, e.command);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, term, Arrays.hashCode(command));
    }

    @Override
    public String toString() {
        return index + "@" + term + (isNoop() ? ":noop" : ":" + show(command));
    }

    static String show(byte[] bytes) {
        boolean printable = true;
        for (byte b : bytes) {
            printable &= b >= 0x20 && b < 0x7f;
        }
        String text = printable ? '"' + new String(bytes, StandardCharsets.US_ASCII) + '"' : "0x" + HexFormat.of().formatHex(bytes);
        return text.length() > 24 ? text.substring(0, 21) + "..." : text;
    }
}
