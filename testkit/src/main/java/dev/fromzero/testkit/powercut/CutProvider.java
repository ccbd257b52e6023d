package dev.fromzero.testkit.powercut;

import dev.fromzero.testkit.powercut.Nodes.DirNode;
import dev.fromzero.testkit.powercut.Nodes.FileNode;
import dev.fromzero.testkit.powercut.Nodes.Node;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.spi.FileSystemProvider;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * The provider behind the power-cut file system. It does every operation on the real file (so
 * reads, listings and attributes are the real ones) and tells the {@link Disk} about each change to
 * bytes or names below the root. Changes outside the root are refused: the model would not know
 * them.
 */
final class CutProvider extends FileSystemProvider {

    private final CutFileSystem fs;
    private final Disk disk;
    private final FileSystemProvider real;

    CutProvider(CutFileSystem fs, Disk disk) {
        this.fs = fs;
        this.disk = disk;
        this.real = disk.realRoot.getFileSystem().provider();
    }

    @Override
    public String getScheme() {
        return "powercut";
    }

    @Override
    public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
        throw new UnsupportedOperationException("create a power-cut file system with PowerCut.in(directory)");
    }

    @Override
    public FileSystem getFileSystem(URI uri) {
        throw new UnsupportedOperationException("the power-cut file system has no URIs");
    }

    @Override
    public Path getPath(URI uri) {
        throw new UnsupportedOperationException("the power-cut file system has no URIs");
    }

    /** The names below the root, for a change; a change outside the root is refused. */
    private List<String> names(Path real, String what) {
        List<String> names = disk.namesOf(real);
        if (names == null) {
            throw new UnsupportedOperationException("cannot " + what + " " + real + ": it is outside the power-cut "
                    + "file system's root " + disk.realRoot + ", where nothing is tracked");
        }
        return names;
    }

    private <T> T now(IoCall<T> call) throws IOException {
        disk.enter(disk.generation, null);
        try {
            return call.run();
        } finally {
            disk.exit();
        }
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T run() throws IOException;
    }

    @Override
    public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        Path file = CutPath.unwrap(path);
        boolean write = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
        boolean read = options.contains(StandardOpenOption.READ) || !write;
        if (!write) {
            if (Files.isDirectory(file)) {
                List<String> names = disk.namesOf(file);
                if (names != null && disk.lookup(names) instanceof DirNode dir) {
                    return new DirectoryChannel(disk, dir, file, disk.generation);
                }
            }
            if (disk.namesOf(file) == null) {
                return real.newFileChannel(file, options, attrs); // outside the root: read-only, nothing to track
            }
        }
        if (options.contains(StandardOpenOption.DELETE_ON_CLOSE)) {
            throw new UnsupportedOperationException("the power-cut file system does not support DELETE_ON_CLOSE ("
                    + file + "): delete the file with Files.delete");
        }
        List<String> names = names(file, "open for writing");
        return now(() -> {
            synchronized (disk) {
                Node existing = disk.lookup(names);
                if (existing instanceof DirNode) {
                    throw new IOException(file + " is a directory");
                }
                Set<OpenOption> realOptions = new HashSet<>(options);
                realOptions.remove(StandardOpenOption.APPEND);
                realOptions.remove(StandardOpenOption.TRUNCATE_EXISTING);
                realOptions.remove(StandardOpenOption.SYNC);
                realOptions.remove(StandardOpenOption.DSYNC);
                realOptions.add(StandardOpenOption.READ);
                if (write) {
                    realOptions.add(StandardOpenOption.WRITE);
                }
                FileNode node = existing instanceof FileNode f ? f : null;
                if (node == null && !write) {
                    if (Files.exists(file)) {
                        throw new IOException(Bypass.message(file, "it exists, but it was not created through its Path"));
                    }
                    throw new NoSuchFileException(file.toString());
                }
                if (node == null && !options.contains(StandardOpenOption.CREATE)
                        && !options.contains(StandardOpenOption.CREATE_NEW)) {
                    throw new NoSuchFileException(file.toString());
                }
                if (node != null && options.contains(StandardOpenOption.CREATE_NEW)) {
                    throw new FileAlreadyExistsException(file.toString());
                }
                if (node == null) {
                    disk.parentOf(names, file);
                }
                FileChannel delegate = real.newFileChannel(file, realOptions, attrs);
                if (node == null) {
                    node = disk.newFile();
                    disk.created(names, file, node);
                }
                TrackedChannel channel = new TrackedChannel(disk, node, delegate, file, disk.generation, read, write,
                        options.contains(StandardOpenOption.APPEND),
                        options.contains(StandardOpenOption.SYNC) || options.contains(StandardOpenOption.DSYNC));
                disk.opened(channel);
                if (write && options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
                    disk.truncate(channel, 0);
                }
                return channel;
            }
        });
    }

    @Override
    public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
            throws IOException {
        return newFileChannel(path, options, attrs);
    }

    @Override
    public AsynchronousFileChannel newAsynchronousFileChannel(Path path, Set<? extends OpenOption> options,
                                                              ExecutorService executor, FileAttribute<?>... attrs) {
        throw new UnsupportedOperationException("the power-cut file system has no asynchronous channels: use FileChannel");
    }

    @Override
    public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        Path realDir = CutPath.unwrap(dir);
        boolean isRoot = realDir.toAbsolutePath().normalize().equals(disk.realRoot);
        DirectoryStream<Path> entries = real.newDirectoryStream(realDir, entry ->
                !(isRoot && entry.getFileName().toString().equals(Disk.HIDDEN)) && filter.accept(fs.wrap(entry)));
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                Iterator<Path> it = entries.iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    @Override
                    public Path next() {
                        return fs.wrap(it.next());
                    }
                };
            }

            @Override
            public void close() throws IOException {
                entries.close();
            }
        };
    }

    @Override
    public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
        Path realDir = CutPath.unwrap(dir);
        List<String> names = names(realDir, "create the directory");
        now(() -> {
            synchronized (disk) {
                disk.parentOf(names, realDir);
                real.createDirectory(realDir, attrs);
                disk.created(names, realDir, disk.newDirectory());
            }
            return null;
        });
    }

    @Override
    public void delete(Path path) throws IOException {
        Path file = CutPath.unwrap(path);
        List<String> names = names(file, "delete");
        now(() -> {
            disk.delete(names, file);
            return null;
        });
    }

    @Override
    public void copy(Path source, Path target, CopyOption... options) throws IOException {
        Path to = CutPath.unwrap(target);
        Set<CopyOption> set = Set.of(options);
        if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            if (!set.contains(StandardCopyOption.REPLACE_EXISTING)) {
                throw new FileAlreadyExistsException(to.toString());
            }
            delete(target);
        }
        if (Files.isDirectory(CutPath.unwrap(source))) {
            createDirectory(target);
            return;
        }
        try (FileChannel in = newFileChannel(source, Set.of(StandardOpenOption.READ));
             FileChannel out = newFileChannel(target, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            while (in.read(buffer) >= 0 || buffer.position() > 0) {
                buffer.flip();
                out.write(buffer);
                buffer.compact();
            }
        }
    }

    @Override
    public void move(Path source, Path target, CopyOption... options) throws IOException {
        Path from = CutPath.unwrap(source);
        Path to = CutPath.unwrap(target);
        List<String> fromNames = names(from, "move");
        List<String> toNames = names(to, "move a file to");
        now(() -> {
            disk.move(fromNames, from, toNames, to, options);
            return null;
        });
    }

    @Override
    public boolean isSameFile(Path path, Path path2) throws IOException {
        return real.isSameFile(CutPath.unwrap(path), CutPath.unwrap(path2));
    }

    @Override
    public boolean isHidden(Path path) throws IOException {
        return real.isHidden(CutPath.unwrap(path));
    }

    @Override
    public FileStore getFileStore(Path path) throws IOException {
        return real.getFileStore(CutPath.unwrap(path));
    }

    @Override
    public void checkAccess(Path path, AccessMode... modes) throws IOException {
        real.checkAccess(CutPath.unwrap(path), modes);
    }

    @Override
    public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
        return real.getFileAttributeView(CutPath.unwrap(path), type, options);
    }

    @Override
    public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        return real.readAttributes(CutPath.unwrap(path), type, options);
    }

    @Override
    public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
        return real.readAttributes(CutPath.unwrap(path), attributes, options);
    }

    @Override
    public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
        real.setAttribute(CutPath.unwrap(path), attribute, value, options);
    }

    @Override
    public void createSymbolicLink(Path link, Path target, FileAttribute<?>... attrs) {
        throw new UnsupportedOperationException("the power-cut file system does not model links");
    }

    @Override
    public void createLink(Path link, Path existing) {
        throw new UnsupportedOperationException("the power-cut file system does not model links");
    }
}
