package dev.fromzero.kv;

import java.nio.file.Path;

/**
 * Data on disk is not what was written: a checksum does not match, or a structure is
 * impossible. Raised instead of returning wrong data. The message names the file and the byte
 * offset so that a person can look at the damage ({@code xxd -s OFFSET FILE | head}).
 */
public class CorruptionException extends StorageException {

    private final Path file;
    private final long offset;

    public CorruptionException(Path file, long offset, String what) {
        super(what + " in " + file + " at offset " + offset
                + ": the file is damaged; restore it from a backup or move it aside to open the rest");
        this.file = file;
        this.offset = offset;
    }

    /** The damaged file. */
    public Path file() {
        return file;
    }

    /** The byte offset in {@link #file()} where the damaged record starts. */
    public long offset() {
        return offset;
    }
}
