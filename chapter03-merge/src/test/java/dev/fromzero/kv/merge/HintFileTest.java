package dev.fromzero.kv.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.fromzero.kv.CorruptionException;
import dev.fromzero.kv.index.HintFile;
import dev.fromzero.kv.log.RecordCodec;
import dev.fromzero.testkit.FileFaults;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.ScratchExtension;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Seeded
@Step(chapter = 3, number = 1, title = "Hint files", guide = "docs/chapter03-merge.md#step-1-hint-files")
@Hint("A hint file is trusted whole or not at all: check the magic, then the checksum over every byte before it, "
        + "then that it was written for a data file of exactly this size, and decode each entry only within the "
        + "bytes that are there. Every failure is a CorruptionException naming the hint file.")
class HintFileTest {

    /** Where the data-file size sits in the header: after the 8-byte magic. */
    private static final int SIZE_FIELD = 8;
    /** Where the entry count sits: after the magic and the data-file size. */
    private static final int COUNT_FIELD = 16;
    /** The first entry: after the magic, the data-file size and the count. */
    private static final int FIRST_ENTRY = 20;

    private static final long DATA_SIZE = 1L << 32;

    @Test
    @Points(1)
    @DisplayName("a hint file with no entries reads back as no entries")
    void emptyRoundTrip(@Scratch Path dir) {
        Path hint = dir.resolve("000000001.hint");
        HintFile.write(hint, 0, List.of());
        assertThat(HintFile.read(hint, 0)).as("the entries read from a hint written with none").isEmpty();
    }

    @Test
    @Points(2)
    @DisplayName("a thousand entries with binary keys, the empty key and a largest key read back equal and in order")
    void manyEntriesRoundTrip(Seed seed, @Scratch Path dir) {
        Random random = seed.random();
        List<HintFile.Entry> entries = new ArrayList<>();
        entries.add(new HintFile.Entry(new byte[0], 0, 9));
        byte[] allBytes = new byte[256];
        for (int b = 0; b < 256; b++) {
            allBytes[b] = (byte) b;
        }
        entries.add(new HintFile.Entry(allBytes, 9, 300));
        long offset = 309;
        for (int i = 0; i < 1_000; i++) {
            byte[] key = new byte[random.nextInt(40)];
            random.nextBytes(key);
            int length = 9 + key.length + random.nextInt(1 << 20);
            entries.add(new HintFile.Entry(key, offset, length));
            offset += length;
        }
        byte[] largest = new byte[RecordCodec.MAX_KEY_SIZE];
        random.nextBytes(largest);
        entries.add(new HintFile.Entry(largest, offset, RecordCodec.MAX_KEY_SIZE + 20));
        offset += RecordCodec.MAX_KEY_SIZE + 20;

        Path hint = dir.resolve("000000007.hint");
        HintFile.write(hint, offset, entries);
        assertSameEntries(HintFile.read(hint, offset), entries, "read back from " + hint.getFileName());

        HintFile.write(hint, offset, entries.subList(0, 3));
        assertSameEntries(HintFile.read(hint, offset), entries.subList(0, 3),
                "after writing a shorter hint over a longer one (write replaces the file)");
    }

    @Test
    @Points(1)
    @DisplayName("the file is laid out as the guide's table says: magic, data-file size, count, entries, checksum")
    @Hint("Header 8 + 8 + 4 bytes, then per entry 4 + 8 + 4 bytes and the key, then a 4-byte CRC32C.")
    void layoutFollowsTheFormat(@Scratch Path dir) {
        Path hint = dir.resolve("000000002.hint");
        List<HintFile.Entry> entries = sample();
        HintFile.write(hint, 1000, entries);
        byte[] file = read(hint);
        assertThat(new String(file, 0, 8, StandardCharsets.US_ASCII)).as("the first 8 bytes, the magic")
                .isEqualTo("FZHINT01");
        long expected = 8 + 8 + 4 + 4;
        for (HintFile.Entry e : entries) {
            expected += 4 + 8 + 4 + e.key().length;
        }
        assertThat((long) file.length).as("the size of a hint with %d entries", entries.size()).isEqualTo(expected);
        ByteOrder order = orderOf(file, 1000);
        assertThat(ByteBuffer.wrap(file).order(order).getInt(COUNT_FIELD)).as("the entry count at byte 16")
                .isEqualTo(entries.size());
        assertThat(ByteBuffer.wrap(file).order(order).getInt(file.length - 4))
                .as("the last 4 bytes: the CRC32C of every byte before them").isEqualTo(crc(file));
    }

    @Test
    @Points(2)
    @DisplayName("every flipped bit of every byte of a hint file is a CorruptionException naming the file")
    @Hint("The checksum covers every byte before it, the header included; a bit flipped in the checksum itself "
            + "must be caught too.")
    void everyFlippedBitIsCaught(@Scratch Path dir) {
        Path good = dir.resolve("good.hint");
        HintFile.write(good, 1000, sample());
        long size = FileFaults.size(good);
        for (long offset = 0; offset < size; offset++) {
            for (int bit = 0; bit < 8; bit++) {
                Path damaged = dir.resolve("000000003.hint");
                copy(good, damaged);
                FileFaults.flipBit(damaged, offset, bit);
                assertRejected(damaged, 1000, "bit " + bit + " of byte " + offset + " flipped");
            }
        }
    }

    @Test
    @Points(1)
    @DisplayName("a hint file cut short at any length, or with bytes after its end, is a CorruptionException")
    void everyTruncationIsCaught(@Scratch Path dir) {
        Path good = dir.resolve("good.hint");
        HintFile.write(good, 1000, sample());
        long size = FileFaults.size(good);
        for (long length = 0; length < size; length++) {
            Path damaged = dir.resolve("000000004.hint");
            copy(good, damaged);
            FileFaults.truncate(damaged, length);
            assertRejected(damaged, 1000, "cut to " + length + " of its " + size + " bytes");
        }
        Path longer = dir.resolve("000000005.hint");
        copy(good, longer);
        FileFaults.appendZeros(longer, 8);
        assertRejected(longer, 1000, "with 8 zero bytes appended");
    }

    @Test
    @Points(1)
    @DisplayName("a hint written for a data file of another size is rejected: it describes another file")
    @Hint("A hint describes its data file as it was when merged; if the data file has another size now, the hint "
            + "is stale and its offsets cannot be trusted.")
    void anotherDataFileSizeIsRejected(@Scratch Path dir) {
        Path hint = dir.resolve("000000006.hint");
        HintFile.write(hint, 1000, sample());
        assertSameEntries(HintFile.read(hint, 1000), sample(), "read with the right size");
        assertRejected(hint, 1001, "read for a data file of 1001 bytes, written for 1000");
        assertRejected(hint, 999, "read for a data file of 999 bytes, written for 1000");
        assertRejected(hint, 0, "read for an empty data file, written for 1000");
    }

    @Test
    @Points(2)
    @DisplayName("a file with a valid checksum but a wrong magic, an impossible count or key length is rejected")
    @Hint("A checksum proves the bytes are the ones written, not that they were written by this code: check the "
            + "magic, and never read past the end because a length or count says so.")
    void wellSummedNonsenseIsRejected(@Scratch Path dir) {
        Path good = dir.resolve("good.hint");
        HintFile.write(good, 1000, sample());
        ByteOrder order = orderOf(read(good), 1000);

        Path magic = dir.resolve("000000008.hint");
        copy(good, magic);
        FileFaults.overwrite(magic, 0, "FZHINT02".getBytes(StandardCharsets.US_ASCII));
        resum(magic, order);
        assertRejected(magic, 1000, "with the magic FZHINT02 and a checksum that matches");

        Path count = dir.resolve("000000009.hint");
        copy(good, count);
        FileFaults.overwrite(count, COUNT_FIELD, ByteBuffer.allocate(4).order(order).putInt(sample().size() + 1).array());
        resum(count, order);
        assertRejected(count, 1000, "with one entry more in its count than it holds, and a checksum that matches");

        Path fewer = dir.resolve("000000010.hint");
        copy(good, fewer);
        FileFaults.overwrite(fewer, COUNT_FIELD, ByteBuffer.allocate(4).order(order).putInt(sample().size() - 1).array());
        resum(fewer, order);
        assertRejected(fewer, 1000, "with one entry less in its count than it holds, and a checksum that matches");

        Path keyLength = dir.resolve("000000011.hint");
        copy(good, keyLength);
        FileFaults.overwrite(keyLength, FIRST_ENTRY, ByteBuffer.allocate(4).order(order).putInt(Integer.MAX_VALUE).array());
        resum(keyLength, order);
        assertRejected(keyLength, 1000, "whose first key is 2^31-1 bytes long, with a checksum that matches");
    }

    @Test
    @Points(1)
    @DisplayName("the empty key read back as the last entry, and as the only one")
    @Hint("An entry with the empty key is 16 bytes with nothing after them: when it is the last entry, exactly 16 "
            + "bytes are left before the checksum, and that is enough.")
    void emptyKeyAsTheLastEntry(@Scratch Path dir) {
        Path hint = dir.resolve("000000012.hint");
        List<HintFile.Entry> last = List.of(new HintFile.Entry("alpha".getBytes(StandardCharsets.UTF_8), 0, 20),
                new HintFile.Entry(new byte[0], 20, 30));
        HintFile.write(hint, 1000, last);
        assertSameEntries(HintFile.read(hint, 1000), last, "from a hint whose last entry has the empty key");

        List<HintFile.Entry> only = List.of(new HintFile.Entry(new byte[0], 0, 1000));
        HintFile.write(hint, 1000, only);
        assertSameEntries(HintFile.read(hint, 1000), only, "from a hint whose only entry has the empty key");
    }

    @Test
    @Points(1)
    @DisplayName("an entry whose record would lie outside the data file is rejected, one that ends at its last byte is read")
    @Hint("Check each entry against the data file's size: offset >= 0, and offset + length at most the size. A "
            + "checksum proves the bytes are the ones written, not that the writer got them right.")
    void entriesOutsideTheDataFileAreRejected(@Scratch Path dir) {
        byte[] key = "beta".getBytes(StandardCharsets.UTF_8);
        HintFile.Entry first = new HintFile.Entry("alpha".getBytes(StandardCharsets.UTF_8), 0, 20);

        Path atTheEnd = dir.resolve("000000013.hint");
        List<HintFile.Entry> fits = List.of(first, new HintFile.Entry(key, 980, 20));
        HintFile.write(atTheEnd, 1000, fits);
        assertSameEntries(HintFile.read(atTheEnd, 1000), fits, "from a hint whose last record ends at the data file's last byte");

        Path pastTheEnd = dir.resolve("000000014.hint");
        HintFile.write(pastTheEnd, 1000, List.of(first, new HintFile.Entry(key, 990, 20)));
        assertRejected(pastTheEnd, 1000, "with a 20-byte record at offset 990 of a 1000-byte data file, and a checksum that matches");

        Path atTheSize = dir.resolve("000000015.hint");
        HintFile.write(atTheSize, 1000, List.of(first, new HintFile.Entry(key, 1000, 20)));
        assertRejected(atTheSize, 1000, "with a record at offset 1000 of a 1000-byte data file, and a checksum that matches");

        Path negative = dir.resolve("000000016.hint");
        HintFile.write(negative, 1000, List.of(new HintFile.Entry(key, -10, 20), first));
        assertRejected(negative, 1000, "with a record at offset -10, and a checksum that matches");
    }

    @Test
    @Points(1)
    @DisplayName("a file with a valid checksum but too short for its header, or a count of 2^31 or more, is rejected")
    @Hint("Check that the file is at least a header and a checksum long before reading the header's fields, "
            + "and do not trust a count as a size: 0xFFFFFFFF entries cannot fit in a small file.")
    void wellSummedImpossibleHeadersAreRejected(@Scratch Path dir) {
        Path shortFile = dir.resolve("000000017.hint");
        for (int length = 12; length < FIRST_ENTRY + 4; length++) {
            for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
                byte[] file = new byte[length];
                System.arraycopy("FZHINT01".getBytes(StandardCharsets.US_ASCII), 0, file, 0, 8);
                ByteBuffer.wrap(file).order(order).putInt(length - 4, crc(file));
                write(shortFile, file);
                assertRejected(shortFile, 0, "of " + length + " bytes, the magic, zeros and a checksum that matches ("
                        + order + "), too short for the 20-byte header and the checksum");
            }
        }

        Path good = dir.resolve("good.hint");
        HintFile.write(good, 1000, sample());
        ByteOrder order = orderOf(read(good), 1000);
        for (int count : new int[] {0x8000_0000, 0xFFFF_FFFF}) {
            Path huge = dir.resolve("000000018.hint");
            copy(good, huge);
            FileFaults.overwrite(huge, COUNT_FIELD, ByteBuffer.allocate(4).order(order).putInt(count).array());
            resum(huge, order);
            assertRejected(huge, 1000, "whose count is " + Integer.toUnsignedString(count)
                    + " (it holds 3 entries), with a checksum that matches");
        }
    }

    /** Three entries of a 1000-byte data file. */
    private static List<HintFile.Entry> sample() {
        return List.of(new HintFile.Entry("alpha".getBytes(StandardCharsets.UTF_8), 0, 20),
                new HintFile.Entry(new byte[0], 20, 30),
                new HintFile.Entry(new byte[] {(byte) 0x80, 0, (byte) 0xff}, 50, 100));
    }

    private static void assertRejected(Path hint, long dataFileSize, String damage) {
        try {
            List<HintFile.Entry> entries = HintFile.read(hint, dataFileSize);
            fail("HintFile.read(%s) of a hint file %s returned %d entries %s; it must throw a CorruptionException: a "
                    + "damaged hint would point the keydir at the wrong bytes", hint.getFileName(), damage,
                    entries.size(), entries);
        } catch (CorruptionException e) {
            assertThat(e.file()).as("the file a CorruptionException names, for a hint file %s", damage).isEqualTo(hint);
            assertThat(e.offset()).as("the offset a CorruptionException names, for a hint file %s", damage)
                    .isBetween(0L, Math.max(0, FileFaults.size(hint)));
            assertThat(e.getMessage()).as("the message of the CorruptionException, for a hint file %s", damage)
                    .contains(hint.getFileName().toString());
        } catch (RuntimeException e) {
            throw new AssertionError("HintFile.read(" + hint.getFileName() + ") of a hint file " + damage + " threw "
                    + e + "; it must throw a CorruptionException naming the file and the offset", e);
        }
    }

    private static void assertSameEntries(List<HintFile.Entry> actual, List<HintFile.Entry> expected, String where) {
        assertThat(actual).as("the number of entries %s", where).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            HintFile.Entry a = actual.get(i);
            HintFile.Entry e = expected.get(i);
            assertThat(a.key()).as("the key of entry %d %s", i, where).isEqualTo(e.key());
            assertThat(a.offset()).as("the offset of entry %d %s", i, where).isEqualTo(e.offset());
            assertThat(a.length()).as("the record length of entry %d %s", i, where).isEqualTo(e.length());
        }
    }

    /** The byte order the file uses, found from its data-file size field, which must say {@code dataFileSize}. */
    private static ByteOrder orderOf(byte[] file, long dataFileSize) {
        for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
            if (file.length >= 16 && ByteBuffer.wrap(file).order(order).getLong(SIZE_FIELD) == dataFileSize) {
                return order;
            }
        }
        throw new AssertionError("bytes 8..15 of a hint file written for a data file of " + dataFileSize
                + " bytes must hold that size (as a u64), but hold " + Arrays.toString(Arrays.copyOfRange(file, 8, 16)));
    }

    private static int crc(byte[] file) {
        CRC32C crc = new CRC32C();
        crc.update(file, 0, file.length - 4);
        return (int) crc.getValue();
    }

    /** Rewrites the checksum at the end to match the bytes before it. */
    private static void resum(Path hint, ByteOrder order) {
        byte[] file = read(hint);
        FileFaults.overwrite(hint, file.length - 4, ByteBuffer.allocate(4).order(order).putInt(crc(file)).array());
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to) {
        ScratchExtension.deleteRecursively(to);
        try {
            Files.copy(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
