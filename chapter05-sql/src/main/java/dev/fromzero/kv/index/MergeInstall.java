package dev.fromzero.kv.index;

import dev.fromzero.kv.FaultPoint;
import dev.fromzero.kv.Faults;
import dev.fromzero.kv.log.DataFile;
import dev.fromzero.kv.log.Log;
import dev.fromzero.kv.log.Position;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The last part of a merge: switching a running store from its old segments to the merged ones,
 * once the merge is committed. The files move first ({@link MergeFiles}), then memory: the log
 * starts reading the merged segments, every key that still points into an old segment is
 * repointed at its merged copy, and the log stops reading the old segments, which are deleted.
 *
 * <p>Readers and writers go on meanwhile: each keydir change takes the store's index lock
 * exclusively, but only for a chunk of keys at a time, and the old and the merged copy of a record
 * hold the same value, so a reader is right whichever it reads.
 */
final class MergeInstall {

    /** How many keydir entries a merge repoints per hold of the index lock: readers wait for one chunk at most. */
    private static final int REPOINT_CHUNK = 4096;

    private final Path dir;
    private final Log log;
    private final Keydir keydir;
    private final Space space;
    private final ReentrantReadWriteLock index;
    private final Faults faults;

    MergeInstall(Path dir, Log log, Keydir keydir, Space space, ReentrantReadWriteLock index, Faults faults) {
        this.dir = dir;
        this.log = log;
        this.keydir = keydir;
        this.space = space;
        this.index = index;
        this.faults = faults;
    }

    /**
     * Installs a committed merge: moves its files in, starts reading them, repoints every key that
     * still points into an old segment at its merged copy, stops reading the old segments, deletes
     * them, and makes the marker the store's {@code MERGED} record. Readers and writers wait only
     * for short holds of the index lock; both old and merged copies hold the same values meanwhile.
     */
    void install(MergeFiles.Marker marker, List<DataFile> sealed) {
        MergeFiles.moveIn(dir, marker, faults);
        List<Long> merged = marker.mergedIds();
        index.writeLock().lock();
        try {
            log.addSegments(merged);
            for (long id : merged) {
                space.written(id, MergeFiles.size(Log.segmentPath(dir, id)));
            }
        } finally {
            index.writeLock().unlock();
        }
        for (long id : merged) {
            List<HintFile.Entry> entries = HintFile.read(HintFile.path(dir, id), MergeFiles.size(Log.segmentPath(dir, id)));
            for (int from = 0; from < entries.size(); from += REPOINT_CHUNK) {
                index.writeLock().lock();
                try {
                    for (HintFile.Entry entry : entries.subList(from, Math.min(entries.size(), from + REPOINT_CHUNK))) {
                        Position now = keydir.get(entry.key());
                        // Only a key no write touched since the seal still points into an old segment.
                        if (now != null && now.fileId() <= marker.sealedUpTo()) {
                            index(keydir, space, id, entry);
                        }
                    }
                } finally {
                    index.writeLock().unlock();
                }
            }
        }
        List<Long> old = sealed.stream().map(DataFile::id).toList();
        index.writeLock().lock();
        try {
            for (long id : old) {
                if (space.liveBytes(id) != 0) {
                    throw new IllegalStateException("after repointing, " + space.liveBytes(id)
                            + " live bytes are still in segment " + id + " of " + dir + ", which the merge replaces");
                }
            }
            log.removeSegments(old);
            old.forEach(space::forget);
        } finally {
            index.writeLock().unlock();
        }
        MergeFiles.removeOld(dir, old, faults);
        faults.reached(FaultPoint.AFTER_INSTALL);
        MergeFiles.finish(dir);
    }

    /**
     * Points the keydir at the record a hint entry of segment {@code id} names, and moves the
     * bytes: for the install, and for opening a store from its hints ({@link HintReplay}).
     */
    static void index(Keydir keydir, Space space, long id, HintFile.Entry entry) {
        Position position = new Position(id, entry.offset(), entry.length());
        space.replaced(keydir.put(entry.key(), position), position);
    }
}
