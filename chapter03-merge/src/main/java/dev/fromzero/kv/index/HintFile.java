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
        throw new UnsupportedOperationException("TODO(chapter03): Encode the header, the entries and a CRC32C of it all, write it in one go and sync it (docs/chapter03-merge.md#step-1-hint-files)");
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
        throw new UnsupportedOperationException("TODO(chapter03): Check the magic and the checksum, then the data file size, then decode every entry within bounds (docs/chapter03-merge.md#step-1-hint-files)");
    }
}
