package dev.fromzero.raft.sim;

import dev.fromzero.raft.Entry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks state-machine safety on every apply, the property all of Raft exists for: every node
 * applies the same entry at the same index, in index order, each once, and only entries that
 * were committed.
 *
 * <p>"Committed" is checked from outside the nodes, by what they have made durable: an entry
 * can be committed only once a majority of nodes has synced it (that is what their
 * acknowledgements promise), so the first apply of an index anywhere must find it in the synced
 * logs of a majority. The check is necessary, not sufficient (Figure 8's trap passes it), but an
 * entry applied too early is later overwritten by another, and the first rule catches that.
 *
 * <p>Snapshots are checked too: a snapshot's data is a digest of every entry up to its index
 * ({@link #digestThrough}), and a node restored from one must get the digest of the entries that
 * were actually applied there.
 */
final class SafetyChecker {

    /** Tells whether node's synced log (or snapshot) holds {@code entry}. */
    interface Durable {
        boolean holds(int node, Entry entry);
    }

    private final int size;
    private final Durable durable;
    /** The entry applied at index i+1, by whichever node applied it first. */
    private final List<Entry> chosen = new ArrayList<>();
    /** The digest of chosen entries 1..i at position i. */
    private final List<Long> digests = new ArrayList<>(List.of(0L));
    private final long[] lastApplied;

    SafetyChecker(int size, Durable durable) {
        this.size = size;
        this.durable = durable;
        this.lastApplied = new long[size + 1];
    }

    /**
     * Node {@code node} applies {@code entry}.
     *
     * @return null if all is well, else what is wrong, in words
     */
    String applied(int node, Entry entry) {
        long expected = lastApplied[node] + 1;
        if (entry.index() != expected) {
            return "n" + node + " applied entry " + entry + " but the next index to apply was " + expected
                    + (entry.index() <= lastApplied[node] ? " (an entry applied twice)" : " (entries skipped)");
        }
        lastApplied[node] = entry.index();
        if (entry.index() <= chosen.size()) {
            Entry first = chosen.get((int) entry.index() - 1);
            if (!first.equals(entry)) {
                return "n" + node + " applied " + entry + " at index " + entry.index() + ", where another node had applied "
                        + first + ": two different entries applied at one index";
            }
            return null;
        }
        int holders = 0;
        for (int n = 1; n <= size; n++) {
            if (durable.holds(n, entry)) {
                holders++;
            }
        }
        if (holders <= size / 2) {
            return "n" + node + " applied " + entry + " first, but only " + holders + " of " + size
                    + " nodes had it synced: it was not committed (a majority must store an entry before it commits)";
        }
        chosen.add(entry);
        digests.add(mix(digests.get(digests.size() - 1), entry));
        return null;
    }

    /**
     * Node {@code node}'s state machine was replaced by a snapshot through {@code lastIndex} with
     * {@code data}.
     *
     * @return null if the data is the digest of the entries applied through that index, else what is wrong
     */
    String restored(int node, long lastIndex, byte[] data) {
        if (lastIndex > chosen.size()) {
            return "n" + node + " restored a snapshot through index " + lastIndex + ", but no node has applied past "
                    + chosen.size() + ": a snapshot can only hold applied entries";
        }
        byte[] expected = digestThrough(lastIndex);
        if (!Arrays.equals(expected, data)) {
            return "n" + node + " restored a snapshot through index " + lastIndex
                    + " whose contents differ from the entries applied up to there";
        }
        lastApplied[node] = lastIndex;
        return null;
    }

    /** Node {@code node} restarted with an empty state machine. */
    void restarted(int node) {
        lastApplied[node] = 0;
    }

    long lastApplied(int node) {
        return lastApplied[node];
    }

    /** The highest index any node has applied. */
    long highestApplied() {
        return chosen.size();
    }

    /** The entry applied at {@code index}, or null if none has been. */
    Entry chosen(long index) {
        return index >= 1 && index <= chosen.size() ? chosen.get((int) index - 1) : null;
    }

    /** The snapshot data of a state machine that applied the chosen entries 1..lastIndex. */
    byte[] digestThrough(long lastIndex) {
        return encode(lastIndex, digests.get((int) lastIndex));
    }

    static byte[] encode(long lastIndex, long digest) {
        return ByteBuffer.allocate(16).putLong(lastIndex).putLong(digest).array();
    }

    /** A chained 64-bit hash: each step folds in one entry's index, term and command. */
    static long mix(long digest, Entry entry) {
        long h = digest * 0x9E3779B97F4A7C15L + entry.index();
        h = h * 31 + entry.term();
        h = h * 31 + Arrays.hashCode(entry.command());
        return h ^ (h >>> 29);
    }
}
