package dev.fromzero.kv.log;

import dev.fromzero.kv.CorruptionException;
import dev.fromzero.kv.StorageException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The log: a directory of numbered segment files ({@code 000000001.log}, {@code 000000002.log},
 * ...), of which only the last, the active one, is appended to. When the active segment reaches
 * {@link LogOptions#maxSegmentBytes()}, the log syncs it and starts the next one. Old segments
 * are never written again, which is what later lets a merge rewrite them one at a time.
 *
 * <p>Opening a log recovers it: a torn tail of the last segment (a record or batch cut short
 * by a crash) is cut off, so that the next append follows the last complete record. Every
 * earlier segment was synced and closed before the next one began, so damage there is reported
 * as corruption, never cut off.
 *
 * <p>A log is not thread-safe: callers serialize access to it.
 */
public final class Log implements Closeable {

    private static final Pattern SEGMENT_NAME = Pattern.compile("(\\d{9})\\.log");

    private final Path dir;
    private final LogOptions options;
    private final TreeMap<Long, DataFile> segments;
    private DataFile active;
    private boolean closed;

    private Log(Path dir, LogOptions options, TreeMap<Long, DataFile> segments) {
        this.dir = dir;
        this.options = options;
        this.segments = segments;
        this.active = segments.lastEntry().getValue();
    }

    /**
     * Opens the log in {@code dir}, creating the directory and a first segment if needed, and
     * recovers a torn tail of its last segment.
     *
     * @throws CorruptionException if the last segment is damaged before its tail
     */
    public static Log open(Path dir, LogOptions options) {
        throw new UnsupportedOperationException("TODO(chapter01): Open every segment in order (or create segment 1), then cut a torn tail off the last one (docs/chapter01-log.md#step-3-segments)");
    }

    /** The path of segment {@code id} in {@code dir}: the id, zero-padded to nine digits, then {@code .log}. */
    public static Path segmentPath(Path dir, long id) {
        return dir.resolve(String.format("%09d.log", id));
    }

    /** The directory this log lives in. */
    public Path directory() {
        return dir;
    }

    /** The segment files, oldest first. */
    public List<Path> segments() {
        ensureOpen();
        return segments.values().stream().map(DataFile::path).toList();
    }

    /** Appends one record on its own and returns its position. See {@link DataFile#append}. */
    public Position append(LogRecord record) {
        ensureOpen();
        rotateIfFull(RecordCodec.encodedSize(record));
        return active.append(record);
    }

    /**
     * Appends {@code records} as one atomic batch (all in one segment) and returns their
     * positions. After a crash, replay yields all of the batch or none of it.
     */
    public List<Position> appendBatch(List<LogRecord> records) {
        ensureOpen();
        if (records.isEmpty()) {
            return List.of();
        }
        rotateIfFull(RecordCodec.encodedBatchSize(records));
        return active.appendBatch(records);
    }

    /**
     * Reads the record at {@code position}, in whichever segment it is.
     *
     * @throws IllegalArgumentException if no segment holds that position
     * @throws CorruptionException if the bytes there are damaged
     */
    public LogRecord read(Position position) {
        ensureOpen();
        throw new UnsupportedOperationException("TODO(chapter01): Find the segment with the position's file id and read from it (docs/chapter01-log.md#step-3-segments)");
    }

    /**
     * Gives {@code visitor} every committed record of every segment, oldest first: this is how a
     * store rebuilds its state at startup.
     *
     * @throws CorruptionException if a segment is damaged
     */
    public void replay(Consumer<LogEntry> visitor) {
        ensureOpen();
        throw new UnsupportedOperationException("TODO(chapter01): Scan the segments in order; only the last one may end before its size (docs/chapter01-log.md#step-3-segments)");
    }

    /** Forces the active segment to disk. Earlier segments were synced when the log left them. */
    public void sync() {
        ensureOpen();
        active.sync();
    }

    /** Closes every segment. Later calls fail with {@link IllegalStateException}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (DataFile segment : segments.values()) {
            segment.close();
        }
    }

    /**
     * Before an append of {@code bytes} bytes: if they would push a non-empty active segment past
     * the limit, syncs it and makes a new, empty segment the active one.
     */
    private void rotateIfFull(int bytes) {
        throw new UnsupportedOperationException("TODO(chapter01): Sync the full active segment, open the next-numbered one, make it active, sync the directory (docs/chapter01-log.md#step-3-segments)");
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the log in " + dir + " is closed");
        }
    }

    private static List<Long> segmentIds(Path dir) {
        List<Long> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Matcher m = SEGMENT_NAME.matcher(file.getFileName().toString());
                if (m.matches()) {
                    ids.add(Long.parseLong(m.group(1)));
                }
            }
        } catch (IOException e) {
            throw new StorageException("cannot list log directory " + dir + ": " + e.getMessage(), e);
        }
        ids.sort(null);
        return ids;
    }

    /** Makes a new file's name durable: on Linux a file's entry in its directory needs a sync of its own. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms (Windows) cannot open a directory; there, creating the file is enough.
        }
    }
}
