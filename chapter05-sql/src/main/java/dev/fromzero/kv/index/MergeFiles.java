package dev.fromzero.kv.index;

import dev.fromzero.kv.FaultPoint;
import dev.fromzero.kv.Faults;
import dev.fromzero.kv.StorageException;
import dev.fromzero.kv.log.Log;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The files of a merge, and the order in which they change so that a crash anywhere leaves a store
 * that reopens to the same data.
 *
 * <ol>
 *   <li>The merge writes its segments and hint files into {@code merge/}, numbered after every
 *       old segment and before every new write.
 *   <li>It commits by writing the marker {@code merge/MERGED} (through a temporary file and a
 *       rename, so the marker is whole or absent). Without the marker the merge never happened:
 *       opening the store deletes {@code merge/}.
 *   <li>With the marker, the merged files move into the store's directory ({@link #moveIn}), then
 *       the old segments are deleted oldest first ({@link #removeOld}), then the marker becomes the
 *       store's {@code MERGED} record ({@link #finish}). Opening the store repeats whatever of this
 *       a crash interrupted ({@link #recover}).
 * </ol>
 *
 * Every state in between replays to the same data: old segments, then merged copies of the keys
 * that were live in them, then new writes. Deleting the old segments oldest first keeps a
 * tombstone on disk for as long as an older record of its key is.
 */
final class MergeFiles {

    /** The directory a merge writes into, inside the store's directory. */
    static final String MERGE_DIR = "merge";
    /** The marker's name, in {@code merge/} while installing and in the store's directory after. */
    static final String MARKER = "MERGED";

    private static final System.Logger LOG = System.getLogger("dev.fromzero.kv");
    private static final Pattern SEGMENT = Pattern.compile("(\\d{9})\\.(log|hint)");
    private static final byte[] MAGIC = "FZMERGE1".getBytes(StandardCharsets.US_ASCII);
    private static final int MARKER_BYTES = MAGIC.length + 3 * 8 + 4;

    private MergeFiles() {
    }

    /**
     * What a merge did: it replaced every segment numbered up to {@code sealedUpTo} with merged
     * segments {@code first} to {@code last} (none when {@code first > last}), each with a hint file.
     */
    record Marker(long sealedUpTo, long first, long last) {

        /** Whether segment {@code id} was written by this merge, and so should have a hint file. */
        boolean merged(long id) {
            return id >= first && id <= last;
        }

        /** The merged segments' numbers, in order. */
        List<Long> mergedIds() {
            List<Long> ids = new ArrayList<>();
            for (long id = first; id <= last; id++) {
                ids.add(id);
            }
            return ids;
        }

        /** Writes this marker to {@code path} whole or not at all: a synced temporary file, renamed. */
        void write(Path path) {
            ByteBuffer out = ByteBuffer.allocate(MARKER_BYTES);
            out.put(MAGIC).putLong(sealedUpTo).putLong(first).putLong(last);
            CRC32C crc = new CRC32C();
            crc.update(out.array(), 0, out.position());
            out.putInt((int) crc.getValue()).flip();
            Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                channel.force(true);
            } catch (IOException e) {
                throw new StorageException("cannot write the merge marker " + temporary + ": " + e.getMessage(), e);
            }
            move(temporary, path);
            Log.syncDirectoryOf(path.getParent());
        }

        /**
         * The marker in {@code path}, or null if there is none.
         *
         * @throws StorageException if there is a file but it is not a whole marker
         */
        static Marker read(Path path) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(path);
            } catch (NoSuchFileException e) {
                return null;
            } catch (IOException e) {
                throw new StorageException("cannot read the merge marker " + path + ": " + e.getMessage(), e);
            }
            CRC32C crc = new CRC32C();
            crc.update(bytes, 0, Math.max(0, bytes.length - 4));
            if (bytes.length != MARKER_BYTES || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                    || ByteBuffer.wrap(bytes).getInt(MARKER_BYTES - 4) != (int) crc.getValue()) {
                throw new StorageException("the merge marker " + path + " is damaged (" + bytes.length
                        + " bytes; a marker has " + MARKER_BYTES + ", starts with FZMERGE1 and ends with its checksum)");
            }
            ByteBuffer in = ByteBuffer.wrap(bytes, MAGIC.length, 24);
            return new Marker(in.getLong(), in.getLong(), in.getLong());
        }
    }

    /** The merge directory of the store in {@code dir}. */
    static Path mergeDir(Path dir) {
        return dir.resolve(MERGE_DIR);
    }

    /**
     * Finishes or undoes a merge a crash interrupted, before the store's log is opened: with a
     * whole marker in {@code merge/}, installs the merge; without one, deletes {@code merge/}.
     */
    static void recover(Path dir) {
        Path mergeDir = mergeDir(dir);
        if (!Files.isDirectory(mergeDir)) {
            return; // no merge was running
        }
        Marker marker;
        try {
            marker = Marker.read(mergeDir.resolve(MARKER));
        } catch (StorageException damaged) {
            // Written whole by a rename, so this is damage, not a crash. Dropping merge/ is still
            // safe: old segments are deleted only once every merged file has moved in, so either
            // every old segment is here, or every merged file is (and the old ones left over
            // replay before them). A warning says what happened.
            LOG.log(System.Logger.Level.WARNING, damaged.getMessage() + "; dropping " + mergeDir
                    + " (the data is whole either way)");
            marker = null;
        }
        if (marker == null) {
            deleteTree(mergeDir);
            Log.syncDirectoryOf(dir);
            return;
        }
        moveIn(dir, marker, Faults.none());
        List<Long> old = new ArrayList<>();
        for (long id : segmentIds(dir)) {
            if (id <= marker.sealedUpTo()) {
                old.add(id);
            }
        }
        removeOld(dir, old, Faults.none());
        finish(dir);
    }

    /**
     * Moves the merged segments and their hint files from {@code merge/} into {@code dir}, each by
     * an atomic rename, skipping those a crash already moved. Passes {@link FaultPoint#INSTALLING}
     * after each segment.
     */
    static void moveIn(Path dir, Marker marker, Faults faults) {
        Path mergeDir = mergeDir(dir);
        for (long id : marker.mergedIds()) {
            Path segment = Log.segmentPath(mergeDir, id);
            if (Files.exists(segment)) {
                move(segment, Log.segmentPath(dir, id));
            }
            Path hint = HintFile.path(mergeDir, id);
            if (Files.exists(hint)) {
                move(hint, HintFile.path(dir, id));
            }
            Log.syncDirectoryOf(dir);
            faults.reached(FaultPoint.INSTALLING);
        }
    }

    /**
     * Deletes segments {@code ids} of {@code dir} and their hint files, oldest first, making each
     * deletion durable before the next. Passes {@link FaultPoint#REMOVING_OLD} after each.
     */
    static void removeOld(Path dir, List<Long> ids, Faults faults) {
        for (long id : ids.stream().sorted().toList()) {
            delete(Log.segmentPath(dir, id));
            delete(HintFile.path(dir, id));
            Log.syncDirectoryOf(dir);
            faults.reached(FaultPoint.REMOVING_OLD);
        }
    }

    /** Makes the marker the store's {@code MERGED} record and deletes {@code merge/}. */
    static void finish(Path dir) {
        Path mergeDir = mergeDir(dir);
        move(mergeDir.resolve(MARKER), dir.resolve(MARKER));
        Log.syncDirectoryOf(dir);
        deleteTree(mergeDir);
        Log.syncDirectoryOf(dir);
    }

    /** The numbers of the segment files ({@code NNNNNNNNN.log}) and hint files in {@code dir}, sorted, without repeats. */
    static List<Long> segmentIds(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> SEGMENT.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Long.parseLong(m.group(1)))
                    .distinct()
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new StorageException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes {@code tree} and everything in it, if it exists. */
    static void deleteTree(Path tree) {
        if (!Files.exists(tree)) {
            return;
        }
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new StorageException("cannot delete " + tree + ": " + e.getMessage(), e);
        }
    }

    static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new StorageException("cannot move " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /** The size of {@code file}, which must exist. */
    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new StorageException("cannot read the size of " + file + ": " + e.getMessage(), e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new StorageException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }
}
