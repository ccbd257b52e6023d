package dev.fromzero.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * Damage files the way crashes and disks do, at an exact offset: cut a file short (a torn
 * write), flip a bit or overwrite bytes (corruption), zero a tail (a file extended before its
 * data reached the disk). Tests typically copy a good directory with {@link #copyDirectory}, damage
 * the copy, and reopen it.
 */
public final class FileFaults {

    private FileFaults() {
    }

    /** Cuts {@code file} to {@code length} bytes, as a crash in the middle of a write would. */
    public static void truncate(Path file, long length) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            requireWithin(file, length, ch.size() + 1);
            ch.truncate(length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Flips bit {@code bit} (0 = least significant) of the byte at {@code offset}. */
    public static void flipBit(Path file, long offset, int bit) {
        if (bit < 0 || bit > 7) {
            throw new IllegalArgumentException("bit must be 0..7, was " + bit);
        }
        xor(file, offset, (byte) (1 << bit));
    }

    /** XORs the byte at {@code offset} with {@code mask} (a non-zero mask always changes it). */
    public static void xor(Path file, long offset, byte mask) {
        byte old = readByte(file, offset);
        overwrite(file, offset, new byte[] {(byte) (old ^ mask)});
    }

    /** Writes {@code bytes} over the file's content at {@code offset}, without changing its size. */
    public static void overwrite(Path file, long offset, byte[] bytes) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            requireWithin(file, offset + bytes.length, ch.size() + 1);
            ch.write(ByteBuffer.wrap(bytes), offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends {@code count} zero bytes, as a file system that grew a file but lost its data. */
    public static void appendZeros(Path file, int count) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.allocate(count));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The byte at {@code offset}. */
    public static byte readByte(Path file, long offset) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            requireWithin(file, offset + 1, ch.size() + 1);
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, offset);
            return one.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's size in bytes. */
    public static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies every file under {@code source} to {@code target}, which must not exist yet. */
    public static void copyDirectory(Path source, Path target) {
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path p : paths.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void requireWithin(Path file, long end, long limit) {
        if (end < 0 || end >= limit) {
            throw new IllegalArgumentException("offset " + end + " is outside " + file + " (size " + (limit - 1) + ")");
        }
    }
}
