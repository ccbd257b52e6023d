package dev.fromzero.raft.storage;

import dev.fromzero.kv.CorruptionException;
import dev.fromzero.kv.StorageException;
import dev.fromzero.kv.log.Log;
import dev.fromzero.raft.Snapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The node's latest snapshot, in one file, {@code snapshot}, replaced atomically: the new one is
 * written to {@code snapshot.tmp}, forced, renamed over the old one, and the directory synced.
 * A crash at any point leaves the old snapshot or the new one, whole, never a mix.
 *
 * <pre>
 * offset  size  field
 * 0       4     magic "RSNP"
 * 4       8     last index
 * 12      8     last term
 * 20      4     data length n
 * 24      n     data
 * 24+n    4     CRC32C of bytes 0 .. 24+n
 * </pre>
 * All numbers are big-endian.
 */
final class SnapshotFile {

    static final String NAME = "snapshot";
    static final String TEMPORARY = "snapshot.tmp";
    private static final int MAGIC = 0x52534E50;
    private static final int HEADER = 24;

    private SnapshotFile() {
    }

    /** The snapshot stored in {@code dir}, or null if there is none. */
    static Snapshot read(Path dir) {
        Path file = dir.resolve(NAME);
        if (!Files.exists(file)) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new StorageException("cannot read the snapshot " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length < HEADER + 4) {
            throw new CorruptionException(file, 0, "a snapshot file of " + bytes.length + " bytes is shorter than its header");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt() != MAGIC) {
            throw new CorruptionException(file, 0, "not a snapshot file: wrong magic number");
        }
        long lastIndex = in.getLong();
        long lastTerm = in.getLong();
        int length = in.getInt();
        if (length < 0 || length != bytes.length - HEADER - 4) {
            throw new CorruptionException(file, 20, "the snapshot says it holds " + length + " bytes of data, but the file has "
                    + (bytes.length - HEADER - 4));
        }
        if (crc(bytes, HEADER + length) != ByteBuffer.wrap(bytes, HEADER + length, 4).getInt()) {
            throw new CorruptionException(file, HEADER + length, "the snapshot's checksum does not match its bytes");
        }
        byte[] data = new byte[length];
        in.get(data);
        return new Snapshot(lastIndex, lastTerm, data);
    }

    /** Replaces the snapshot in {@code dir} with {@code snapshot}, durably and atomically. */
    static void write(Path dir, Snapshot snapshot) {
        ByteBuffer out = ByteBuffer.allocate(HEADER + snapshot.data().length + 4);
        out.putInt(MAGIC).putLong(snapshot.lastIndex()).putLong(snapshot.lastTerm()).putInt(snapshot.data().length).put(snapshot.data());
        out.putInt(crc(out.array(), out.position()));
        out.flip();
        Path temporary = dir.resolve(TEMPORARY);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (out.hasRemaining()) {
                channel.write(out);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new StorageException("cannot write the snapshot " + temporary + ": " + e.getMessage(), e);
        }
        try {
            Files.move(temporary, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StorageException("cannot rename " + temporary + " to " + NAME + ": " + e.getMessage(), e);
        }
        Log.syncDirectoryOf(dir);
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
