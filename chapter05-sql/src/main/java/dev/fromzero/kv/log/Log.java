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
import java.util.function.LongPredicate;
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
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("cannot create log directory " + dir + ": " + e.getMessage(), e);
        }
        TreeMap<Long, DataFile> segments = new TreeMap<>();
        for (long id : segmentIds(dir)) {
            segments.put(id, DataFile.open(segmentPath(dir, id), id));
        }
        if (segments.isEmpty()) {
            segments.put(1L, DataFile.open(segmentPath(dir, 1), 1));
            syncDirectory(dir);
        }
        DataFile last = segments.lastEntry().getValue();
        long committedEnd = last.scan(entry -> { });
        if (committedEnd < last.size()) {
            last.truncate(committedEnd);
        }
        return new Log(dir, options, segments);
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
        DataFile segment = segments.get(position.fileId());
        if (segment == null) {
            throw new IllegalArgumentException(position + " names segment " + position.fileId() + ", which is not in " + dir);
        }
        return segment.read(position);
    }

    /**
     * Gives {@code visitor} every committed record of every segment, oldest first: this is how a
     * store rebuilds its state at startup.
     *
     * @throws CorruptionException if a segment is damaged
     */
    public void replay(Consumer<LogEntry> visitor) {
        ensureOpen();
        for (DataFile segment : segments.values()) {
            long committedEnd = segment.scan(visitor);
            if (committedEnd < segment.size()) {
                throw new CorruptionException(segment.path(), committedEnd,
                        "incomplete record or batch in a segment that is not the log's tail");
            }
        }
    }

    /**
     * Like {@link #replay(Consumer)}, but first asks {@code indexedElsewhere} about each segment,
     * and skips scanning it if that returns true: the store indexes a merged segment from its
     * hint file, and scans it only when the hint cannot be trusted. Segments are visited in
     * order, so a segment's hints apply before the records of every later segment.
     */
    public void replay(LongPredicate indexedElsewhere, Consumer<LogEntry> visitor) {
        ensureOpen();
        for (DataFile segment : segments.values()) {
            if (indexedElsewhere.test(segment.id())) {
                continue;
            }
            long committedEnd = segment.scan(visitor);
            if (committedEnd < segment.size()) {
                throw new CorruptionException(segment.path(), committedEnd,
                        "incomplete record or batch in a segment that is not the log's tail");
            }
        }
    }

    /** The highest segment number a nine-digit name holds. */
    public static final long MAX_SEGMENT_ID = 999_999_999L;

    /** The number of the active segment, the one appends go to. */
    public long activeId() {
        ensureOpen();
        return active.id();
    }

    /** The segments before the active one, oldest first: they are never written again. */
    public List<DataFile> sealedSegments() {
        ensureOpen();
        return List.copyOf(segments.headMap(active.id()).values());
    }

    /**
     * Seals the active segment: syncs it and makes a new, empty segment numbered {@code nextId}
     * the active one, even if the old one is empty. Merge and backup seal so that every record
     * written so far is in a segment nobody appends to; the ids between the old active segment and
     * {@code nextId} stay free for a merge's output.
     *
     * @return the number of the segment just sealed
     */
    public long seal(long nextId) {
        ensureOpen();
        if (nextId <= active.id()) {
            throw new IllegalArgumentException("the next segment must be numbered after " + active.id() + ", got " + nextId);
        }
        if (nextId > MAX_SEGMENT_ID) {
            throw new StorageException("cannot number a segment " + nextId + " in " + dir
                    + ": segment names have nine digits; copy the store with backup() to renumber it");
        }
        long sealed = active.id();
        active.sync();
        active = DataFile.open(segmentPath(dir, nextId), nextId);
        segments.put(nextId, active);
        syncDirectory(dir);
        return sealed;
    }

    /**
     * Starts reading the segment files numbered {@code ids}, which a merge has just moved into
     * the log's directory. They must be numbered before the active segment.
     */
    public void addSegments(List<Long> ids) {
        ensureOpen();
        for (long id : ids) {
            if (id >= active.id() || segments.containsKey(id)) {
                throw new IllegalArgumentException("cannot add segment " + id + " to " + dir
                        + ": it must be new and numbered before the active segment " + active.id());
            }
            segments.put(id, DataFile.open(segmentPath(dir, id), id));
        }
    }

    /** Stops reading segments {@code ids} and closes them; their files stay for the caller to delete. */
    public void removeSegments(List<Long> ids) {
        ensureOpen();
        for (long id : ids) {
            if (id == active.id()) {
                throw new IllegalArgumentException("cannot remove the active segment " + id + " of " + dir);
            }
            DataFile segment = segments.remove(id);
            if (segment != null) {
                segment.close();
            }
        }
    }

    /** Makes changes to the names in {@code dir} (new, renamed and deleted files) durable. */
    public static void syncDirectoryOf(Path dir) {
        syncDirectory(dir);
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
        if (active.size() > 0 && active.size() + bytes > options.maxSegmentBytes()) {
            active.sync();
            long next = active.id() + 1;
            active = DataFile.open(segmentPath(dir, next), next);
            segments.put(next, active);
            syncDirectory(dir);
        }
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
