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
        if (position.fileId() >= 1L << SEGMENT_BITS || position.offset() >= 1L << OFFSET_BITS) {
            throw new IllegalArgumentException(position + " does not fit in the keydir: segment ids must be below 2^"
                    + SEGMENT_BITS + " and offsets below 2^" + OFFSET_BITS);
        }
        return position.fileId() << OFFSET_BITS | position.offset();
    }

    /**
     * Where {@code key} is: its index if the leaf holds it, otherwise {@code -(insertion point) - 1},
     * as {@link Arrays#binarySearch(int[], int)} does.
     */
    int search(byte[] key) {
        int low = 0;
        int high = size - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = Arrays.compareUnsigned(arena, start(mid), ends[mid], key, 0, key.length);
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    /** Inserts {@code key} at index {@code i}, shifting the keys from {@code i} on one place up. */
    void insert(int i, byte[] key, Position position) {
        long location = pack(position);
        int at = start(i);
        int used = size == 0 ? 0 : ends[size - 1];
        if (size == ends.length) {
            int capacity = Math.min(CAPACITY, size + Math.max(4, size / 2));
            ends = Arrays.copyOf(ends, capacity);
            locations = Arrays.copyOf(locations, capacity);
            lengths = Arrays.copyOf(lengths, capacity);
        }
        if (used + key.length > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(used + key.length, arena.length + arena.length / 2 + 16));
        }
        System.arraycopy(arena, at, arena, at + key.length, used - at);
        System.arraycopy(key, 0, arena, at, key.length);
        System.arraycopy(ends, i, ends, i + 1, size - i);
        System.arraycopy(locations, i, locations, i + 1, size - i);
        System.arraycopy(lengths, i, lengths, i + 1, size - i);
        size++;
        ends[i] = at + key.length;
        for (int j = i + 1; j < size; j++) {
            ends[j] += key.length;
        }
        locations[i] = location;
        lengths[i] = position.length();
    }

    /** Removes the key at index {@code i}, shifting the keys after it one place down. */
    void remove(int i) {
        int at = start(i);
        int length = ends[i] - at;
        int used = ends[size - 1];
        System.arraycopy(arena, ends[i], arena, at, used - ends[i]);
        System.arraycopy(ends, i + 1, ends, i, size - i - 1);
        System.arraycopy(locations, i + 1, locations, i, size - i - 1);
        System.arraycopy(lengths, i + 1, lengths, i, size - i - 1);
        size--;
        for (int j = i; j < size; j++) {
            ends[j] -= length;
        }
    }

    /**
     * Moves the upper half of the keys into a new leaf and returns it. Both halves get arrays just
     * large enough for what they hold: a leaf filled in key order (a common load) never grows again,
     * and would otherwise keep half of its arrays empty for good.
     */
    Leaf split() {
        int half = size / 2;
        int from = start(half);
        int used = ends[size - 1];
        Leaf upper = new Leaf(size - half, used - from);
        System.arraycopy(arena, from, upper.arena, 0, used - from);
        for (int j = half; j < size; j++) {
            upper.ends[j - half] = ends[j] - from;
        }
        System.arraycopy(locations, half, upper.locations, 0, size - half);
        System.arraycopy(lengths, half, upper.lengths, 0, size - half);
        upper.size = size - half;
        arena = Arrays.copyOf(arena, from);
        ends = Arrays.copyOf(ends, half);
        locations = Arrays.copyOf(locations, half);
        lengths = Arrays.copyOf(lengths, half);
        size = half;
        return upper;
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
