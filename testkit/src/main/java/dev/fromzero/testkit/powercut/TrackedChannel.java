package dev.fromzero.testkit.powercut;

import dev.fromzero.testkit.powercut.Nodes.FileNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A file opened through the power-cut file system: reads go straight to the real file, writes,
 * truncations and forces go through the {@link Disk}, which remembers what is not yet durable.
 * After a cut every call but {@code close} fails, as the process that opened it is gone.
 */
final class TrackedChannel extends FileChannel {

    final Disk disk;
    final FileNode node;
    final FileChannel delegate;
    final Path path;
    private final int generation;
    private final boolean readable;
    private final boolean writable;
    private final boolean append;
    private final boolean syncEveryWrite;
    private long position;

    TrackedChannel(Disk disk, FileNode node, FileChannel delegate, Path path, int generation,
                   boolean readable, boolean writable, boolean append, boolean syncEveryWrite) {
        this.disk = disk;
        this.node = node;
        this.delegate = delegate;
        this.path = path;
        this.generation = generation;
        this.readable = readable;
        this.writable = writable;
        this.append = append;
        this.syncEveryWrite = syncEveryWrite;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws IOException;
    }

    private <T> T live(Call<T> call) throws IOException {
        ensureOpen();
        disk.enter(generation, path);
        try {
            return call.run();
        } finally {
            disk.exit();
        }
    }

    private void ensureOpen() throws IOException {
        if (!isOpen()) {
            throw new java.nio.channels.ClosedChannelException();
        }
    }

    private void mayRead() {
        if (!readable) {
            throw new NonReadableChannelException();
        }
    }

    private void mayWrite() {
        if (!writable) {
            throw new NonWritableChannelException();
        }
    }

    @Override
    public synchronized int read(ByteBuffer dst) throws IOException {
        mayRead();
        return live(() -> {
            int n = delegate.read(dst, position);
            if (n > 0) {
                position += n;
            }
            return n;
        });
    }

    @Override
    public synchronized long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            if (!dsts[i].hasRemaining()) {
                continue;
            }
            int n = read(dsts[i]);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
            if (dsts[i].hasRemaining()) {
                break;
            }
        }
        return total;
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        mayWrite();
        return live(() -> {
            int n = src.remaining();
            long at = writeAt(src, append ? -1 : position);
            position = at + n;
            return n;
        });
    }

    @Override
    public synchronized long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            total += write(srcs[i]);
        }
        return total;
    }

    @Override
    public int read(ByteBuffer dst, long at) throws IOException {
        mayRead();
        return live(() -> delegate.read(dst, at));
    }

    @Override
    public int write(ByteBuffer src, long at) throws IOException {
        mayWrite();
        if (at < 0) {
            throw new IllegalArgumentException("negative position " + at);
        }
        return live(() -> {
            int n = src.remaining();
            writeAt(src, at);
            return n;
        });
    }

    private long writeAt(ByteBuffer src, long at) throws IOException {
        long offset = disk.write(this, src, at);
        if (syncEveryWrite) {
            disk.force(this);
        }
        return offset;
    }

    @Override
    public synchronized long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public synchronized FileChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        return live(delegate::size);
    }

    @Override
    public synchronized FileChannel truncate(long size) throws IOException {
        mayWrite();
        if (size < 0) {
            throw new IllegalArgumentException("negative size " + size);
        }
        live(() -> {
            disk.truncate(this, size);
            return null;
        });
        position = Math.min(position, size);
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        live(() -> {
            disk.force(this);
            return null;
        });
    }

    @Override
    public long transferTo(long at, long count, WritableByteChannel target) throws IOException {
        mayRead();
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(count, 64 * 1024));
        long done = 0;
        while (done < count) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
            int n = read(buffer, at + done);
            if (n <= 0) {
                break;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                target.write(buffer);
            }
            done += n;
        }
        return done;
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long at, long count) throws IOException {
        mayWrite();
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(count, 64 * 1024));
        long done = 0;
        while (done < count) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
            int n = src.read(buffer);
            if (n <= 0) {
                break;
            }
            buffer.flip();
            write(buffer, at + done);
            done += n;
        }
        return done;
    }

    /**
     * Maps the real file: a read-only (or private) map sees exactly the bytes written. A writable
     * map is refused, since its writes would reach the file unseen.
     */
    @Override
    public MappedByteBuffer map(MapMode mode, long at, long size) throws IOException {
        if (mode == MapMode.READ_WRITE) {
            throw new UnsupportedOperationException("the power-cut file system cannot see writes through a "
                    + "READ_WRITE map of " + path + ": write with FileChannel.write, map READ_ONLY to read");
        }
        return live(() -> {
            if (at + size > delegate.size()) {
                mayWrite(); // the JDK grows a writable file to the mapped size: do it where the disk sees it
                disk.write(this, ByteBuffer.allocate(1), at + size - 1);
            }
            return delegate.map(mode, at, size);
        });
    }

    @Override
    public FileLock lock(long at, long size, boolean shared) throws IOException {
        return live(() -> new Lock(this, delegate.lock(at, size, shared)));
    }

    @Override
    public FileLock tryLock(long at, long size, boolean shared) throws IOException {
        return live(() -> {
            FileLock lock = delegate.tryLock(at, size, shared);
            return lock == null ? null : new Lock(this, lock);
        });
    }

    @Override
    protected void implCloseChannel() throws IOException {
        disk.closed(this);
        delegate.close();
    }

    /** A lock on the real file, reported as a lock of this channel. */
    private static final class Lock extends FileLock {
        private final FileLock real;

        Lock(TrackedChannel channel, FileLock real) {
            super(channel, real.position(), real.size(), real.isShared());
            this.real = real;
        }

        @Override
        public boolean isValid() {
            return real.isValid();
        }

        @Override
        public void release() throws IOException {
            real.release();
        }
    }
}
