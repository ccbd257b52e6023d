package dev.fromzero.sql.storage;

import static dev.fromzero.sql.storage.KeyEncodingTest.hex;
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
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/** The row encoding: every row decodes back exactly, NULLs in any column, and rows are compact. */
@Seeded
@Step(chapter = 5, number = 4, title = "Keys and rows", guide = "docs/chapter05-sql.md#step-4-keys-and-rows")
@Hint("A row is read with the table's column types in hand, so values need no type tags. The NULL bitmap has one bit "
        + "per column, column i in bit i % 8 of byte i / 8; write and read the same bit, and size it for any number of "
        + "columns, not just multiples of eight.")
class RowEncodingTest {

    /** A row type and a row of it. */
    record Shaped(List<DataType> types, List<Value> values) {}

    private static Gen<Shaped> rows(int maxColumns) {
        return SourceDSL.lists().of(ValueGen.types()).ofSizeBetween(0, maxColumns).flatMap(types -> {
            Gen<List<Value>> values = prng -> new ArrayList<>();
            for (DataType type : types) {
                Gen<List<Value>> before = values;
                values = before.zip(ValueGen.of(type, 4), (list, value) -> {
                    List<Value> longer = new ArrayList<>(list);
                    longer.add(value);
                    return longer;
                });
            }
            return values.map(list -> new Shaped(types, list));
        });
    }

    @Test
    @Points(3)
    @DisplayName("every row decodes back to its values, whatever its column types and NULLs, -0.0 and NaN included")
    void rowsRoundTrip(Seed seed) {
        seed.theory(2_000).forAll(rows(20)).checkAssert(row -> {
            byte[] bytes = RowCodec.encode(row.values(), row.types());
            assertThat(RowCodec.decode(bytes, row.types()))
                    .as("decode(encode(%s)) with types %s, encoded as %s", row.values(), row.types(), hex(bytes))
                    .isEqualTo(row.values());
        });
        List<DataType> types = List.of(DataType.FLOAT, DataType.FLOAT, DataType.INTEGER, DataType.TEXT);
        List<Value> values = List.of(Value.of(-0.0), Value.of(Double.NaN), Value.of(Long.MIN_VALUE), Value.of("\0"));
        List<Value> decoded = RowCodec.decode(RowCodec.encode(values, types), types);
        assertThat(1 / ((Value.Float) decoded.get(0)).value())
                .as("a row keeps -0.0 as -0.0 (only keys make it 0.0): 1 / the decoded value must be -infinity")
                .isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(decoded).as("a row of edge values decodes back").isEqualTo(values);
    }

    @Test
    @Points(2)
    @DisplayName("a NULL in any one column of rows of 1 to 17 columns is read back in that column and no other")
    @Hint("Check the bitmap's size for 1, 7, 8, 9 and 16 columns, and that the bit you set for column i is the bit "
            + "you test for column i.")
    void nullsInEveryColumn() {
        for (int columns = 1; columns <= 17; columns++) {
            List<DataType> types = Collections.nCopies(columns, DataType.INTEGER);
            for (int nullAt = 0; nullAt < columns; nullAt++) {
                List<Value> values = new ArrayList<>();
                for (int i = 0; i < columns; i++) {
                    values.add(i == nullAt ? Value.NULL : Value.of(i * 1_000L - 7));
                }
                byte[] bytes = RowCodec.encode(values, types);
                assertThat(RowCodec.decode(bytes, types))
                        .as("a row of %d INTEGER columns with NULL in column %d, encoded as %s", columns, nullAt, hex(bytes))
                        .isEqualTo(values);
                List<Value> allNull = Collections.nCopies(columns, Value.NULL);
                assertThat(RowCodec.decode(RowCodec.encode(allNull, types), types))
                        .as("a row of %d NULLs", columns).isEqualTo(allNull);
            }
        }
    }

    @Test
    @Points(1)
    @DisplayName("rows are compact: small integers take about a byte, a NULL about a bit, text its UTF-8 bytes and a length")
    @Hint("Write integers as varints (zigzag first, so that small negative numbers are small too), and give NULLs only "
            + "their bit in the bitmap.")
    void rowsAreCompact() {
        List<Value> small = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            small.add(Value.of(i % 2 == 0 ? i * 6L : -i * 6L));
        }
        List<DataType> tenInts = Collections.nCopies(10, DataType.INTEGER);
        assertThat(RowCodec.encode(small, tenInts).length)
                .as("a row of ten integers between -63 and 63 %s takes at most 12 bytes (a byte each, and a little "
                        + "for the NULLs), not 8 or more each", small)
                .isLessThanOrEqualTo(12);
        List<Value> nulls = Collections.nCopies(64, Value.NULL);
        assertThat(RowCodec.encode(nulls, Collections.nCopies(64, DataType.TEXT)).length)
                .as("a row of 64 NULLs takes at most 8 bytes: a bit per NULL").isLessThanOrEqualTo(8);
        List<Value> mixed = List.of(Value.of("hello"), Value.of(true), Value.NULL, Value.of(1.5));
        assertThat(RowCodec.encode(mixed, List.of(DataType.TEXT, DataType.BOOLEAN, DataType.INTEGER, DataType.FLOAT)).length)
                .as("the row %s takes at most 1 + (1 + 5) + 1 + 8 = 16 bytes", mixed)
                .isLessThanOrEqualTo(16);
    }

    @Test
    @Points(1)
    @DisplayName("a row cut short, or with bytes left over, is refused with IllegalArgumentException")
    void malformedRowsAreRefused(Seed seed) {
        seed.theory(300).forAll(rows(6)).checkAssert(row -> {
            byte[] bytes = RowCodec.encode(row.values(), row.types());
            for (int length = 0; length < bytes.length; length++) {
                byte[] cut = Arrays.copyOf(bytes, length);
                assertThrown(IllegalArgumentException.class, () -> RowCodec.decode(cut, row.types()),
                        "decoding the first %d of the %d bytes of the row %s (%s) must fail: the row is cut short",
                        length, bytes.length, row.values(), hex(bytes));
            }
            byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
            assertThrown(IllegalArgumentException.class, () -> RowCodec.decode(longer, row.types()),
                    "decoding the row %s (%s) with one more byte after it must fail: a row is its bytes, all of them",
                    row.values(), hex(bytes));
        });
    }
}
