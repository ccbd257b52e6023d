package dev.fromzero.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * A node's log in memory: the snapshot's last index and term, then the entries after it. Index
 * 0 stands for "before the first entry", with term 0, so the consistency check of the very first
 * entry needs no special case. This class keeps the entries; what goes into them, and when, is
 * the roles' business.
 */
final class RaftLog {

    private Snapshot snapshot;
    private final List<Entry> entries = new ArrayList<>();

    RaftLog(Snapshot snapshot, List<Entry> entries) {
        this.snapshot = snapshot;
        this.entries.addAll(entries);
    }

    Snapshot snapshot() {
        return snapshot;
    }

    long snapshotIndex() {
        return snapshot == null ? 0 : snapshot.lastIndex();
    }

    long snapshotTerm() {
        return snapshot == null ? 0 : snapshot.lastTerm();
    }

    /** The first index whose entry the log still holds (after the snapshot). */
    long firstIndex() {
        return snapshotIndex() + 1;
    }

    long lastIndex() {
        return snapshotIndex() + entries.size();
    }

    long lastTerm() {
        return term(lastIndex());
    }

    /**
     * The term of the entry at {@code index}: 0 for index 0, the snapshot's term for its last
     * index, and -1 if the log does not know it (compacted away, or past the end).
     */
    long term(long index) {
        if (index == snapshotIndex()) {
            return snapshotTerm();
        }
        if (index < snapshotIndex() || index > lastIndex()) {
            return -1;
        }
        return entry(index).term();
    }

    /** The entry at {@code index}, which must be between {@link #firstIndex()} and {@link #lastIndex()}. */
    Entry entry(long index) {
        if (index < firstIndex() || index > lastIndex()) {
            throw new IllegalArgumentException("entry " + index + " is not in the log, which holds " + firstIndex() + ".." + lastIndex());
        }
        return entries.get((int) (index - firstIndex()));
    }

    /** The entries from {@code from} to {@code to}, both included, at most {@code max} of them. */
    List<Entry> slice(long from, long to, int max) {
        long end = Math.min(to, from + max - 1);
        if (from > end) {
            return List.of();
        }
        return List.copyOf(entries.subList((int) (from - firstIndex()), (int) (end - firstIndex() + 1)));
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    /** Appends {@code entry}, which must be the next index. */
    void append(Entry entry) {
        if (entry.index() != lastIndex() + 1) {
            throw new IllegalArgumentException("appending entry " + entry.index() + " to a log that ends at " + lastIndex());
        }
        entries.add(entry);
    }

    /** Drops the entries from {@code index} on, which must be after the snapshot. */
    void truncateFrom(long index) {
        if (index <= snapshotIndex()) {
            throw new IllegalArgumentException("cannot truncate from " + index + ": entries up to " + snapshotIndex() + " are in the snapshot");
        }
        if (index <= lastIndex()) {
            entries.subList((int) (index - firstIndex()), entries.size()).clear();
        }
    }

    /**
     * Makes {@code next} the snapshot. If the log holds the snapshot's last entry (same index and
     * term), the entries after it stay; otherwise they cannot be trusted to follow it, and go.
     */
    void replaceSnapshot(Snapshot next) {
        if (term(next.lastIndex()) == next.lastTerm()) {
            entries.subList(0, (int) (next.lastIndex() - snapshotIndex())).clear();
        } else {
            entries.clear();
        }
        snapshot = next;
    }

    /** The first index of the run of entries of the same term that ends at {@code index}, not before the log's first. */
    long firstIndexOfTerm(long index) {
        long term = term(index);
        long first = index;
        while (first - 1 >= firstIndex() && term(first - 1) == term) {
            first--;
        }
        return first;
    }

    /** The last index at or below {@code index} whose term is {@code term}, or -1 if the log holds none. */
    long lastIndexOfTerm(long term, long index) {
        for (long i = Math.min(index, lastIndex()); i >= snapshotIndex(); i--) {
            long t = term(i);
            if (t == term) {
                return i;
            }
            if (t < term) {
                return -1;
            }
        }
        return -1;
    }
}
