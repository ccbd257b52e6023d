package dev.fromzero.testkit.powercut;

import dev.fromzero.testkit.powercut.Nodes.DirNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;

/**
 * A directory opened for reading, the way code syncs a directory:
 * {@code FileChannel.open(dir, READ).force(true)} makes every create, rename and delete in it
 * durable. It works on every platform here (Windows cannot open a directory for real), and
 * anything but {@code force} fails as it does on Linux.
 */
final class DirectoryChannel extends FileChannel {

    private final Disk disk;
    private final DirNode dir;
    private final Path path;
    private final int generation;

    DirectoryChannel(Disk disk, DirNode dir, Path path, int generation) {
        this.disk = disk;
        this.dir = dir;
        this.path = path;
        this.generation = generation;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        if (!isOpen()) {
            throw new java.nio.channels.ClosedChannelException();
        }
        disk.enter(generation, path);
        try {
            disk.checkForce(path);
            disk.syncDirectory(dir);
        } finally {
            disk.exit();
        }
    }

    private IOException isADirectory() {
        return new IOException(path + " is a directory: it can only be synced (force)");
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        throw isADirectory();
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        throw isADirectory();
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        throw isADirectory();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        throw isADirectory();
    }

    @Override
    public long position() {
        return 0;
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        throw isADirectory();
    }

    @Override
    public long size() {
        return 0;
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        throw isADirectory();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        throw isADirectory();
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        throw isADirectory();
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        throw isADirectory();
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        throw isADirectory();
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        throw isADirectory();
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        throw isADirectory();
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        throw isADirectory();
    }

    @Override
    protected void implCloseChannel() {
        // nothing real was opened
    }
}
