package dev.fromzero.kv.log;

import dev.fromzero.testkit.FileFaults;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/** Small helpers the chapter-1 suites share: records to write, and ways to read a log back. */
final class LogFixtures {

    private LogFixtures() {
    }

    /** {@code count} puts with keys {@code prefix0, prefix1, ...} and values of varying length. */
    static List<LogRecord> puts(String prefix, int count) {
        List<LogRecord> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(LogRecord.put(prefix + i, "value-" + "x".repeat(i % 7) + i));
        }
        return records;
    }

    /** A log in {@code dir} whose segments roll over at {@code maxSegmentBytes}. */
    static Log open(Path dir, long maxSegmentBytes) {
        return Log.open(dir, new LogOptions(maxSegmentBytes));
    }

    /** Every entry the log replays, in order. */
    static List<LogEntry> replay(Log log) {
        List<LogEntry> entries = new ArrayList<>();
        log.replay(entries::add);
        return entries;
    }

    /** Every record the log replays, in order. */
    static List<LogRecord> replayRecords(Log log) {
        return records(replay(log));
    }

    /** Opens the log in {@code dir}, replays it, closes it, and returns the records. */
    static List<LogRecord> reopenAndReplay(Path dir, long maxSegmentBytes) {
        try (Log log = open(dir, maxSegmentBytes)) {
            return replayRecords(log);
        }
    }

    /** Every entry the data file's scan visits, in order. */
    static List<LogEntry> scan(DataFile file) {
        List<LogEntry> entries = new ArrayList<>();
        file.scan(entries::add);
        return entries;
    }

    static List<LogRecord> records(List<LogEntry> entries) {
        return entries.stream().map(LogEntry::record).toList();
    }

    static List<Position> positions(List<LogEntry> entries) {
        return entries.stream().map(LogEntry::position).toList();
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, byte[]... parts) {
        try {
            Files.write(file, concat(parts));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        int total = 0;
        for (byte[] part : parts) {
            total += part.length;
        }
        byte[] all = new byte[total];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    /** A copy of directory {@code source} under {@code scratch}, named {@code name}. */
    static Path copy(Path source, Path scratch, String name) {
        Path target = scratch.resolve(name);
        FileFaults.copyDirectory(source, target);
        return target;
    }

    static boolean sameFile(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    /** Records of any bytes: puts (empty values included) and tombstones, keys and values up to a few hundred bytes. */
    static Gen<LogRecord> anyRecord() {
        Gen<byte[]> keys = Generate.byteArrays(Generate.range(0, 200), anyByte());
        Gen<byte[]> values = Generate.byteArrays(Generate.range(0, 300), anyByte());
        return SourceDSL.booleans().all().zip(keys, values,
                (tombstone, key, value) -> tombstone ? LogRecord.tombstone(key) : LogRecord.put(key, value));
    }

    /** Lists of {@code min} to {@code max} small records, for tests that write many of them. */
    static Gen<List<LogRecord>> smallRecords(int min, int max) {
        Gen<byte[]> keys = Generate.byteArrays(Generate.range(0, 12), anyByte());
        Gen<byte[]> values = Generate.byteArrays(Generate.range(0, 40), anyByte());
        Gen<LogRecord> record = SourceDSL.integers().between(0, 9).zip(keys, values,
                (kind, key, value) -> kind == 0 ? LogRecord.tombstone(key) : LogRecord.put(key, value));
        return SourceDSL.lists().of(record).ofSizeBetween(min, max);
    }

    /**
     * A record laid out by hand from the format table, with correct checksums: lets a test write
     * exactly the bytes it wants, including headers no encoder would produce.
     */
    static byte[] encodeByHand(int typeByte, byte[] key, byte[] value) {
        return encodeByHand(typeByte, varint(key.length), varint(value.length), key, value);
    }

    /** As above, with the two length fields given as raw bytes. */
    static byte[] encodeByHand(int typeByte, byte[] keyLength, byte[] valueLength, byte[] key, byte[] value) {
        byte[] header = concat(new byte[4], new byte[4], new byte[] {(byte) typeByte}, keyLength, valueLength);
        writeIntLittleEndian(header, 4, crc32c(concat(key, value)));
        writeIntLittleEndian(header, 0, crc32c(Arrays.copyOfRange(header, 4, header.length)));
        return concat(header, key, value);
    }

    /** LEB128, written independently of the code under test. */
    static byte[] varint(int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((value & ~0x7f) != 0) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
        return out.toByteArray();
    }

    static int crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    private static void writeIntLittleEndian(byte[] into, int at, int value) {
        for (int i = 0; i < 4; i++) {
            into[at + i] = (byte) (value >>> (8 * i));
        }
    }

    static Gen<Byte> anyByte() {
        return Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0);
    }

    /**
     * Record {@code index} of the crash tests' writer: the same (seed, index) always gives the
     * same record, so the test knows what the killed writer was writing.
     */
    static LogRecord crashRecord(long seed, int index) {
        Random random = new Random(seed * 1_000_003L + index);
        byte[] key = ("key-" + index).getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(8) == 0) {
            return LogRecord.tombstone(key);
        }
        byte[] value = new byte[random.nextInt(400)];
        random.nextBytes(value);
        return LogRecord.put(key, value);
    }

    /** Batch {@code number} of the crash tests' batch writer: 1 to 8 records. */
    static List<LogRecord> crashBatch(long seed, int number) {
        Random random = new Random(seed * 7_000_003L + number);
        int size = 1 + random.nextInt(8);
        List<LogRecord> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            byte[] value = new byte[random.nextInt(200)];
            random.nextBytes(value);
            batch.add(LogRecord.put(("batch-" + number + "-" + i).getBytes(StandardCharsets.UTF_8), value));
        }
        return batch;
    }
}
