package dev.fromzero.kv.index;

import dev.fromzero.kv.log.Position;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keydir: for every live key, the {@link Position} of its latest record (segment, offset,
 * length), in key order. Bitcask keeps every key in memory so that a read costs one disk read at
 * most and a write no read at all; the price is memory, so the entry per key is kept compact.
 *
 * <p>The structure is a two-level B+-tree. The keys live in {@link Leaf}s of up to 128 entries
 * each, packed into arrays (about 16 bytes per key beside the key's own bytes). A
 * {@code TreeMap} finds a key's leaf: it maps each leaf's <em>separator</em>, a lower bound of the
 * leaf's keys, to the leaf. The first leaf's separator is the empty key, below every other, so
 * every key has a leaf: the one with the greatest separator not above it. A full leaf splits in
 * two, and its upper half is entered under its first key; an empty leaf (but the first) is
 * dropped, and its range falls to the leaf before it.
 *
 * <p>Keys compare as unsigned bytes ({@link Arrays#compareUnsigned(byte[], byte[])}). The keydir
 * copies the keys it is given and returns copies. A position must have a segment id below 2^24
 * and an offset below 2^40.
 *
 * <p>Not thread-safe: concurrent readers are safe only while nothing writes, so the store guards
 * the keydir with a read-write lock.
 */
public final class Keydir {

    /** A key and its position, as the navigation methods return them. */
    public record Entry(byte[] key, Position position) {
    }

    private static final byte[] LOWEST = new byte[0];

    private final TreeMap<byte[], Leaf> leaves = new TreeMap<>(Arrays::compareUnsigned);
    private long size;

    public Keydir() {
        leaves.put(LOWEST, new Leaf(8, 64));
    }

    /** How many keys the keydir holds. */
    public long size() {
        return size;
    }

    /** The position of {@code key}'s latest record, or {@code null} if the key is not here. */
    public Position get(byte[] key) {
        Leaf leaf = leafFor(key).getValue();
        int i = leaf.search(key);
        return i >= 0 ? leaf.position(i) : null;
    }

    /**
     * Sets {@code key}'s position, and returns the one it replaces, or {@code null} if the key is
     * new. The store needs the old position to count the replaced record's bytes as dead.
     *
     * @throws IllegalArgumentException if the position's segment or offset does not fit
     */
    public Position put(byte[] key, Position position) {
        Map.Entry<byte[], Leaf> entry = leafFor(key);
        Leaf leaf = entry.getValue();
        int i = leaf.search(key);
        if (i >= 0) {
            Position old = leaf.position(i);
            leaf.setPosition(i, position);
            return old;
        }
        Leaf.pack(position);
        if (leaf.isFull()) {
            Leaf upper = leaf.split();
            byte[] separator = upper.key(0);
            leaves.put(separator, upper);
            if (Arrays.compareUnsigned(key, separator) >= 0) {
                leaf = upper;
            }
            i = leaf.search(key);
        }
        leaf.insert(-i - 1, key, position);
        size++;
        return null;
    }

    /** Removes {@code key}, and returns its position, or {@code null} if it was not here. */
    public Position remove(byte[] key) {
        Map.Entry<byte[], Leaf> entry = leafFor(key);
        Leaf leaf = entry.getValue();
        int i = leaf.search(key);
        if (i < 0) {
            return null;
        }
        Position old = leaf.position(i);
        leaf.remove(i);
        size--;
        if (leaf.size() == 0 && entry.getKey() != LOWEST) {
            leaves.remove(entry.getKey());
        }
        return old;
    }

    /** The entry of the least key at or above {@code key}, or {@code null} if there is none. */
    public Entry ceiling(byte[] key) {
        return after(key, true);
    }

    /** The entry of the least key strictly above {@code key}, or {@code null} if there is none. */
    public Entry higher(byte[] key) {
        return after(key, false);
    }

    /** The entry of the greatest key at or below {@code key}, or {@code null} if there is none. */
    public Entry floor(byte[] key) {
        return before(key, true);
    }

    /** The entry of the greatest key strictly below {@code key}, or {@code null} if there is none. */
    public Entry lower(byte[] key) {
        return before(key, false);
    }

    /** The entry of the least key, or {@code null} if the keydir is empty. */
    public Entry first() {
        return ceiling(LOWEST);
    }

    /** The entry of the greatest key, or {@code null} if the keydir is empty. */
    public Entry last() {
        for (Leaf leaf : leaves.descendingMap().values()) {
            if (leaf.size() > 0) {
                return new Entry(leaf.key(leaf.size() - 1), leaf.position(leaf.size() - 1));
            }
        }
        return null;
    }

    /**
     * An estimate of the heap the keydir takes, in bytes: leaves, key bytes and the tree of
     * separators, from the array and object sizes of a 64-bit JVM with compressed pointers.
     */
    public long memoryBytes() {
        long bytes = 64;
        for (Map.Entry<byte[], Leaf> entry : leaves.entrySet()) {
            bytes += 40 + (16 + entry.getKey().length + 7) / 8 * 8 + entry.getValue().memoryBytes();
        }
        return bytes;
    }

    /** The ceiling ({@code inclusive}) or higher entry of {@code key}. */
    private Entry after(byte[] key, boolean inclusive) {
        Map.Entry<byte[], Leaf> entry = leafFor(key);
        Leaf leaf = entry.getValue();
        int i = leaf.search(key);
        int at = i >= 0 ? (inclusive ? i : i + 1) : -i - 1;
        if (at < leaf.size()) {
            return new Entry(leaf.key(at), leaf.position(at));
        }
        Map.Entry<byte[], Leaf> next = leaves.higherEntry(entry.getKey());
        return next == null ? null : new Entry(next.getValue().key(0), next.getValue().position(0));
    }

    /** The floor ({@code inclusive}) or lower entry of {@code key}. */
    private Entry before(byte[] key, boolean inclusive) {
        Map.Entry<byte[], Leaf> entry = leafFor(key);
        while (entry != null) {
            Leaf leaf = entry.getValue();
            int i = leaf.search(key);
            int at = i >= 0 ? (inclusive ? i : i - 1) : -i - 2;
            if (at >= 0) {
                return new Entry(leaf.key(at), leaf.position(at));
            }
            entry = leaves.lowerEntry(entry.getKey());
        }
        return null;
    }

    /** The leaf that holds {@code key} if any does: the one with the greatest separator at or below it. */
    private Map.Entry<byte[], Leaf> leafFor(byte[] key) {
        return leaves.floorEntry(key);
    }
}
