package dev.fromzero.bench;

import java.util.SplittableRandom;

/**
 * The data of chapter 2's benchmarks, the same for every store: {@value #KEYS} distinct random
 * {@value #KEY_BYTES}-byte keys, each with a random {@value #VALUE_BYTES}-byte value, made from a
 * fixed seed so that every run and every store sees the same bytes.
 *
 * <p>The values come from a pool of {@value #DISTINCT_VALUES}: a million distinct values would add
 * 100 MB to the benchmark's own heap and change nothing for a store, which copies what it is
 * given. The pool is large enough that no store can compress a data block by finding a value twice
 * in it (random bytes do not compress otherwise).
 *
 * <p>Each key is its own array, never reused or changed: a store that keeps a reference to the
 * caller's array instead of a copy (H2's MVStore does, until it writes the page) stays correct.
 */
final class Dataset {

    static final int KEYS = 1_000_000;
    static final int KEY_BYTES = 16;
    static final int VALUE_BYTES = 100;
    static final int DISTINCT_VALUES = 1024;
    private static final long SEED = 20_261_127L;

    private final byte[][] keys;
    private final byte[][] values;

    private Dataset(byte[][] keys, byte[][] values) {
        this.keys = keys;
        this.values = values;
    }

    /** Makes the dataset. Random 16-byte keys collide with odds of about 1 in 10^26: none do. */
    static Dataset generate() {
        SplittableRandom random = new SplittableRandom(SEED);
        byte[][] keys = new byte[KEYS][];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = randomBytes(random, KEY_BYTES);
        }
        byte[][] values = new byte[DISTINCT_VALUES][];
        for (int i = 0; i < DISTINCT_VALUES; i++) {
            values[i] = randomBytes(random, VALUE_BYTES);
        }
        return new Dataset(keys, values);
    }

    /** Key number {@code i}, for {@code 0 <= i <} {@value #KEYS}. */
    byte[] key(int i) {
        return keys[i];
    }

    /** The value that goes with key number {@code i}. */
    byte[] value(int i) {
        return values[i % DISTINCT_VALUES];
    }

    static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
