package dev.fromzero.kv.log;

import dev.fromzero.kv.CorruptionException;
import dev.fromzero.kv.StorageException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One append-only file of records. Records are only ever added at the end, with one
 * {@code write} call per record or batch, so a crash can damage only the record being written:
 * the tail. Nothing is rewritten in place, which is what makes the file easy to make safe.
 *
 * <p>A data file is not thread-safe: its owner ({@link Log}) serializes calls.
 */
public final class DataFile implements Closeable {

    private static final int SCAN_BUFFER = 256 * 1024;
    private static final int WRITE_BUFFER = 64 * 1024;

    private final Path path;
    private final long id;
    private final FileChannel channel;
    private long size;
    private boolean closed;
    private ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER);
    /** Reads that cost no system call, for chapter 3's server. */
    private final MappedReads mapped;

    private DataFile(Path path, long id, FileChannel channel, long size) {
        this.path = path;
        this.id = id;
        this.channel = channel;
        this.size = size;
        this.mapped = new MappedReads(path, channel);
    }

    /**
     * Opens the data file at {@code path}, creating it if it does not exist. Appends go to its
     * end. Opening does not check the contents; {@link #scan} does.
     *
     * @param id the file's number, which every {@link Position} into it carries
     */
    public static DataFile open(Path path, long id) {
        try {
            FileChannel channel = FileChannel.open(path,
                    StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            return new DataFile(path, id, channel, channel.size());
        } catch (IOException e) {
            throw new StorageException("cannot open data file " + path + ": " + e.getMessage(), e);
        }
    }

    /** The file's number. */
    public long id() {
        return id;
    }

    /** The file's path. */
    public Path path() {
        return path;
    }

    /** The file's size in bytes: where the next append goes. */
    public long size() {
        return size;
    }

    /**
     * Appends one record on its own (not part of a batch) and returns where it went. When this
     * returns, the record is in the operating system's hands (it survives a crash of this
     * process); after {@link #sync} it also survives a crash of the machine.
     */
    public Position append(LogRecord record) {
        ensureOpen();
        ByteBuffer bytes = writeBuffer(RecordCodec.encodedSize(record));
        RecordCodec.encode(record, false, bytes);
        bytes.flip();
        long offset = size;
        write(bytes);
        return new Position(id, offset, bytes.limit());
    }

    /**
     * Appends {@code records} as one batch: each as a batch member, then a commit record, all in
     * one write. Returns the members' positions, in order. An empty batch writes nothing.
     */
    public List<Position> appendBatch(List<LogRecord> records) {
        ensureOpen();
        List<Position> positions = new ArrayList<>(records.size());
        if (records.isEmpty()) {
            return positions;
        }
        ByteBuffer batch = writeBuffer(RecordCodec.encodedBatchSize(records));
        for (LogRecord record : records) {
            int start = batch.position();
            RecordCodec.encode(record, true, batch);
            positions.add(new Position(id, size + start, batch.position() - start));
        }
        RecordCodec.encode(RecordCodec.commit(records.size()), false, batch);
        batch.flip();
        write(batch);
        return positions;
    }

    /**
     * Reads back the record at {@code position}.
     *
     * @throws IllegalArgumentException if the position is not in this file
     * @throws CorruptionException if the bytes there are not an intact record of that length
     */
    public LogRecord read(Position position) {
        ensureOpen();
        if (position.fileId() != id || position.end() > size) {
            throw new IllegalArgumentException(position + " is not in data file " + path + " (id " + id + ", " + size + " bytes)");
        }
        LogRecord fromMap = mapped.read(position, size);
        if (fromMap != null) {
            return fromMap;
        }
        ByteBuffer bytes = ByteBuffer.allocate(position.length());
        readFully(bytes, position.offset());
        bytes.flip();
        if (RecordCodec.decode(bytes) instanceof RecordCodec.Decoded.Ok ok && ok.length() == position.length()) {
            return ok.record();
        }
        throw new CorruptionException(path, position.offset(), "no intact record of " + position.length() + " bytes");
    }

    /**
     * Reads the file from the start and gives {@code visitor} every committed record, in order:
     * a record on its own at once, a batch's members only when its commit record has been read
     * (commit records themselves are not visited).
     *
     * <p>The scan stops at the tail: a record cut short by a crash, a last record whose payload
     * did not reach the disk, zeros a file system left at the end, or batch members with no
     * commit record after them. It returns where the tail starts (the end of the last committed
     * record); that is {@link #size()} when the file ends cleanly.
     *
     * @throws CorruptionException if a damaged record or an impossible structure is followed by
     *     more data: that is not a torn write, and the data after it must not be silently dropped
     */
    public long scan(Consumer<LogEntry> visitor) {
        ensureOpen();
        Reader reader = new Reader();
        List<LogEntry> batch = new ArrayList<>();
        long committedEnd = 0;
        long offset = 0;
        while (offset < size) {
            RecordCodec.Decoded decoded = reader.decodeAt(offset);
            if (decoded instanceof RecordCodec.Decoded.Ok ok) {
                LogEntry entry = new LogEntry(new Position(id, offset, ok.length()), ok.record());
                if (ok.record().type() == RecordType.BATCH_COMMIT) {
                    int count = RecordCodec.committedCount(ok.record());
                    if (count != batch.size()) {
                        throw new CorruptionException(path, offset,
                                "batch commit for " + count + " records follows " + batch.size() + " batch members");
                    }
                    batch.forEach(visitor);
                    batch.clear();
                    committedEnd = entry.position().end();
                } else if (ok.batchMember()) {
                    batch.add(entry);
                } else if (!batch.isEmpty()) {
                    throw new CorruptionException(path, batch.get(0).position().offset(),
                            "batch without a commit record, followed by other records");
                } else {
                    visitor.accept(entry);
                    committedEnd = entry.position().end();
                }
                offset += ok.length();
            } else if (decoded instanceof RecordCodec.Decoded.Corrupt torn
                    && reader.zerosFrom(offset + Math.max(torn.length(), RecordCodec.MAX_HEADER_SIZE))) {
                // A power cut tore a write of several records (Raft's batches of entries) and left zeros
                // where the rest of it had not arrived: the damaged record is the torn tail.
                break;
            } else if (decoded instanceof RecordCodec.Decoded.Corrupt corrupt
                    && !(corrupt.length() > 0 && offset + corrupt.length() == size) && !reader.zerosFrom(offset)) {
                throw new CorruptionException(path, offset, corrupt.reason());
            } else {
                break;
            }
        }
        return committedEnd;
    }

    /**
     * Cuts the file to {@code length} bytes, dropping a torn tail, and syncs the change.
     */
    public void truncate(long length) {
        ensureOpen();
        if (length < 0 || length > size) {
            throw new IllegalArgumentException("cannot truncate " + path + " (" + size + " bytes) to " + length + " bytes");
        }
        try {
            mapped.unmap();
            channel.truncate(length);
            channel.force(true);
            size = length;
        } catch (IOException e) {
            throw new StorageException("cannot truncate " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Forces every appended record to the disk: after this returns, they survive a crash of the
     * machine, not only of the process.
     */
    public void sync() {
        ensureOpen();
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new StorageException("cannot sync " + path + ": " + e.getMessage(), e);
        }
    }

    /** Closes the file. Later calls fail with {@link IllegalStateException}; closing twice is fine. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            mapped.close();
            channel.close();
        } catch (IOException e) {
            throw new StorageException("cannot close " + path + ": " + e.getMessage(), e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("data file " + path + " is closed");
        }
    }

    /**
     * An empty buffer of at least {@code bytes} bytes to encode an append into. It is reused from
     * append to append: allocating (and zeroing) a new array per record, which the JDK then copies
     * into native memory for the write, costs a large record a fifth of its append time.
     */
    private ByteBuffer writeBuffer(int bytes) {
        if (writeBuffer.capacity() < bytes) {
            writeBuffer = ByteBuffer.allocateDirect(bytes);
        }
        return writeBuffer.clear().limit(bytes);
    }

    private void write(ByteBuffer bytes) {
        long offset = size;
        try {
            while (bytes.hasRemaining()) {
                offset += channel.write(bytes, offset);
            }
        } catch (IOException e) {
            throw new StorageException("cannot append to " + path + " at offset " + size + ": " + e.getMessage(), e);
        }
        size = offset;
    }

    private void readFully(ByteBuffer into, long offset) {
        try {
            while (into.hasRemaining()) {
                int n = channel.read(into, offset + into.position());
                if (n < 0) {
                    throw new CorruptionException(path, offset, "file ends inside a record");
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot read " + path + " at offset " + offset + ": " + e.getMessage(), e);
        }
    }

    /** Reads the file front to back through one buffer, for {@link #scan}. */
    private final class Reader {
        private ByteBuffer window = ByteBuffer.allocate(SCAN_BUFFER);
        private long windowStart = 0;

        Reader() {
            window.limit(0);
        }

        /** Decodes the record at {@code offset}, reading more of the file as the record needs. */
        RecordCodec.Decoded decodeAt(long offset) {
            fill(offset, RecordCodec.MAX_HEADER_SIZE);
            RecordCodec.Decoded decoded = RecordCodec.decode(window.duplicate().position((int) (offset - windowStart)));
            if (decoded instanceof RecordCodec.Decoded.Incomplete incomplete
                    && incomplete.length() > 0 && offset + incomplete.length() <= size) {
                fill(offset, incomplete.length());
                decoded = RecordCodec.decode(window.duplicate().position((int) (offset - windowStart)));
            }
            return decoded;
        }

        /** Whether every byte from {@code offset} to the end of the file is zero. */
        boolean zerosFrom(long offset) {
            for (long at = offset; at < size; at += SCAN_BUFFER) {
                fill(at, (int) Math.min(SCAN_BUFFER, size - at));
                for (int i = (int) (at - windowStart); i < window.limit(); i++) {
                    if (window.get(i) != 0) {
                        return false;
                    }
                }
            }
            return true;
        }

        /** Makes the window hold at least {@code bytes} bytes from {@code offset}, or up to the end of the file. */
        private void fill(long offset, int bytes) {
            long wanted = Math.min(bytes, size - offset);
            if (offset >= windowStart && offset + wanted <= windowStart + window.limit()) {
                return;
            }
            if (window.capacity() < wanted) {
                window = ByteBuffer.allocate((int) wanted);
            }
            window.clear();
            window.limit((int) Math.min(window.capacity(), size - offset));
            windowStart = offset;
            readFully(window, offset);
            window.flip();
        }
    }
}
