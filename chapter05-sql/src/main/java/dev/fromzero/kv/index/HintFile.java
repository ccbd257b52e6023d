package dev.fromzero.kv.index;

import dev.fromzero.kv.CorruptionException;
import dev.fromzero.kv.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A hint file: the keys of a merged data file and where each key's record is, so that opening the
 * store can fill the keydir without reading the data. It sits beside its data file, as
 * {@code NNNNNNNNN.hint} beside {@code NNNNNNNNN.log}.
 *
 * <p>Layout, integers big-endian:
 * <pre>
 * magic "FZHINT01" (8 bytes) | data file size (u64) | entry count (u32)
 * entry: key length (u32) | record offset (u64) | record length (u32) | key bytes
 * ... | CRC32C of every byte before it (u32)
 * </pre>
 *
 * A hint is trusted only whole: the checksum must match, and the data file must have exactly the
 * size the hint was written for. Anything else is a {@link CorruptionException}, and the store
 * scans the data file instead.
 */
public final class HintFile {

    /** The first 8 bytes of every hint file. */
    static final byte[] MAGIC = "FZHINT01".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = 8 + 8 + 4;
    private static final int ENTRY_HEADER = 4 + 8 + 4;
    private static final int CHECKSUM = 4;

    private HintFile() {
    }

    /**
     * One live record of the data file: its key, and where its record is.
     *
     * @param key the record's key
     * @param offset where the record starts in the data file
     * @param length the record's encoded length
     */
    public record Entry(byte[] key, long offset, int length) {

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry other && Arrays.equals(key, other.key)
                    && offset == other.offset && length == other.length;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(key) + Long.hashCode(offset)) + length;
        }

        @Override
        public String toString() {
            return "Entry(" + key.length + "-byte key at " + offset + ", " + length + " bytes)";
        }
    }

    /** The hint file of data file {@code id} in {@code dir}. */
    public static Path path(Path dir, long id) {
        return dir.resolve(String.format("%09d.hint", id));
    }

    /**
     * Writes {@code entries} as the hint file {@code hint} of a data file of {@code dataFileSize}
     * bytes, replacing any file there, and syncs it.
     */
    public static void write(Path hint, long dataFileSize, List<Entry> entries) {
        long bytes = HEADER + CHECKSUM;
        for (Entry entry : entries) {
            bytes += ENTRY_HEADER + entry.key().length;
        }
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a hint file of " + bytes + " bytes is too large: merge into smaller segments");
        }
        ByteBuffer out = ByteBuffer.allocate((int) bytes);
        out.put(MAGIC).putLong(dataFileSize).putInt(entries.size());
        for (Entry entry : entries) {
            out.putInt(entry.key().length).putLong(entry.offset()).putInt(entry.length()).put(entry.key());
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        out.flip();
        try (FileChannel channel = FileChannel.open(hint, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new StorageException("cannot write hint file " + hint + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads the hint file {@code hint} of a data file of {@code dataFileSize} bytes.
     *
     * @throws CorruptionException naming the file and the offset of the problem, if the file is
     *     not a whole, undamaged hint file for a data file of that size
     * @throws StorageException if it cannot be read (a missing file included)
     */
    public static List<Entry> read(Path hint, long dataFileSize) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(hint);
        } catch (NoSuchFileException e) {
            throw new StorageException("hint file " + hint + " does not exist", e);
        } catch (IOException e) {
            throw new StorageException("cannot read hint file " + hint + ": " + e.getMessage(), e);
        }
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new CorruptionException(hint, 0, "not a hint file: it does not start with \"FZHINT01\"");
        }
        if (bytes.length < HEADER + CHECKSUM) {
            throw new CorruptionException(hint, bytes.length, "the file ends after " + bytes.length
                    + " bytes, inside its header (a hint file has at least " + (HEADER + CHECKSUM) + ")");
        }
        int checksumAt = bytes.length - CHECKSUM;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, checksumAt);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt(checksumAt) != (int) crc.getValue()) {
            throw new CorruptionException(hint, checksumAt,
                    "the checksum does not match the " + checksumAt + " bytes before it: damaged or cut short");
        }
        long writtenFor = in.getLong(MAGIC.length);
        if (writtenFor != dataFileSize) {
            throw new CorruptionException(hint, MAGIC.length, "written for a data file of " + writtenFor
                    + " bytes, but the data file has " + dataFileSize);
        }
        int count = in.getInt(MAGIC.length + 8);
        if (count < 0) {
            throw new CorruptionException(hint, MAGIC.length + 8, "negative entry count " + count);
        }
        List<Entry> entries = new ArrayList<>(Math.min(count, checksumAt / ENTRY_HEADER));
        in.position(HEADER).limit(checksumAt);
        for (int i = 0; i < count; i++) {
            int at = in.position();
            if (in.remaining() < ENTRY_HEADER) {
                throw new CorruptionException(hint, at, "entry " + i + " of " + count + " is cut short");
            }
            int keyLength = in.getInt();
            long offset = in.getLong();
            int length = in.getInt();
            if (keyLength < 0 || keyLength > in.remaining() || offset < 0 || length <= 0
                    || offset + length > dataFileSize) {
                throw new CorruptionException(hint, at, "entry " + i + " is impossible: a " + keyLength
                        + "-byte key, a " + length + "-byte record at offset " + offset
                        + " of a " + dataFileSize + "-byte data file");
            }
            byte[] key = new byte[keyLength];
            in.get(key);
            entries.add(new Entry(key, offset, length));
        }
        if (in.hasRemaining()) {
            throw new CorruptionException(hint, in.position(), in.remaining() + " bytes follow the last of " + count + " entries");
        }
        return entries;
    }
}
