package dev.fromzero.kv.index;

import dev.fromzero.kv.StorageException;
import dev.fromzero.kv.log.Log;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Opening a store from its hint files: while the store replays its log, the log asks
 * {@link #indexSegment} about each segment, oldest first, and scans only those it did not index.
 * A merged segment is indexed from its hint without reading its data, which is what makes a
 * merged store open fast.
 *
 * <p>A hint is an optimization, never the only copy of anything: one that is missing, damaged or
 * stale is logged as a warning and the segment is scanned, so no data is lost. The store's
 * {@code MERGED} record says which segments the last merge wrote, so that a missing hint is
 * noticed too.
 */
final class HintReplay {

    private static final System.Logger LOG = System.getLogger("dev.fromzero.kv");

    private final Path dir;
    private final Keydir keydir;
    private final Space space;
    /** The last installed merge, whose segments should have hint files; null if none is known. */
    private final MergeFiles.Marker lastMerge;

    private HintReplay(Path dir, Keydir keydir, Space space, MergeFiles.Marker lastMerge) {
        this.dir = dir;
        this.keydir = keydir;
        this.space = space;
        this.lastMerge = lastMerge;
    }

    /** Reads the store's record of its last merge, for a replay into {@code keydir} and {@code space}. */
    static HintReplay start(Path dir, Keydir keydir, Space space) {
        return new HintReplay(dir, keydir, space, readLastMerge(dir));
    }

    /**
     * Indexes segment {@code id} from its hint file and returns true, or returns false so that
     * the log scans the segment. A hint that is damaged, stale, or missing for a segment the last
     * merge wrote is logged as a warning; no data is lost, the scan finds it all.
     */
    boolean indexSegment(long id) {
        Path hint = HintFile.path(dir, id);
        boolean exists = Files.exists(hint);
        if (!exists) {
            if (lastMerge != null && lastMerge.merged(id)) {
                LOG.log(System.Logger.Level.WARNING, "hint file " + hint + " is missing: scanning segment "
                        + Log.segmentPath(dir, id) + " instead");
            }
            return false;
        }
        List<HintFile.Entry> entries;
        try {
            entries = HintFile.read(hint, MergeFiles.size(Log.segmentPath(dir, id)));
        } catch (StorageException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot use hint file " + hint + " (" + e.getMessage()
                    + "): scanning segment " + Log.segmentPath(dir, id) + " instead");
            return false;
        }
        for (HintFile.Entry entry : entries) {
            MergeInstall.index(keydir, space, id, entry);
        }
        return true;
    }

    /** The store's record of its last merge, or null (none, or damaged: then hints are used where they are whole). */
    private static MergeFiles.Marker readLastMerge(Path dir) {
        try {
            return MergeFiles.Marker.read(dir.resolve(MergeFiles.MARKER));
        } catch (StorageException e) {
            LOG.log(System.Logger.Level.WARNING, e.getMessage() + "; hint files are used where they are whole");
            return null;
        }
    }
}
