package dev.fromzero.kv.index;

import dev.fromzero.kv.FaultPoint;
import dev.fromzero.kv.Faults;
import dev.fromzero.kv.StorageException;
import dev.fromzero.kv.log.DataFile;
import dev.fromzero.kv.log.Log;
import dev.fromzero.kv.log.LogEntry;
import dev.fromzero.kv.log.Position;
import dev.fromzero.kv.log.RecordCodec;
import dev.fromzero.kv.log.RecordType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * The part of a merge that needs no lock of the store: copying the live records of the sealed
 * segments into {@code merge/}, writing their hint files and committing with the marker. The
 * {@link Merger} seals before and installs after ({@link MergeInstall}).
 */
final class Merge {

    private final Path dir;
    private final Path mergeDir;
    private final long maxSegmentBytes;
    private final Faults faults;
    private final BooleanSupplier aborted;

    /**
     * @param aborted checked before each record: true stops the merge (the store is closing)
     */
    Merge(Path dir, long maxSegmentBytes, Faults faults, BooleanSupplier aborted) {
        this.dir = dir;
        this.mergeDir = MergeFiles.mergeDir(dir);
        this.maxSegmentBytes = maxSegmentBytes;
        this.faults = faults;
        this.aborted = aborted;
    }

    /** Thrown when the store closes during a merge's copying: the merge is dropped, the store is fine. */
    static final class Aborted extends RuntimeException {
        Aborted(Path dir) {
            super("the store in " + dir + " closed during a merge; the merge was dropped");
        }
    }

    /**
     * Copies every record of {@code sealed} for which {@code live} holds into new segments
     * numbered from {@code sealedUpTo + 1} to at most {@code lastFreeId}, writes their hint files,
     * and writes the marker. Returns the marker: from the moment it is written, the merge is
     * committed.
     */
    MergeFiles.Marker copyAndCommit(List<DataFile> sealed, long sealedUpTo, long lastFreeId, Predicate<LogEntry> live) {
        MergeFiles.deleteTree(mergeDir); // what a merge that failed in this process left
        try {
            Files.createDirectories(mergeDir);
        } catch (IOException e) {
            throw new StorageException("cannot create " + mergeDir + ": " + e.getMessage(), e);
        }
        Log.syncDirectoryOf(dir);
        Output output = new Output(sealedUpTo + 1, lastFreeId);
        copyLive(sealed, live, output);
        Log.syncDirectoryOf(mergeDir);

        faults.reached(FaultPoint.BEFORE_HINTS);
        for (long id : output.ids) {
            MergeFiles.move(temporaryHint(id), HintFile.path(mergeDir, id));
        }
        Log.syncDirectoryOf(mergeDir);
        faults.reached(FaultPoint.AFTER_HINTS);

        faults.reached(FaultPoint.BEFORE_MARKER);
        MergeFiles.Marker marker = new MergeFiles.Marker(sealedUpTo, sealedUpTo + 1, sealedUpTo + output.ids.size());
        marker.write(mergeDir.resolve(MergeFiles.MARKER));
        faults.reached(FaultPoint.AFTER_MARKER);
        return marker;
    }

    /**
     * Appends every record of {@code sealed}, oldest first, for which {@code live} holds to
     * {@code output}, passing {@link FaultPoint#WRITING_MERGED_DATA} after each, then finishes the
     * output. Stops with {@link Aborted} when the store closes meanwhile.
     */
    private void copyLive(List<DataFile> sealed, Predicate<LogEntry> live, Output output) {
        for (DataFile segment : sealed) {
            segment.scan(entry -> {
                if (aborted.getAsBoolean()) {
                    throw new Aborted(dir);
                }
                // Tombstones go: every older record of their key is in this merge too.
                if (entry.record().type() == RecordType.PUT && live.test(entry)) {
                    output.append(entry);
                    faults.reached(FaultPoint.WRITING_MERGED_DATA);
                }
            });
        }
        output.finish();
    }

    private Path temporaryHint(long id) {
        return mergeDir.resolve(HintFile.path(mergeDir, id).getFileName() + ".tmp");
    }

    /**
     * The merged segments being written: the same size limit as the log's, so a merged segment
     * holds no more than a segment the log wrote. Each finished segment is synced and gets its
     * hint file under a temporary name, renamed only once every segment is written.
     */
    private final class Output {
        private final long lastFreeId;
        private final List<Long> ids = new ArrayList<>();
        private final List<HintFile.Entry> entries = new ArrayList<>();
        private long nextId;
        private DataFile current;

        Output(long firstId, long lastFreeId) {
            this.nextId = firstId;
            this.lastFreeId = lastFreeId;
        }

        void append(LogEntry entry) {
            int bytes = RecordCodec.encodedSize(entry.record());
            if (current != null && current.size() > 0 && current.size() + bytes > maxSegmentBytes) {
                finishSegment();
            }
            if (current == null) {
                if (nextId > lastFreeId) {
                    // Cannot happen: see Merger.mergeOutputSegments.
                    throw new IllegalStateException("the merge of " + dir + " needs more than the "
                            + ids.size() + " segment numbers kept free for it");
                }
                current = DataFile.open(Log.segmentPath(mergeDir, nextId), nextId);
                ids.add(nextId++);
            }
            Position position = current.append(entry.record());
            entries.add(new HintFile.Entry(entry.record().key(), position.offset(), position.length()));
        }

        void finish() {
            if (current != null) {
                finishSegment();
            }
        }

        private void finishSegment() {
            current.sync();
            // In key order: open then fills the keydir front to back, which is several times
            // faster than in the random order the log holds the keys in. A merged segment holds
            // each key once, so the order changes nothing else.
            entries.sort((a, b) -> Arrays.compareUnsigned(a.key(), b.key()));
            HintFile.write(temporaryHint(current.id()), current.size(), entries);
            current.close();
            current = null;
            entries.clear();
        }
    }
}
