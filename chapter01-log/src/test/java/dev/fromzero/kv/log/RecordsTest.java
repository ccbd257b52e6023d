package dev.fromzero.kv.log;

import static dev.fromzero.kv.log.LogFixtures.anyRecord;
import static dev.fromzero.kv.log.LogFixtures.concat;
import static dev.fromzero.kv.log.LogFixtures.encodeByHand;
import static dev.fromzero.kv.log.LogFixtures.varint;
import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.assertj.core.api.Condition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.generators.SourceDSL;

@Seeded
@Step(chapter = 1, number = 1, title = "Records", guide = "docs/chapter01-log.md#step-1-records")
@Hint("Build the pieces in the order of the format table and test each alone: Varint first (128 is "
        + "the first value that needs two bytes), then encodedSize, encode, decode. In decode the order of the "
        + "rules is the point: until the header checksum has been checked, the lengths may be garbage.")
class RecordsTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    @Points(2)
    @DisplayName("a varint takes one byte per 7 bits of its value, low groups first, and reads back as written")
    void varints(Seed seed) {
        int[] values = {0, 1, 127, 128, 300, 16383, 16384, Integer.MAX_VALUE};
        String[] expected = {"00", "01", "7f", "8001", "ac02", "ff7f", "808001", "ffffffff07"};
        for (int i = 0; i < values.length; i++) {
            ByteBuffer out = ByteBuffer.allocate(8);
            Varint.write(out, values[i]);
            String written = HEX.formatHex(out.array(), 0, out.position());
            assertThat(written)
                    .as("Varint.write(%d): seven bits per byte, least significant group first, high bit on all but the last byte", values[i])
                    .isEqualTo(expected[i]);
            assertThat(Varint.size(values[i]))
                    .as("Varint.size(%d) must be the number of bytes Varint.write uses", values[i])
                    .isEqualTo(expected[i].length() / 2);
            ByteBuffer in = ByteBuffer.wrap(HEX.parseHex(expected[i] + "ee"));
            assertThat(Varint.read(in)).as("Varint.read of %s", expected[i]).isEqualTo(values[i]);
            assertThat(in.position())
                    .as("Varint.read must stop right after the varint's last byte, leaving what follows")
                    .isEqualTo(expected[i].length() / 2);
        }
        seed.theory(500).forAll(SourceDSL.integers().between(0, Integer.MAX_VALUE)).checkAssert(value -> {
            ByteBuffer buffer = ByteBuffer.allocate(Varint.MAX_BYTES);
            Varint.write(buffer, value);
            assertThat(buffer.position()).as("bytes written for %d", value).isEqualTo(Varint.size(value));
            buffer.flip();
            assertThat(Varint.read(buffer)).as("a varint must read back as the value written").isEqualTo(value);
        });
    }

    @Test
    @DisplayName("a varint that is negative, too long, too large or cut short is refused")
    void badVarintsAreRefused() {
        assertThrown(IllegalArgumentException.class,
                () -> Varint.read(ByteBuffer.wrap(HEX.parseHex("808080808001"))),
                "six bytes are never a varint of an int: it must be rejected as malformed, not read");
        assertThrown(IllegalArgumentException.class, () -> Varint.read(ByteBuffer.wrap(HEX.parseHex("ffffffff0f"))),
                "ff ff ff ff 0f is 2^35 - 1, larger than Integer.MAX_VALUE: it must be rejected");
        assertThrown(BufferUnderflowException.class, () -> Varint.read(ByteBuffer.wrap(HEX.parseHex("8080"))),
                "a buffer that ends inside a varint must underflow: the rest may simply not be read yet");
        assertThrown(IllegalArgumentException.class, () -> Varint.write(ByteBuffer.allocate(8), -1),
                "a varint holds a non-negative int");
        assertThrown(IllegalArgumentException.class, () -> Varint.size(Integer.MIN_VALUE),
                "a varint holds a non-negative int");
    }

    @Test
    @Points(2)
    @DisplayName("a record of any bytes, empty ones included, decodes to the same record, as a batch member or not")
    void recordsRoundTrip(Seed seed) {
        seed.theory(300).forAll(anyRecord(), SourceDSL.booleans().all()).checkAssert((record, member) -> {
            byte[] encoded = RecordCodec.encode(record, member);
            assertThat(encoded.length)
                    .as("encodedSize must be exactly what encode writes")
                    .isEqualTo(RecordCodec.encodedSize(record));
            byte[] before = RecordCodec.encode(LogRecord.put("before", "a record in front"), false);
            ByteBuffer buffer = ByteBuffer.wrap(concat(before, encoded, new byte[] {1, 2, 3}));
            buffer.position(before.length);
            RecordCodec.Decoded decoded = RecordCodec.decode(buffer);
            assertThat(decoded).as("decoding an intact encoding of %s", record).isInstanceOf(RecordCodec.Decoded.Ok.class);
            RecordCodec.Decoded.Ok ok = (RecordCodec.Decoded.Ok) decoded;
            assertThat(ok.record()).as("the decoded record must equal the encoded one").isEqualTo(record);
            assertThat(ok.batchMember()).as("the batch-member flag must survive the round trip").isEqualTo(member);
            assertThat(ok.length()).as("Ok.length is the record's encoded length").isEqualTo(encoded.length);
            assertThat(buffer.position())
                    .as("decode must start at the buffer's position and move it just past the record")
                    .isEqualTo(before.length + encoded.length);
        });
        List<LogRecord> empties = List.of(LogRecord.put(new byte[0], new byte[0]), LogRecord.put("k", ""),
                LogRecord.tombstone("k"), LogRecord.tombstone(new byte[0]));
        for (LogRecord record : empties) {
            assertThat(roundTrip(record).type())
                    .as("%s must keep its type: \"the key is empty\" and \"the key is deleted\" are different facts", record)
                    .isEqualTo(record.type());
            assertThat(roundTrip(record)).as("%s must decode to itself", record).isEqualTo(record);
        }
    }

    @Test
    @Points(2)
    @DisplayName("the encoding matches the format table byte for byte")
    void encodingMatchesTheFormat() {
        byte[] put = RecordCodec.encode(LogRecord.put("k", "v"), false);
        assertThat(HEX.formatHex(put))
                .as("put(\"k\", \"v\") must be [hcrc x4][pcrc x4] 01 01 01 6b 76, checksums CRC32C little-endian; other "
                        + "programs (and your next version) must be able to read these files")
                .isEqualTo(HEX.formatHex(encodeByHand(0x01, bytes("k"), bytes("v"))));
        assertThat(HEX.formatHex(put, 8, 13)).as("put(\"k\", \"v\") after its two checksums: type 01, key length 01, "
                + "value length 01, \"k\", \"v\"").isEqualTo("0101016b76");

        byte[] key = new byte[200];
        key[7] = 42;
        byte[] member = RecordCodec.encode(LogRecord.tombstone(key), true);
        assertThat(HEX.formatHex(member))
                .as("a tombstone in a batch: type 0x82, a two-byte key length (c8 01), an empty value")
                .isEqualTo(HEX.formatHex(encodeByHand(0x82, key, new byte[0])));
        assertThat(HEX.formatHex(member, 8, 12)).as("the batch tombstone after its two checksums: type 82, key length "
                + "c8 01 (200), value length 00").isEqualTo("82c80100");
    }

    @Test
    @Points(2)
    @DisplayName("a key or value over the limit is refused, naming the limit, and one exactly at the limit is fine")
    void sizeLimitsAreEnforced() {
        byte[] maxKey = new byte[RecordCodec.MAX_KEY_SIZE];
        maxKey[maxKey.length - 1] = 9;
        LogRecord atKeyLimit = LogRecord.put(maxKey, bytes("v"));
        assertThat(roundTrip(atKeyLimit)).as("a key of exactly MAX_KEY_SIZE bytes is allowed").isEqualTo(atKeyLimit);
        byte[] maxValue = new byte[RecordCodec.MAX_VALUE_SIZE];
        maxValue[12345] = 7;
        LogRecord atValueLimit = LogRecord.put(bytes("k"), maxValue);
        assertThat(roundTrip(atValueLimit)).as("a value of exactly MAX_VALUE_SIZE bytes is allowed").isEqualTo(atValueLimit);

        LogRecord overKeyLimit = LogRecord.put(new byte[RecordCodec.MAX_KEY_SIZE + 1], new byte[0]);
        assertThrown(IllegalArgumentException.class, () -> RecordCodec.encode(overKeyLimit, false),
                "a key one byte over MAX_KEY_SIZE must be refused with a message that names the limit")
                .satisfies(e -> assertThat(e.getMessage()).as("the message")
                        .is(namesLimit(RecordCodec.MAX_KEY_SIZE, "MAX_KEY_SIZE", "64 KiB")));
        LogRecord overValueLimit = LogRecord.put(new byte[1], new byte[RecordCodec.MAX_VALUE_SIZE + 1]);
        assertThrown(IllegalArgumentException.class, () -> RecordCodec.encode(overValueLimit, false),
                "a value one byte over MAX_VALUE_SIZE must be refused with a message that names the limit")
                .satisfies(e -> assertThat(e.getMessage()).as("the message")
                        .is(namesLimit(RecordCodec.MAX_VALUE_SIZE, "MAX_VALUE_SIZE", "16 MiB")));
    }

    @Test
    @Points(2)
    @DisplayName("every strict prefix of a record is incomplete, never a record and never corrupt")
    @Hint("A prefix cut inside the key or value still has a good header, so its lengths can be "
            + "trusted: compare them with the bytes that remain before you look at the payload checksum.")
    void prefixesAreIncomplete() {
        List<LogRecord> records = List.of(LogRecord.put("key", "value"), LogRecord.tombstone(new byte[0]),
                LogRecord.put(new byte[130], new byte[20_000]));
        for (LogRecord record : records) {
            for (boolean member : new boolean[] {false, true}) {
                byte[] encoded = RecordCodec.encode(record, member);
                int headerSize = 9 + varint(record.key().length).length + varint(record.value().length).length;
                for (int cut = 0; cut < encoded.length; cut++) {
                    ByteBuffer prefix = ByteBuffer.wrap(encoded, 0, cut).slice();
                    RecordCodec.Decoded decoded = RecordCodec.decode(prefix);
                    int expectedLength = cut < headerSize ? 0 : encoded.length;
                    assertThat(decoded)
                            .as("the first %d of %d bytes of %s are a record cut short (a torn write): Incomplete(%d), "
                                    + "with the full length once the header is there", cut, encoded.length, record, expectedLength)
                            .isEqualTo(new RecordCodec.Decoded.Incomplete(expectedLength));
                    assertThat(prefix.position()).as("decode must not move the buffer unless it returns Ok").isZero();
                }
            }
        }
    }

    @Test
    @Points(3)
    @DisplayName("a record with any single bit flipped never decodes")
    @Hint("Which bytes does each checksum cover? The header checksum covers bytes 4 to the end of "
            + "the header: the type and both lengths too. A flip in a length is the dangerous one.")
    void bitFlipsNeverDecode() {
        List<LogRecord> records = List.of(LogRecord.put("key", "value"), LogRecord.put(new byte[0], new byte[0]),
                LogRecord.tombstone("gone"), LogRecord.put(new byte[129], new byte[300]));
        for (LogRecord record : records) {
            for (boolean member : new boolean[] {false, true}) {
                byte[] encoded = RecordCodec.encode(record, member);
                int headerSize = 9 + varint(record.key().length).length + varint(record.value().length).length;
                for (int bit = 0; bit < encoded.length * 8; bit++) {
                    byte[] damaged = encoded.clone();
                    damaged[bit / 8] ^= (byte) (1 << (bit % 8));
                    ByteBuffer buffer = ByteBuffer.wrap(damaged);
                    RecordCodec.Decoded decoded = RecordCodec.decode(buffer);
                    String what = "%s with bit %d of byte %d flipped".formatted(record, bit % 8, bit / 8);
                    if (bit / 8 < headerSize) {
                        assertThat(decoded)
                                .as("%s: damage in the header must be caught by the header checksum before the lengths are "
                                        + "trusted (Corrupt with length 0, or Incomplete(0) if a length now runs off the end)", what)
                                .isIn(new RecordCodec.Decoded.Incomplete(0), corrupt(decoded, 0));
                    } else {
                        assertThat(decoded)
                                .as("%s: damage in the key or value must be caught by the payload checksum, "
                                        + "with the record's length (its header is intact)", what)
                                .isEqualTo(corrupt(decoded, encoded.length));
                    }
                    assertThat(buffer.position()).as("decode must not move the buffer unless it returns Ok").isZero();
                }
            }
        }
    }

    @Test
    @Points(2)
    @DisplayName("a header with intact checksums but impossible contents is corrupt")
    void impossibleHeadersAreCorrupt() {
        byte[] k = bytes("k");
        assertCorrupt(encodeByHand(0x00, k, k), "type 0 is no record type");
        assertCorrupt(encodeByHand(0x04, k, k), "type 4 is no record type");
        assertCorrupt(encodeByHand(0x02, k, k), "a tombstone carries no value");
        assertCorrupt(encodeByHand(0x83, new byte[0], varint(1)), "a batch commit cannot itself be a batch member");
        byte[] overKeyLimit = encodeByHand(0x01, varint(RecordCodec.MAX_KEY_SIZE + 1), varint(0), new byte[0], new byte[0]);
        assertCorrupt(overKeyLimit, "a key length over MAX_KEY_SIZE is impossible, whatever bytes follow: it must not "
                + "pass for a record whose end has not been written yet");
        byte[] overValueLimit = encodeByHand(0x01, varint(0), varint(RecordCodec.MAX_VALUE_SIZE + 1), new byte[0], new byte[0]);
        assertCorrupt(overValueLimit, "a value length over MAX_VALUE_SIZE is impossible");
        assertCorrupt(encodeByHand(0x01, HEX.parseHex("808080808000"), varint(0), new byte[0], new byte[0]),
                "a length of six bytes is malformed");
    }

    @Test
    @Points(2)
    @DisplayName("decode reads a record from any ByteBuffer: a slice inside a larger array, a direct buffer, a read-only one, either byte order")
    @Hint("A ByteBuffer is not always a whole array starting at index 0: array() fails on a direct or read-only "
            + "buffer, and a slice's index 0 is not the array's. Read through the buffer's own get methods, at its "
            + "position, up to its limit, and leave everything but the position as you found it.")
    void decodeReadsAnyByteBuffer() {
        List<LogRecord> records = List.of(LogRecord.put("key", "value"), LogRecord.tombstone("gone"),
                LogRecord.put(new byte[200], "v".repeat(300).getBytes(StandardCharsets.UTF_8)));
        byte[] before = RecordCodec.encode(LogRecord.put("before", "a record in front"), false);
        byte[] after = {5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
        for (LogRecord record : records) {
            for (boolean member : new boolean[] {false, true}) {
                byte[] encoded = RecordCodec.encode(record, member);
                byte[] stream = concat(before, encoded, after);
                for (BufferKind kind : BufferKind.values()) {
                    String what = "%s (member: %s) in %s, at position %d".formatted(record, member, kind.description, before.length);
                    ByteBuffer buffer = kind.holding(stream);
                    buffer.position(before.length);
                    ByteOrder order = buffer.order();
                    RecordCodec.Decoded decoded = RecordCodec.decode(buffer);
                    assertThat(decoded).as("decoding %s", what).isEqualTo(new RecordCodec.Decoded.Ok(record, member, encoded.length));
                    assertThat(buffer.position()).as("%s: decode must move the position just past the record", what)
                            .isEqualTo(before.length + encoded.length);
                    assertThat(buffer.limit()).as("%s: decode must leave the limit alone", what).isEqualTo(stream.length);
                    assertThat(buffer.order()).as("%s: decode must leave the buffer's byte order as the caller set it", what)
                            .isEqualTo(order);

                    ByteBuffer cut = kind.holding(stream);
                    cut.position(before.length).limit(before.length + encoded.length - 1);
                    assertThat(RecordCodec.decode(cut))
                            .as("%s with the limit one byte before the record's end: the bytes past the limit are not "
                                    + "there for decode, even if the memory behind the buffer holds them", what)
                            .isEqualTo(new RecordCodec.Decoded.Incomplete(encoded.length));
                    assertThat(cut.position()).as("decode must not move the buffer unless it returns Ok").isEqualTo(before.length);

                    byte[] damaged = stream.clone();
                    damaged[before.length + encoded.length - 1] ^= 0x10;
                    ByteBuffer bad = kind.holding(damaged);
                    bad.position(before.length);
                    assertThat(RecordCodec.decode(bad))
                            .as("%s with a flipped bit in its last byte: the payload checksum must be computed over this "
                                    + "buffer's bytes, wherever they sit in memory", what)
                            .isInstanceOf(RecordCodec.Decoded.Corrupt.class);
                }
            }
        }
    }

    @Test
    @DisplayName("encode writes at any ByteBuffer's position: a slice inside a larger array, a direct buffer")
    @Hint("encode(record, member, out) writes into a buffer it did not allocate: start at out's position, and use "
            + "out's own put methods; the array behind it, if there is one, is not yours to index.")
    void encodeWritesIntoAnyByteBuffer() {
        List<LogRecord> records = List.of(LogRecord.put("key", "value"), LogRecord.tombstone(new byte[0]),
                LogRecord.put(new byte[130], new byte[5000]));
        for (LogRecord record : records) {
            for (boolean member : new boolean[] {false, true}) {
                byte[] expected = RecordCodec.encode(record, member);
                int at = 11;
                byte[] backing = new byte[7 + at + expected.length + 9];
                Arrays.fill(backing, (byte) 0x5a);
                ByteBuffer slice = ByteBuffer.wrap(backing).position(7).slice();
                ByteBuffer direct = ByteBuffer.allocateDirect(at + expected.length + 9);
                ByteBuffer littleEndian = ByteBuffer.allocate(at + expected.length + 9).order(ByteOrder.LITTLE_ENDIAN);
                for (ByteBuffer out : List.of(slice, direct, littleEndian)) {
                    String what = "%s (member: %s) encoded at position %d of a %s".formatted(record, member, at,
                            out == slice ? "slice starting at index 7 of its array" : out.isDirect() ? "direct buffer" : "little-endian buffer");
                    out.position(at);
                    RecordCodec.encode(record, member, out);
                    assertThat(out.position()).as("%s: the position must move by encodedSize", what).isEqualTo(at + expected.length);
                    byte[] written = new byte[expected.length];
                    out.get(at, written);
                    assertThat(HEX.formatHex(written)).as("%s: the bytes must be those of encode(record, member)", what)
                            .isEqualTo(HEX.formatHex(expected));
                    byte[] around = new byte[at];
                    out.get(0, around);
                    assertThat(around).as("%s: nothing before the position may change", what)
                            .containsOnly(out == slice ? (byte) 0x5a : 0);
                }
                assertThat(backing[0]).as("the bytes of the array before the slice must not change").isEqualTo((byte) 0x5a);
            }
        }
    }

    /** Ways to hold the same bytes in a ByteBuffer; decode must read each alike. */
    private enum BufferKind {
        HEAP("a plain heap buffer"),
        SLICE("a slice starting at index 13 of a larger array"),
        DIRECT("a direct buffer"),
        READ_ONLY("a read-only buffer"),
        READ_ONLY_DIRECT_SLICE("a read-only slice of a direct buffer"),
        LITTLE_ENDIAN("a buffer set to little-endian order");

        final String description;

        BufferKind(String description) {
            this.description = description;
        }

        ByteBuffer holding(byte[] bytes) {
            return switch (this) {
                case HEAP -> ByteBuffer.wrap(bytes.clone());
                case SLICE -> {
                    byte[] larger = new byte[13 + bytes.length + 13];
                    Arrays.fill(larger, (byte) 0xee);
                    System.arraycopy(bytes, 0, larger, 13, bytes.length);
                    yield ByteBuffer.wrap(larger, 13, bytes.length).slice();
                }
                case DIRECT -> ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
                case READ_ONLY -> ByteBuffer.wrap(bytes.clone()).asReadOnlyBuffer();
                case READ_ONLY_DIRECT_SLICE -> {
                    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 21);
                    direct.position(21).put(bytes).position(21);
                    yield direct.slice().asReadOnlyBuffer();
                }
                case LITTLE_ENDIAN -> ByteBuffer.wrap(bytes.clone()).order(ByteOrder.LITTLE_ENDIAN);
            };
        }
    }

    private static void assertCorrupt(byte[] encoded, String why) {
        RecordCodec.Decoded decoded = RecordCodec.decode(ByteBuffer.wrap(encoded));
        assertThat(decoded).as(why + ": decode must say Corrupt").isInstanceOf(RecordCodec.Decoded.Corrupt.class);
    }

    /** The Corrupt result {@code decoded} would be if it had the expected length (whatever its reason). */
    private static RecordCodec.Decoded corrupt(RecordCodec.Decoded decoded, int length) {
        String reason = decoded instanceof RecordCodec.Decoded.Corrupt c ? c.reason() : "any reason";
        return new RecordCodec.Decoded.Corrupt(reason, length);
    }

    private static LogRecord roundTrip(LogRecord record) {
        RecordCodec.Decoded decoded = RecordCodec.decode(ByteBuffer.wrap(RecordCodec.encode(record, false)));
        assertThat(decoded).as("decoding the encoding of %s", record).isInstanceOf(RecordCodec.Decoded.Ok.class);
        return ((RecordCodec.Decoded.Ok) decoded).record();
    }

    private static Condition<String> namesLimit(int limit, String... names) {
        return new Condition<>(message -> {
            if (message == null) {
                return false;
            }
            String digitsOnly = message.replaceAll("(?<=\\d)[,_ ](?=\\d)", "");
            if (digitsOnly.contains(String.valueOf(limit))) {
                return true;
            }
            for (String name : names) {
                if (message.contains(name)) {
                    return true;
                }
            }
            return false;
        }, "a message naming the limit (%d or %s)", limit, String.join(" or ", names));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
