package dev.fromzero.course.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Waits for saves of {@code .java} files under some directory trees. The JDK's
 * {@link WatchService} watches one directory at a time, so every directory is registered, and so
 * is every directory created later. An editor's save is often a burst of events (a temporary
 * file, a rename, a second write): events are collected until the trees have been quiet for
 * {@link #QUIET_MS} ms, and the burst counts as one change.
 *
 * <p>{@link #close()} from another thread ends a waiting {@link #next()} with
 * {@link java.nio.file.ClosedWatchServiceException}.
 */
final class SourceWatcher implements AutoCloseable {

    static final long QUIET_MS = 100;

    private final WatchService service;
    private final Map<WatchKey, Path> dirs = new HashMap<>();
    /** Changes seen by {@link #pending()}, handed out by the next {@link #next()}. */
    private final Set<Path> seen = new TreeSet<>();

    SourceWatcher(List<Path> roots) {
        try {
            service = FileSystems.getDefault().newWatchService();
            for (Path root : roots) {
                if (Files.isDirectory(root)) {
                    registerTree(root);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot watch " + roots + ": " + e.getMessage(), e);
        }
    }

    /** Blocks until a burst of changes is over; returns the changed .java files (or new directories). */
    Set<Path> next() throws InterruptedException {
        Set<Path> changed = new TreeSet<>(seen);
        seen.clear();
        while (true) {
            if (changed.isEmpty()) {
                collect(service.take(), changed);
            }
            for (WatchKey key = service.poll(QUIET_MS, TimeUnit.MILLISECONDS); key != null;
                 key = service.poll(QUIET_MS, TimeUnit.MILLISECONDS)) {
                collect(key, changed);
            }
            if (!changed.isEmpty()) {
                return changed;
            }
        }
    }

    /** Whether a source changed since the last {@link #next()}, without waiting. */
    boolean pending() {
        for (WatchKey key = service.poll(); key != null; key = service.poll()) {
            collect(key, seen);
        }
        return !seen.isEmpty();
    }

    private void collect(WatchKey key, Set<Path> changed) {
        Path dir = dirs.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW || dir == null) {
                changed.add(dir == null ? Path.of("?") : dir);
                continue;
            }
            Path path = dir.resolve((Path) event.context());
            if (event.kind() == ENTRY_CREATE && Files.isDirectory(path)) {
                try {
                    registerTree(path); // files saved into it before registration are found by the compile anyway
                } catch (IOException e) {
                    // it vanished again: nothing to watch
                }
                changed.add(path);
            } else if (path.toString().endsWith(".java")) {
                changed.add(path);
            }
        }
        if (!key.reset()) {
            dirs.remove(key);
        }
    }

    private void registerTree(Path root) throws IOException {
        try (Stream<Path> tree = Files.walk(root)) {
            for (Path dir : tree.filter(Files::isDirectory).toList()) {
                dirs.put(dir.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), dir);
            }
        }
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
