package dev.fromzero.testkit.powercut;

import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Objects;

/**
 * A path of the power-cut file system: a real path in disguise, so that every file operation on it
 * reaches {@link CutProvider}. {@link #toFile()} and {@link #toUri()} are refused, since they
 * would lead to the real file behind the provider's back.
 */
final class CutPath implements Path {

    private final CutFileSystem fs;
    final Path real;

    CutPath(CutFileSystem fs, Path real) {
        this.fs = fs;
        this.real = real;
    }

    private CutPath wrap(Path path) {
        return path == null ? null : new CutPath(fs, path);
    }

    static Path unwrap(Path path) {
        if (path instanceof CutPath cut) {
            return cut.real;
        }
        throw new ProviderMismatchException(path + " is not a path of the power-cut file system; "
                + "build paths from the one you were given (resolve, getParent)");
    }

    @Override
    public CutFileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return real.isAbsolute();
    }

    @Override
    public Path getRoot() {
        return wrap(real.getRoot());
    }

    @Override
    public Path getFileName() {
        return wrap(real.getFileName());
    }

    @Override
    public Path getParent() {
        return wrap(real.getParent());
    }

    @Override
    public int getNameCount() {
        return real.getNameCount();
    }

    @Override
    public Path getName(int index) {
        return wrap(real.getName(index));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        return wrap(real.subpath(beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
        return other instanceof CutPath cut && real.startsWith(cut.real);
    }

    @Override
    public boolean endsWith(Path other) {
        return other instanceof CutPath cut && real.endsWith(cut.real);
    }

    @Override
    public Path normalize() {
        return wrap(real.normalize());
    }

    @Override
    public Path resolve(Path other) {
        return wrap(real.resolve(unwrap(other)));
    }

    @Override
    public Path relativize(Path other) {
        return wrap(real.relativize(unwrap(other)));
    }

    @Override
    public URI toUri() {
        throw Bypass.refused("Path.toUri()", this);
    }

    @Override
    public java.io.File toFile() {
        throw Bypass.refused("Path.toFile()", this);
    }

    @Override
    public Path toAbsolutePath() {
        return wrap(real.toAbsolutePath());
    }

    @Override
    public Path toRealPath(LinkOption... options) throws java.io.IOException {
        return wrap(real.toRealPath(options));
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("the power-cut file system does not watch directories");
    }

    @Override
    public int compareTo(Path other) {
        return real.compareTo(unwrap(other));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CutPath cut && cut.fs == fs && cut.real.equals(real);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fs, real);
    }

    @Override
    public String toString() {
        return real.toString();
    }
}
