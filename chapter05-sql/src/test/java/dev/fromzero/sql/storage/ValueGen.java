package dev.fromzero.sql.storage;

import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * Random values for the encoding tests, weighted towards the edges where encodings go wrong: the
 * extremes and neighbours of zero, negative floats, NaN and both zeros, text with zero bytes, 0xff
 * bytes in UTF-8 and characters beyond U+FFFF. Also the order the guide gives keys, written out
 * here independently of the code under test.
 */
final class ValueGen {

    private ValueGen() {
    }

    private static final long[] EDGE_LONGS = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -256, -255, -129, -128, -1, 0, 1,
        127, 128, 255, 256, Long.MAX_VALUE - 1, Long.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE};

    private static final double[] EDGE_DOUBLES = {Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, -1e300, -2.5, -1.0,
        -Double.MIN_NORMAL, -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE, Double.MIN_NORMAL, 1.0, 2.5, 1e300,
        Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NaN};

    /** Code points that stress an encoding of text: 0 and 1 around the escape, 0xff-producing, the BMP's top, astral. */
    private static final int[] CODE_POINTS = {0x00, 0x00, 0x01, 0x02, 'a', 'b', 'z', 0x7f, 0xff, 0x100, 0x7ff, 0x800,
        0xd7ff, 0xe000, 0xfffd, 0xffff, 0x10000, 0x1f600, 0x10ffff};

    static Gen<Long> longs() {
        return SourceDSL.integers().between(0, EDGE_LONGS.length - 1).map(i -> EDGE_LONGS[i])
                .mix(SourceDSL.longs().all(), 60)
                .mix(SourceDSL.longs().between(-300, 300), 40);
    }

    static Gen<Double> doubles() {
        return SourceDSL.integers().between(0, EDGE_DOUBLES.length - 1).map(i -> EDGE_DOUBLES[i])
                .mix(SourceDSL.longs().all().map(Double::longBitsToDouble), 50)
                .mix(SourceDSL.doubles().between(-1000, 1000), 30);
    }

    static Gen<String> texts() {
        Gen<Integer> codePoint = SourceDSL.integers().between(0, CODE_POINTS.length - 1).map(i -> CODE_POINTS[i])
                .mix(SourceDSL.integers().between(0x20, 0x7e), 30);
        return SourceDSL.lists().of(codePoint).ofSizeBetween(0, 6).map(points -> {
            StringBuilder text = new StringBuilder();
            points.forEach(text::appendCodePoint);
            return text.toString();
        });
    }

    static Gen<DataType> types() {
        return SourceDSL.arbitrary().enumValues(DataType.class);
    }

    /** A value of {@code type}, NULL about one time in {@code nullOneIn}. */
    static Gen<Value> of(DataType type, int nullOneIn) {
        Gen<Value> value = switch (type) {
            case INTEGER -> longs().map(Value::of);
            case FLOAT -> doubles().map(Value::of);
            case TEXT -> texts().map(Value::of);
            case BOOLEAN -> SourceDSL.booleans().all().map(Value::of);
        };
        return SourceDSL.integers().between(1, nullOneIn).flatMap(n -> n == 1 ? (Gen<Value>) prng -> Value.NULL : value);
    }

    /** Any value of any type, NULL one time in ten. */
    static Gen<Value> any() {
        return types().flatMap(type -> of(type, 10));
    }

    /** A list of 0 to 3 values, position i of type {@code types.get(i)}, so that two lists compare column by column. */
    static Gen<List<Value>> tuple(List<DataType> types) {
        Gen<List<Value>> empty = prng -> new ArrayList<>();
        Gen<List<Value>> result = empty;
        for (DataType type : types) {
            Gen<List<Value>> before = result;
            result = before.zip(of(type, 6), (list, value) -> {
                List<Value> longer = new ArrayList<>(list);
                longer.add(value);
                return longer;
            });
        }
        return result.zip(SourceDSL.integers().between(0, types.size()), (list, size) -> List.copyOf(list.subList(0, size)));
    }

    /**
     * The order of keys the guide specifies, written independently of KeyCodec: NULL first; then
     * values of one type by value (integers numerically; floats numerically with -0.0 equal to 0.0
     * and every NaN equal and after +infinity; text by code point; FALSE before TRUE). Values of
     * different types are never compared by these tests, except against NULL.
     */
    static int compare(Value a, Value b) {
        if (a.isNull() || b.isNull()) {
            return Boolean.compare(!a.isNull(), !b.isNull());
        }
        if (a instanceof Value.Int x && b instanceof Value.Int y) {
            return Long.compare(x.value(), y.value());
        }
        if (a instanceof Value.Float x && b instanceof Value.Float y) {
            if (Double.isNaN(x.value()) || Double.isNaN(y.value())) {
                return Boolean.compare(Double.isNaN(x.value()), Double.isNaN(y.value()));
            }
            return x.value() < y.value() ? -1 : x.value() > y.value() ? 1 : 0;
        }
        if (a instanceof Value.Text x && b instanceof Value.Text y) {
            return compareCodePoints(x.value(), y.value());
        }
        if (a instanceof Value.Bool x && b instanceof Value.Bool y) {
            return Boolean.compare(x.value(), y.value());
        }
        throw new IllegalArgumentException("the tests compare values of one type only, not " + a + " and " + b);
    }

    static int compare(List<Value> a, List<Value> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareCodePoints(String a, String b) {
        int[] x = a.codePoints().toArray();
        int[] y = b.codePoints().toArray();
        return Arrays.compare(x, y);
    }

    /** A value as the key encoding gives it back: -0.0 as 0.0 (every NaN is Java's one NaN already). */
    static Value asKeyDecodes(Value value) {
        if (value instanceof Value.Float f && f.value() == 0.0) {
            return Value.of(0.0);
        }
        return value;
    }
}
