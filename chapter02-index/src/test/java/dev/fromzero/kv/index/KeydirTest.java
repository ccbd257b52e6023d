package dev.fromzero.kv.index;

import static dev.fromzero.kv.index.StoreFixtures.bytes;
import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.log.Position;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Seeded
@Step(chapter = 2, number = 1, title = "The keydir", guide = "docs/chapter02-index.md#step-1-the-keydir")
@Hint("The keydir is a sorted map from key to position, compared as unsigned bytes (Arrays.compareUnsigned): "
        + "get it right with small leaves first, then make sure splits and emptied leaves keep every key reachable.")
class KeydirTest {

    private static Position at(long segment, long offset, int length) {
        return new Position(segment, offset, length);
    }

    private static String show(byte[] key) {
        return key == null ? "null" : "0x" + HexFormat.of().formatHex(key);
    }

    @Test
    @Points(2)
    @DisplayName("get returns the latest position put for a key, and put returns the one it replaced")
    void getReturnsTheLatestPosition() {
        Keydir keydir = new Keydir();
        assertThat(keydir.get(bytes("a"))).as("an empty keydir knows no key").isNull();
        assertThat(keydir.put(bytes("a"), at(1, 0, 20))).as("a new key replaces nothing").isNull();
        assertThat(keydir.put(bytes("b"), at(1, 20, 30))).as("a second new key replaces nothing either").isNull();
        assertThat(keydir.get(bytes("a"))).as("get(a) after put(a) and put(b)").isEqualTo(at(1, 0, 20));
        assertThat(keydir.put(bytes("a"), at(2, 40, 25)))
                .as("put of an existing key returns the position it replaces: the store counts those bytes as dead")
                .isEqualTo(at(1, 0, 20));
        assertThat(keydir.get(bytes("a"))).as("the latest put wins").isEqualTo(at(2, 40, 25));
        assertThat(keydir.get(bytes("b"))).as("b keeps its position while a is put again").isEqualTo(at(1, 20, 30));
        assertThat(keydir.get(bytes("c"))).as("a key never put").isNull();
        assertThat(keydir.get(new byte[0])).as("the empty key is a key like any other, and absent here").isNull();
        assertThat(keydir.size()).as("two keys, however often they were put").isEqualTo(2);
    }

    @Test
    @DisplayName("remove forgets a key and returns its position, or null if the key was not there")
    void removeForgetsTheKey() {
        Keydir keydir = new Keydir();
        keydir.put(bytes("a"), at(1, 0, 20));
        keydir.put(bytes("b"), at(1, 20, 20));
        assertThat(keydir.remove(bytes("a"))).as("remove returns the position it forgets").isEqualTo(at(1, 0, 20));
        assertThat(keydir.get(bytes("a"))).as("a removed key is gone").isNull();
        assertThat(keydir.remove(bytes("a"))).as("removing it again finds nothing").isNull();
        assertThat(keydir.remove(bytes("zzz"))).as("removing a key never put finds nothing").isNull();
        assertThat(keydir.size()).as("size after removing one of two keys").isEqualTo(1);
        assertThat(keydir.get(bytes("b"))).as("other keys stay").isEqualTo(at(1, 20, 20));
    }

    @Test
    @Points(2)
    @DisplayName("keys are ordered as unsigned bytes, and ceiling, higher, floor, lower, first and last follow that order")
    @Hint("Java's byte is signed: (byte) 0x80 < (byte) 0x7f. Compare with Arrays.compareUnsigned, and remember that a "
            + "key comes before every longer key it is a prefix of.")
    void navigationFollowsUnsignedOrder() {
        Keydir keydir = new Keydir();
        List<byte[]> ordered = List.of(new byte[0], new byte[] {0}, bytes("a"), bytes("ab"), bytes("b"),
                new byte[] {0x7f}, new byte[] {(byte) 0x80}, new byte[] {(byte) 0xff}, new byte[] {(byte) 0xff, 0});
        for (int i = ordered.size() - 1; i >= 0; i--) {
            keydir.put(ordered.get(i), at(1, i * 10L, 10));
        }
        assertThat(keydir.first().key()).as("the least key is the empty one").isEqualTo(new byte[0]);
        assertThat(keydir.last().key()).as("the greatest key is 0xff00").isEqualTo(new byte[] {(byte) 0xff, 0});
        for (int i = 0; i < ordered.size(); i++) {
            byte[] key = ordered.get(i);
            byte[] before = i > 0 ? ordered.get(i - 1) : null;
            byte[] after = i + 1 < ordered.size() ? ordered.get(i + 1) : null;
            assertThat(keydir.ceiling(key).key()).as("ceiling(%s) is the key itself", show(key)).isEqualTo(key);
            assertThat(keydir.floor(key).key()).as("floor(%s) is the key itself", show(key)).isEqualTo(key);
            assertThat(keydir.ceiling(key).position()).as("with its position").isEqualTo(at(1, i * 10L, 10));
            assertThat(key(keydir.higher(key))).as("higher(%s), in unsigned byte order", show(key)).isEqualTo(after);
            assertThat(key(keydir.lower(key))).as("lower(%s), in unsigned byte order", show(key)).isEqualTo(before);
        }
        assertThat(key(keydir.ceiling(bytes("aa")))).as("ceiling of an absent key is the next one").isEqualTo(bytes("ab"));
        assertThat(key(keydir.floor(bytes("aa")))).as("floor of an absent key is the one before").isEqualTo(bytes("a"));
        assertThat(key(keydir.ceiling(new byte[] {(byte) 0xff, 1}))).as("nothing is above the last key").isNull();
        Keydir empty = new Keydir();
        assertThat(empty.first()).as("an empty keydir has no first entry").isNull();
        assertThat(empty.last()).as("an empty keydir has no last entry").isNull();
        assertThat(empty.floor(bytes("x"))).as("an empty keydir has no floor of any key").isNull();
    }

    @Test
    @Points(3)
    @DisplayName("under tens of thousands of random puts and removes, the keydir answers exactly as a sorted map does")
    @Hint("This drives leaves through many splits and empties. Check that a split enters the upper half under its "
            + "first key, that a search falls back to the next or previous leaf at a leaf's edge, and that an emptied "
            + "leaf does not hide the keys after it.")
    void behavesLikeASortedMap(Seed seed) {
        Random random = seed.random();
        Keydir keydir = new Keydir();
        TreeMap<byte[], Position> model = new TreeMap<>(Arrays::compareUnsigned);
        Function<Random, byte[]> keys = r -> {
            byte[] key = new byte[r.nextInt(5)];
            for (int i = 0; i < key.length; i++) {
                key[i] = (byte) (r.nextInt(6) * 51);
            }
            return key;
        };
        for (int round = 0; round < 40_000; round++) {
            byte[] key = keys.apply(random);
            // Phases of mostly-puts and mostly-removes grow and shrink the keydir.
            boolean growing = (round / 5_000) % 2 == 0;
            if (random.nextInt(10) < (growing ? 8 : 2)) {
                Position position = at(random.nextInt(1 << 24), random.nextLong() & ((1L << 40) - 1), 1 + random.nextInt(1 << 20));
                assertThat(keydir.put(key, position)).as("round %d: put(%s) returns the replaced position", round, show(key))
                        .isEqualTo(model.put(key, position));
            } else {
                assertThat(keydir.remove(key)).as("round %d: remove(%s)", round, show(key)).isEqualTo(model.remove(key));
            }
            if (round % 1_000 == 999) {
                checkAgainst(model, keydir, random, round);
            }
        }
        for (byte[] key : List.copyOf(model.keySet())) {
            assertThat(keydir.remove(key)).as("emptying the keydir: remove(%s)", show(key)).isEqualTo(model.remove(key));
        }
        checkAgainst(model, keydir, random, 40_000);
    }

    private static void checkAgainst(TreeMap<byte[], Position> model, Keydir keydir, Random random, int round) {
        assertThat(keydir.size()).as("after round %d, the number of keys", round).isEqualTo(model.size());
        List<Map.Entry<byte[], Position>> expected = List.copyOf(model.entrySet());
        Keydir.Entry entry = keydir.first();
        for (Map.Entry<byte[], Position> e : expected) {
            assertThat(entry).as("after round %d, walking up with higher() must reach %s", round, show(e.getKey())).isNotNull();
            assertThat(entry.key()).as("after round %d, the next key upwards", round).isEqualTo(e.getKey());
            assertThat(entry.position()).as("after round %d, the position of %s", round, show(e.getKey()))
                    .isEqualTo(e.getValue());
            entry = keydir.higher(entry.key());
        }
        assertThat(entry).as("after round %d, nothing is after the last key", round).isNull();
        entry = keydir.last();
        for (int i = expected.size() - 1; i >= 0; i--) {
            assertThat(entry).as("after round %d, walking down with lower() must reach %s", round,
                    show(expected.get(i).getKey())).isNotNull();
            assertThat(entry.key()).as("after round %d, the next key downwards", round).isEqualTo(expected.get(i).getKey());
            entry = keydir.lower(entry.key());
        }
        assertThat(entry).as("after round %d, nothing is before the first key", round).isNull();
        for (int probe = 0; probe < 200; probe++) {
            byte[] key = new byte[random.nextInt(5)];
            random.nextBytes(key);
            assertThat(keydir.get(key)).as("after round %d, get(%s)", round, show(key)).isEqualTo(model.get(key));
            assertThat(key(keydir.ceiling(key))).as("after round %d, ceiling(%s)", round, show(key)).isEqualTo(model.ceilingKey(key));
            assertThat(key(keydir.higher(key))).as("after round %d, higher(%s)", round, show(key)).isEqualTo(model.higherKey(key));
            assertThat(key(keydir.floor(key))).as("after round %d, floor(%s)", round, show(key)).isEqualTo(model.floorKey(key));
            assertThat(key(keydir.lower(key))).as("after round %d, lower(%s)", round, show(key)).isEqualTo(model.lowerKey(key));
        }
    }

    @Test
    @DisplayName("positions round-trip exactly up to segment 2^24 - 1 and offset 2^40 - 1, and larger ones are refused")
    void positionsRoundTripExactly() {
        Keydir keydir = new Keydir();
        Position largest = at((1L << 24) - 1, (1L << 40) - 1, Integer.MAX_VALUE);
        keydir.put(bytes("largest"), largest);
        keydir.put(bytes("smallest"), at(0, 0, 1));
        assertThat(keydir.get(bytes("largest"))).as("the largest position that fits comes back unchanged").isEqualTo(largest);
        assertThat(keydir.get(bytes("smallest"))).as("the smallest position comes back unchanged").isEqualTo(at(0, 0, 1));
        assertThrown(IllegalArgumentException.class, () -> keydir.put(bytes("x"), at(1L << 24, 0, 1)),
                "a segment id of 2^24 does not fit in 24 bits: refuse it rather than store a wrong position");
        assertThrown(IllegalArgumentException.class, () -> keydir.put(bytes("largest"), at(1, 1L << 40, 1)),
                "an offset of 2^40 does not fit in 40 bits");
        assertThat(keydir.get(bytes("largest"))).as("a refused put changes nothing").isEqualTo(largest);
        assertThat(keydir.get(bytes("x"))).as("a refused put adds nothing").isNull();
        assertThat(keydir.size()).as("the two refused puts added no key").isEqualTo(2);
    }

    @Test
    @DisplayName("the keydir copies keys: changing an array after a put, or one it returned, changes nothing")
    void keysAreCopied() {
        Keydir keydir = new Keydir();
        byte[] key = bytes("key");
        keydir.put(key, at(1, 0, 10));
        key[0] = 'X';
        assertThat(keydir.get(bytes("key"))).as("the keydir must keep its own copy of the key").isEqualTo(at(1, 0, 10));
        keydir.first().key()[0] = 'Y';
        assertThat(keydir.first().key()).as("first() must return a copy").isEqualTo(bytes("key"));
    }

    @Test
    @Points(2)
    @DisplayName("keys of every size up to the 64 KiB limit go into an empty, a nearly full, a full and a freshly split leaf, and come back")
    @Hint("A 64 KiB key is larger than anything a leaf has held before: does the room you make for a key depend on "
            + "how much the leaf already has, and does a split copy every byte of a long key? Lengths and offsets of "
            + "key bytes need more than 16 bits: 65,536 does not fit in a short or a char.")
    void keysOfEverySizeIntoEveryLeaf() {
        int[] sizes = {0, 1, 2, 127, 128, 255, 256, 4095, 4096, 4097, 32767, 32768, 32769, 65535, 65536};
        int[] fills = {0, Leaf.CAPACITY - 1, Leaf.CAPACITY, Leaf.CAPACITY + 1};
        for (int size : sizes) {
            for (int fill : fills) {
                Keydir keydir = new Keydir();
                TreeMap<byte[], Position> model = new TreeMap<>(Arrays::compareUnsigned);
                for (int i = 0; i < fill; i++) {
                    byte[] small = bytes("k%05d".formatted(i * 10));
                    keydir.put(small, at(1, i * 100L, 100));
                    model.put(small, at(1, i * 100L, 100));
                }
                String where = "%d-byte keys put into a keydir of %d short keys (%s)".formatted(size, fill,
                        fill == 0 ? "an empty leaf" : fill < Leaf.CAPACITY ? "a nearly full leaf"
                                : fill == Leaf.CAPACITY ? "a full leaf, which must split" : "a freshly split leaf");
                List<byte[]> longKeys = longKeys(size, fill);
                for (int i = 0; i < longKeys.size(); i++) {
                    Position position = at(2 + i, size, size + 10);
                    assertThat(keydir.put(longKeys.get(i), position))
                            .as("%s: put of a new %d-byte key returns null", where, longKeys.get(i).length).isNull();
                    model.put(longKeys.get(i), position);
                }
                sameAs(model, keydir, where);
                for (int i = 0; i < longKeys.size(); i += 2) {
                    assertThat(keydir.remove(longKeys.get(i)))
                            .as("%s: remove of a %d-byte key returns its position", where, longKeys.get(i).length)
                            .isEqualTo(model.remove(longKeys.get(i)));
                }
                sameAs(model, keydir, where + ", then every other one removed");
            }
        }
    }

    /**
     * Keys of exactly {@code size} bytes (or fewer, for the tiny sizes) that sort before, among
     * and after the short keys "k00000".., including pairs that differ only in their last byte.
     */
    private static List<byte[]> longKeys(int size, int fill) {
        List<byte[]> keys = new ArrayList<>();
        byte[] low = new byte[size];
        keys.add(low);
        if (size == 0) {
            return keys;
        }
        byte[] high = new byte[size];
        Arrays.fill(high, (byte) 0xff);
        keys.add(high);
        byte[] middle = new byte[size];
        byte[] prefix = bytes("k%05d".formatted(fill / 2 * 10));
        System.arraycopy(prefix, 0, middle, 0, Math.min(prefix.length, size));
        for (int i = prefix.length; i < size; i++) {
            middle[i] = (byte) (i * 31 + 7);
        }
        keys.add(middle);
        byte[] twin = middle.clone();
        twin[size - 1] ^= (byte) 0x80;
        if (!Arrays.equals(twin, middle) && !Arrays.equals(twin, low) && !Arrays.equals(twin, high)) {
            keys.add(twin);
        }
        byte[] lowTwin = low.clone();
        lowTwin[size - 1] = 1;
        keys.add(lowTwin);
        return keys;
    }

    /** The keydir holds exactly the model's entries, in order both ways, and finds each by get and ceiling. */
    private static void sameAs(TreeMap<byte[], Position> model, Keydir keydir, String where) {
        assertThat(keydir.size()).as("%s: the number of keys", where).isEqualTo(model.size());
        for (Map.Entry<byte[], Position> e : model.entrySet()) {
            byte[] key = e.getKey();
            assertThat(keydir.get(key)).as("%s: get of the %d-byte key starting %s", where, key.length, head(key))
                    .isEqualTo(e.getValue());
            Keydir.Entry ceiling = keydir.ceiling(key);
            assertThat(ceiling).as("%s: ceiling of the %d-byte key starting %s", where, key.length, head(key)).isNotNull();
            assertThat(Arrays.equals(ceiling.key(), key))
                    .as("%s: ceiling(key) of a key that is there must return that key, all %d of its bytes", where, key.length)
                    .isTrue();
        }
        Keydir.Entry entry = keydir.first();
        for (byte[] key : model.keySet()) {
            assertThat(entry).as("%s: walking up with higher() must reach the %d-byte key starting %s", where, key.length,
                    head(key)).isNotNull();
            assertThat(Arrays.equals(entry.key(), key))
                    .as("%s: walking up, the next key must be the %d-byte one starting %s, not a %d-byte one starting %s",
                            where, key.length, head(key), entry.key().length, head(entry.key()))
                    .isTrue();
            entry = keydir.higher(entry.key());
        }
        assertThat(entry).as("%s: nothing after the last key", where).isNull();
        entry = keydir.last();
        for (byte[] key : model.descendingKeySet()) {
            assertThat(entry).as("%s: walking down with lower() must reach the %d-byte key starting %s", where, key.length,
                    head(key)).isNotNull();
            assertThat(Arrays.equals(entry.key(), key))
                    .as("%s: walking down, the next key must be the %d-byte one starting %s", where, key.length, head(key))
                    .isTrue();
            entry = keydir.lower(entry.key());
        }
        assertThat(entry).as("%s: nothing before the first key", where).isNull();
    }

    private static String head(byte[] key) {
        return show(Arrays.copyOf(key, Math.min(8, key.length))) + (key.length > 8 ? "..." : "");
    }

    private static byte[] key(Keydir.Entry entry) {
        return entry == null ? null : entry.key();
    }
}
