package dev.fromzero.bench;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The baseline the log is measured against: the same bytes appended with bare
 * {@link FileChannel} writes, and nothing else. No encoding, no checksums, no positions.
 *
 * <p>It splits its output into numbered files at the same size boundary as the log's segments,
 * and on the way out of a full file does what the log does: forces the file, then syncs the
 * directory that gained the next one. Without this the log alone would pay a 64 MiB force every
 * 64 MiB, and the ratio would measure that policy rather than the append path.
 *
 * <p>Writes are positional ({@code pwrite}), from a heap buffer, as the log's are: the JDK copies
 * a heap buffer into a direct one on every write, for both sides alike.
 */
final class PlainSegments implements Closeable {

    private final Path dir;
    private final long maxFileBytes;
    private FileChannel channel;
    private long size;
    private int files;

    PlainSegments(Path dir, long maxFileBytes) throws IOException {
        this.dir = dir;
        this.maxFileBytes = maxFileBytes;
        openNext();
    }

    /** Appends all of {@code bytes}, from its start, at the end of the current file. */
    void write(ByteBuffer bytes) throws IOException {
        if (size > 0 && size + bytes.limit() > maxFileBytes) {
            channel.force(false);
            channel.close();
            openNext();
            syncDirectory();
        }
        bytes.rewind();
        while (bytes.hasRemaining()) {
            size += channel.write(bytes, size);
        }
    }

    /** Forces the current file's data to the disk, as {@code Log.sync} does. */
    void sync() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void openNext() throws IOException {
        files++;
        channel = FileChannel.open(dir.resolve(String.format("%09d.plain", files)),
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        size = 0;
    }

    private void syncDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // As in Log: some platforms (Windows) cannot open a directory, and need no such sync.
        }
    }
}
