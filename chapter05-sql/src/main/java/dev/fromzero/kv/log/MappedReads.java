package dev.fromzero.kv.log;

import dev.fromzero.kv.CorruptionException;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Reads of one {@link DataFile} through a read-only memory map of the file, which cost no system
 * call. Chapter 3's server reads far more than it writes, and in a virtual machine a system call
 * per read was most of a GET's time.
 *
 * <p>The map covers the file as it was when it was made. A read past it maps the file again,
 * whole, once the file has grown enough since the last map: twice as large, or
 * {@link #REMAP_BYTES} larger. Until then (and when mapping fails) the data file reads with a
 * system call, as in chapter 1.
 */
final class MappedReads {

    /** Map again once the file is this much larger than the map. */
    private static final long REMAP_BYTES = 4L * 1024 * 1024;

    private final Path path;
    private final FileChannel channel;
    /** A map of the file's first {@code mapped.capacity()} bytes, or null. */
    private volatile MappedByteBuffer mapped;
    private boolean closed;

    MappedReads(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /**
     * Reads the record at {@code position} of a file of {@code size} bytes through the map, or
     * returns null when it is not mapped (yet): the caller then reads it with a system call.
     */
    LogRecord read(Position position, long size) {
        MappedByteBuffer map = mapped;
        if (map == null || position.end() > map.capacity()) {
            map = remap(size);
            if (map == null || position.end() > map.capacity()) {
                return null;
            }
        }
        ByteBuffer bytes = map.duplicate().limit((int) position.end()).position((int) position.offset()).slice();
        if (RecordCodec.decode(bytes) instanceof RecordCodec.Decoded.Ok ok && ok.length() == position.length()) {
            return ok.record();
        }
        throw new CorruptionException(path, position.offset(), "no intact record of " + position.length() + " bytes");
    }

    /**
     * Unmaps the file now, before a truncation (reading a map past the end of its file kills the
     * JVM). Callers make sure no reader uses the map meanwhile: the store closes or drops a
     * segment only under its index lock.
     */
    synchronized void unmap() {
        MappedByteBuffer map = mapped;
        mapped = null;
        if (map != null) {
            try {
                Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                field.setAccessible(true);
                ((sun.misc.Unsafe) field.get(null)).invokeCleaner(map);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // left to the garbage collector
            }
        }
    }

    /**
     * Unmaps the file for good, when it closes: so that a merge's deleted segment frees its disk
     * at once, not at the next garbage collection.
     */
    synchronized void close() {
        closed = true;
        unmap();
    }

    private synchronized MappedByteBuffer remap(long size) {
        MappedByteBuffer map = mapped;
        long before = map == null ? 0 : map.capacity();
        if (closed || size > Integer.MAX_VALUE || size == 0 || (size < 2 * before && size - before < REMAP_BYTES)) {
            return map;
        }
        try {
            // An old map stays valid for readers still using it; the garbage collector unmaps it.
            map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
        } catch (IOException e) {
            return null; // reads go through system calls instead
        }
        mapped = map;
        return map;
    }
}
