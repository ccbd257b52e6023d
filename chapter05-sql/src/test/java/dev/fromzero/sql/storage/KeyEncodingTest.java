package dev.fromzero.sql.storage;

import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * The key encoding: unsigned byte order of the encodings is the order of the values, for each
 * type and for lists of values, and a key decodes back to its values. Exact bytes are not
 * checked: any encoding with these properties passes.
 */
@Seeded
@Step(chapter = 5, number = 4, title = "Keys and rows", guide = "docs/chapter05-sql.md#step-4-keys-and-rows")
@Hint("The store sorts keys as unsigned bytes, most significant first. Write every number big-endian, and fix up the "
        + "bits whose unsigned order is not the value's order: the sign of an integer, and for a float the sign and, "
        + "when negative, every other bit too. Text needs an end marker that sorts before every byte, so a zero byte "
        + "inside the text must be escaped.")
class KeyEncodingTest {

    private static final int EXAMPLES = 2_000;

    @Test
    @Points(2)
    @DisplayName("integers of either sign sort as their encodings do, and decode back")
    @Hint("In two's complement a negative number starts with a 1 bit, so unsigned it sorts after every positive one. "
            + "Flip the sign bit.")
    void integersSortAsTheirBytes(Seed seed) {
        seed.theory(EXAMPLES).forAll(ValueGen.longs(), ValueGen.longs()).checkAssert((a, b) ->
                assertSameOrder(Value.of(a), Value.of(b)));
        assertSortedList(List.of(Value.of(Long.MIN_VALUE), Value.of(-65_536L), Value.of(-256L), Value.of(-1L),
                Value.of(0L), Value.of(1L), Value.of(255L), Value.of(256L), Value.of(Long.MAX_VALUE)));
    }

    @Test
    @Points(2)
    @DisplayName("floats sort as their encodings do: negatives before positives, -0.0 equal to 0.0, NaN last and equal to itself")
    @Hint("A positive double's bits already sort as the double: flip only the sign bit. A negative double's bits sort "
            + "backwards (-1.0 has larger bits than -0.5): flip all of them. Turn -0.0 into 0.0 first, and every NaN "
            + "into one NaN.")
    void floatsSortAsTheirBytes(Seed seed) {
        seed.theory(EXAMPLES).forAll(ValueGen.doubles(), ValueGen.doubles()).checkAssert((a, b) ->
                assertSameOrder(Value.of(a), Value.of(b)));
        assertSortedList(List.of(Value.of(Double.NEGATIVE_INFINITY), Value.of(-Double.MAX_VALUE), Value.of(-1.5),
                Value.of(-1.0), Value.of(-0.5), Value.of(-Double.MIN_VALUE), Value.of(0.0), Value.of(Double.MIN_VALUE),
                Value.of(0.5), Value.of(1.0), Value.of(Double.MAX_VALUE), Value.of(Double.POSITIVE_INFINITY),
                Value.of(Double.NaN)));
        assertThat(KeyCodec.encode(Value.of(-0.0)))
                .as("-0.0 = 0.0 in SQL, so their keys must be equal: a primary key 0.0 and -0.0 would be two rows")
                .isEqualTo(KeyCodec.encode(Value.of(0.0)));
        assertThat(KeyCodec.encode(Value.of(Double.longBitsToDouble(0x7ff0_0000_0000_0001L))))
                .as("every NaN must encode as the one NaN (here a NaN with other payload bits than Double.NaN)")
                .isEqualTo(KeyCodec.encode(Value.of(Double.NaN)));
    }

    @Test
    @Points(2)
    @DisplayName("text sorts by code point, zero bytes and characters beyond U+FFFF included, and decodes back")
    @Hint("UTF-8 bytes already sort by code point. The end of the text must sort before any byte that can follow, "
            + "and a zero byte inside the text must not look like the end: escape it (e.g. 00 as 00 ff, end as 00 00).")
    void textSortsByCodePoint(Seed seed) {
        seed.theory(EXAMPLES).forAll(ValueGen.texts(), ValueGen.texts()).checkAssert((a, b) ->
                assertSameOrder(Value.of(a), Value.of(b)));
        assertSortedList(List.of(Value.of(""), Value.of("\0"), Value.of("\0\0"), Value.of("\0\1"), Value.of("\1"),
                Value.of("a"), Value.of("a\0"), Value.of("a\0\0"), Value.of("a\0b"), Value.of("a\1"), Value.of("ab"),
                Value.of("b"), Value.of("\u00ff"), Value.of("\uffff"), Value.of(new String(Character.toChars(0x10000)))));
    }

    @Test
    @Points(1)
    @DisplayName("NULL sorts before every value of every type, and FALSE before TRUE")
    void nullFirstAndFalseBeforeTrue(Seed seed) {
        assertSortedList(List.of(Value.NULL, Value.of(false), Value.of(true)));
        seed.theory(500).forAll(ValueGen.types().flatMap(type -> ValueGen.of(type, 1_000_000))).checkAssert(value ->
                assertSameOrder(Value.NULL, value));
    }

    @Test
    @Points(2)
    @DisplayName("every value decodes back from its key, alone and in a list (-0.0 as 0.0)")
    void everyValueRoundTrips(Seed seed) {
        seed.theory(EXAMPLES).forAll(ValueGen.any()).checkAssert(value ->
                assertThat(KeyCodec.decode(KeyCodec.encode(value)))
                        .as("decode(encode(%s)), encoded as %s", value, hex(KeyCodec.encode(value)))
                        .containsExactly(ValueGen.asKeyDecodes(value)));
        seed.theory(500).forAll(SourceDSL.lists().of(ValueGen.any()).ofSizeBetween(0, 6)).checkAssert(values -> {
            byte[] key = KeyCodec.encode(values);
            assertThat(KeyCodec.decode(key))
                    .as("decode(encode(%s)), encoded as %s: a list of values must decode to the same list", values, hex(key))
                    .isEqualTo(values.stream().map(ValueGen::asKeyDecodes).toList());
        });
    }

    @Test
    @Points(2)
    @DisplayName("lists of values sort lexicographically: by their first value, then the next, a list before its extensions")
    @Hint("If every value's encoding is self-delimiting (none is the prefix of another), a list is the concatenation "
            + "of its values' encodings and sorts correctly by itself. An unterminated or unescaped text breaks this.")
    void listsSortLexicographically(Seed seed) {
        Gen<List<DataType>> shapes = SourceDSL.lists().of(ValueGen.types()).ofSizeBetween(1, 3);
        seed.theory(EXAMPLES).forAll(shapes.flatMap(types -> ValueGen.tuple(types).zip(ValueGen.tuple(types), List::of)))
                .checkAssert(pair -> assertSameListOrder(pair.get(0), pair.get(1)));
        List<List<Value>> sorted = List.of(
                List.of(),
                List.of(Value.of("a")),
                List.of(Value.of("a"), Value.of(-5L)),
                List.of(Value.of("a"), Value.of(2L)),
                List.of(Value.of("a"), Value.of(2L), Value.NULL),
                List.of(Value.of("a"), Value.of(2L), Value.of(true)),
                List.of(Value.of("a\0"), Value.of(Long.MIN_VALUE)),
                List.of(Value.of("a\0b"), Value.of(0L)),
                List.of(Value.of("ab"), Value.of(Long.MIN_VALUE)),
                List.of(Value.of("b")));
        for (int i = 0; i + 1 < sorted.size(); i++) {
            assertSameListOrder(sorted.get(i), sorted.get(i + 1));
            assertThat(KeyCodec.decode(KeyCodec.encode(sorted.get(i + 1))))
                    .as("the list %s must decode back", sorted.get(i + 1)).isEqualTo(sorted.get(i + 1));
        }
    }

    @Test
    @Points(1)
    @DisplayName("a key cut short inside a value, or with an unknown type, is refused with IllegalArgumentException")
    void malformedKeysAreRefused(Seed seed) {
        seed.theory(500).forAll(ValueGen.any()).checkAssert(value -> {
            byte[] key = KeyCodec.encode(value);
            for (int length = 1; length < key.length; length++) {
                byte[] cut = Arrays.copyOf(key, length);
                assertThrown(IllegalArgumentException.class, () -> KeyCodec.decode(cut),
                        "decoding the first %d of the %d bytes of the key of %s (%s) must fail: the value is cut short",
                        length, key.length, value, hex(key));
            }
        });
    }

    private static void assertSameOrder(Value a, Value b) {
        byte[] ka = KeyCodec.encode(a);
        byte[] kb = KeyCodec.encode(b);
        assertThat(Integer.signum(Arrays.compareUnsigned(ka, kb)))
                .as("%s is %s %s, so its key %s must sort %s the key %s of %s (unsigned byte order)", a,
                        relation(ValueGen.compare(a, b)), b, hex(ka), placement(ValueGen.compare(a, b)), hex(kb), b)
                .isEqualTo(Integer.signum(ValueGen.compare(a, b)));
        assertThat(KeyCodec.decode(ka)).as("decode(encode(%s)), encoded as %s", a, hex(ka))
                .containsExactly(ValueGen.asKeyDecodes(a));
    }

    private static void assertSameListOrder(List<Value> a, List<Value> b) {
        byte[] ka = KeyCodec.encode(a);
        byte[] kb = KeyCodec.encode(b);
        int expected = ValueGen.compare(a, b);
        assertThat(Integer.signum(Arrays.compareUnsigned(ka, kb)))
                .as("the list %s is %s %s, so its key %s must sort %s the key %s (unsigned byte order)", a,
                        relation(expected), b, hex(ka), placement(expected), hex(kb))
                .isEqualTo(Integer.signum(expected));
    }

    /** Checks every pair of a list given in ascending order, the equal neighbours included. */
    private static void assertSortedList(List<Value> ascending) {
        List<Value> values = new ArrayList<>(ascending);
        for (int i = 0; i < values.size(); i++) {
            for (int j = 0; j < values.size(); j++) {
                assertSameOrder(values.get(i), values.get(j));
            }
        }
    }

    private static String relation(int comparison) {
        return comparison < 0 ? "less than" : comparison > 0 ? "greater than" : "equal to";
    }

    private static String placement(int comparison) {
        return comparison < 0 ? "before" : comparison > 0 ? "after" : "equal to";
    }

    static String hex(byte[] bytes) {
        return bytes.length == 0 ? "(empty)" : HexFormat.ofDelimiter(" ").formatHex(bytes);
    }
}
