package dev.fromzero.kv.index;

import dev.fromzero.kv.log.Position;
import java.util.Arrays;

/**
 * One leaf of the {@link Keydir}: up to {@link #CAPACITY} keys in ascending order, with the
 * position of each key's latest record, packed into four arrays instead of an object per key.
 *
 * <pre>
 *   arena      | key 0 bytes | key 1 bytes | key 2 bytes | ... free ... |
 *   ends       | end of 0    | end of 1    | end of 2    |   key i is arena[ends[i-1] .. ends[i])
 *   locations  | segment id << 40 | offset  (one long per key)
 *   lengths    | record length            (one int per key)
 * </pre>
 *
 * A key costs its bytes plus 16 bytes (an int, a long, an int), where a {@code TreeMap} entry with
 * a {@code byte[]} key and a {@code Position} value costs about 100. Inserting in the middle
 * shifts the bytes and entries after it: at most a few kilobytes, which is cheap next to the
 * cache misses a pointer-based tree pays.
 */
final class Leaf {

    /** The most keys a leaf holds; a full leaf splits in two. */
    static final int CAPACITY = 128;

    static final int SEGMENT_BITS = 24;
    static final int OFFSET_BITS = 40;

    private byte[] arena;
    private int[] ends;
    private long[] locations;
    private int[] lengths;
    private int size;

    Leaf(int capacity, int arenaBytes) {
        arena = new byte[arenaBytes];
        ends = new int[capacity];
        locations = new long[capacity];
        lengths = new int[capacity];
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size == CAPACITY;
    }

    /** A copy of key {@code i}. */
    byte[] key(int i) {
        return Arrays.copyOfRange(arena, start(i), ends[i]);
    }

    Position position(int i) {
        long location = locations[i];
        return new Position(location >>> OFFSET_BITS, location & ((1L << OFFSET_BITS) - 1), lengths[i]);
    }

    void setPosition(int i, Position position) {
        locations[i] = pack(position);
        lengths[i] = position.length();
    }

    /** The packed form of a position's segment and offset. */
    static long pack(Position position) {
        throw new UnsupportedOperationException("TODO(chapter02): Pack the segment id into the top 24 bits and the offset into the low 40, refusing what does not fit (docs/chapter02-index.md#step-1-the-keydir)");
    }

    /**
     * Where {@code key} is: its index if the leaf holds it, otherwise {@code -(insertion point) - 1},
     * as {@link Arrays#binarySearch(int[], int)} does.
     */
    int search(byte[] key) {
        throw new UnsupportedOperationException("TODO(chapter02): Binary search of the keys, compared as unsigned bytes (docs/chapter02-index.md#step-1-the-keydir)");
    }

    /** Inserts {@code key} at index {@code i}, shifting the keys from {@code i} on one place up. */
    void insert(int i, byte[] key, Position position) {
        throw new UnsupportedOperationException("TODO(chapter02): Make room (grow the arrays if needed), shift the entries and key bytes from i on, copy the key in (docs/chapter02-index.md#step-1-the-keydir)");
    }

    /** Removes the key at index {@code i}, shifting the keys after it one place down. */
    void remove(int i) {
        throw new UnsupportedOperationException("TODO(chapter02): Shift the entries and key bytes after i down over it (docs/chapter02-index.md#step-1-the-keydir)");
    }

    /**
     * Moves the upper half of the keys into a new leaf and returns it. Both halves get arrays just
     * large enough for what they hold: a leaf filled in key order (a common load) never grows again,
     * and would otherwise keep half of its arrays empty for good.
     */
    Leaf split() {
        throw new UnsupportedOperationException("TODO(chapter02): Copy the upper half into a new leaf, then shrink this one to the lower half (docs/chapter02-index.md#step-1-the-keydir)");
    }

    /** Bytes of the heap this leaf takes: its arrays and object headers (for {@link Keydir#memoryBytes()}). */
    long memoryBytes() {
        return 16 + 4 * 8 + array(arena.length) + array(4L * ends.length) + array(8L * locations.length)
                + array(4L * lengths.length);
    }

    private static long array(long bytes) {
        return (16 + bytes + 7) / 8 * 8;
    }

    private int start(int i) {
        return i == 0 ? 0 : ends[i - 1];
    }
}
