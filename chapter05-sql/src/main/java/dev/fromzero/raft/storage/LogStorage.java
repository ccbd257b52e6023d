package dev.fromzero.raft.storage;

import dev.fromzero.kv.CorruptionException;
import dev.fromzero.kv.StorageException;
import dev.fromzero.kv.log.DataFile;
import dev.fromzero.kv.log.Log;
import dev.fromzero.kv.log.LogEntry;
import dev.fromzero.kv.log.LogOptions;
import dev.fromzero.kv.log.LogRecord;
import dev.fromzero.kv.log.Position;
import dev.fromzero.raft.Entry;
import dev.fromzero.raft.HardState;
import dev.fromzero.raft.PersistentState;
import dev.fromzero.raft.RaftStorage;
import dev.fromzero.raft.Snapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A node's persistent state in files under one directory: the latest snapshot in
 * {@code snapshot} ({@link SnapshotFile}), and everything else in a chapter-1 {@link Log} in
 * {@code log/}, whose checksums and torn-tail recovery it reuses. Each write is one record (a
 * put, in the log's terms), told apart by its key:
 *
 * <pre>
 * key                  value                  meaning
 * 'H'                  term (8), vote (4)     the hard state; the last one wins
 * 'E' + index (8)      term (8), command      an entry; it replaces any entry at or after its index
 * 'S' + index (8)      term (8)               a snapshot through index was taken (see below)
 * </pre>
 *
 * <p>Truncating a conflicting suffix writes nothing special: replay applies entries in order,
 * and an entry at an index already seen drops that one and every later one, which is exactly the
 * truncation. A torn last record is cut off by the log when it opens, so a crash loses at most
 * the writes after the last sync, never a whole entry into a half one.
 *
 * <p>Storing a snapshot compacts the log: after the snapshot file is durable, the log seals its
 * active segment and starts a new one with the hard state, an 'S' record and the entries after
 * the snapshot, syncs it, and only then deletes the older segments. A crash in between leaves
 * old segments whose replay the 'S' record undoes. An 'S' record, like the snapshot itself,
 * keeps the entries after its index only if the log holds the entry at that index with that term.
 */
public final class LogStorage implements RaftStorage {

    private static final byte HARD_STATE = 'H';
    private static final byte ENTRY = 'E';
    private static final byte SNAPSHOT = 'S';

    /** Where an entry is in the log, and its term, which the snapshot rule needs without reading it back. */
    private record Slot(long term, Position position) {
    }

    private final Path dir;
    private final Log log;
    private HardState hardState = HardState.INITIAL;
    private Snapshot snapshot;
    /** The index of {@code slots.get(0)}. */
    private long first = 1;
    private final List<Slot> slots = new ArrayList<>();

    private LogStorage(Path dir, Log log, Snapshot snapshot) {
        this.dir = dir;
        this.log = log;
        this.snapshot = snapshot;
    }

    /**
     * Opens the storage in {@code dir}, creating it if needed, and reads back what it holds. A
     * torn last write is cut off.
     *
     * @throws CorruptionException if a file is damaged other than at the log's tail
     */
    public static LogStorage open(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StorageException("cannot create the Raft storage directory " + dir + ": " + e.getMessage(), e);
        }
        Snapshot snapshot = SnapshotFile.read(dir);
        LogStorage storage = new LogStorage(dir, Log.open(dir.resolve("log"), LogOptions.defaults()), snapshot);
        storage.log.replay(storage::replay);
        if (snapshot != null) {
            storage.keepAfter(snapshot.lastIndex(), snapshot.lastTerm());
        }
        storage.checkStartsAfterSnapshot();
        return storage;
    }

    @Override
    public PersistentState load() {
        List<Entry> entries = new ArrayList<>(slots.size());
        for (int i = 0; i < slots.size(); i++) {
            entries.add(read(first + i, slots.get(i)));
        }
        return new PersistentState(hardState, snapshot, entries);
    }

    @Override
    public void saveHardState(HardState state) {
        log.append(hardStateRecord(state));
        hardState = state;
    }

    @Override
    public void append(List<Entry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        long from = entries.get(0).index();
        if (from < first || from > first + slots.size()) {
            throw new IllegalArgumentException("cannot append entries from index " + from + " to a log that holds "
                    + first + ".." + (first + slots.size() - 1));
        }
        List<LogRecord> records = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            records.add(entryRecord(entry));
        }
        List<Position> positions = log.appendBatch(records);
        truncateFrom(from);
        for (int i = 0; i < entries.size(); i++) {
            slots.add(new Slot(entries.get(i).term(), positions.get(i)));
        }
    }

    @Override
    public void saveSnapshot(Snapshot next) {
        SnapshotFile.write(dir, next);
        snapshot = next;
        keepAfter(next.lastIndex(), next.lastTerm());
        List<Entry> kept = load().entries();
        log.seal(log.activeId() + 1);
        List<LogRecord> records = new ArrayList<>();
        records.add(hardStateRecord(hardState));
        records.add(LogRecord.put(key(SNAPSHOT, next.lastIndex()), longs(next.lastTerm())));
        kept.forEach(entry -> records.add(entryRecord(entry)));
        List<Position> positions = log.appendBatch(records);
        log.sync();
        slots.clear();
        for (int i = 0; i < kept.size(); i++) {
            slots.add(new Slot(kept.get(i).term(), positions.get(i + 2)));
        }
        List<Long> old = log.sealedSegments().stream().map(DataFile::id).toList();
        log.removeSegments(old);
        for (long id : old) {
            try {
                Files.deleteIfExists(Log.segmentPath(log.directory(), id));
            } catch (IOException e) {
                throw new StorageException("cannot delete the compacted segment " + id + " of " + log.directory() + ": " + e.getMessage(), e);
            }
        }
        Log.syncDirectoryOf(log.directory());
    }

    @Override
    public void sync() {
        log.sync();
    }

    @Override
    public void close() {
        log.close();
    }

    /** Applies one record of the log, in order, while opening. */
    private void replay(LogEntry logEntry) {
        byte[] key = logEntry.record().key();
        ByteBuffer value = ByteBuffer.wrap(logEntry.record().value());
        if (key.length == 1 && key[0] == HARD_STATE && value.remaining() == 12) {
            hardState = new HardState(value.getLong(), value.getInt());
        } else if (key.length == 9 && key[0] == ENTRY && value.remaining() >= 8) {
            long index = ByteBuffer.wrap(key, 1, 8).getLong();
            if (slots.isEmpty() || index < first) {
                slots.clear();
                first = index;
            } else if (index > first + slots.size()) {
                throw corrupt(logEntry, "entry " + index + " follows entry " + (first + slots.size() - 1) + ": a gap");
            }
            truncateFrom(index);
            slots.add(new Slot(value.getLong(), logEntry.position()));
        } else if (key.length == 9 && key[0] == SNAPSHOT && value.remaining() == 8) {
            keepAfter(ByteBuffer.wrap(key, 1, 8).getLong(), value.getLong());
        } else {
            throw corrupt(logEntry, "not a Raft storage record: " + logEntry.record());
        }
    }

    /**
     * Raft's rule for a snapshot through {@code index} of {@code term}: the entries up to it go,
     * and those after it stay only if the log holds entry {@code index} with that term.
     */
    private void keepAfter(long index, long term) {
        if (!slots.isEmpty() && first > index) {
            return;
        }
        long held = index - first;
        if (!slots.isEmpty() && held < slots.size() && slots.get((int) held).term() == term) {
            slots.subList(0, (int) held + 1).clear();
        } else {
            slots.clear();
        }
        first = index + 1;
    }

    private void checkStartsAfterSnapshot() {
        long expected = snapshot == null ? 1 : snapshot.lastIndex() + 1;
        if (slots.isEmpty()) {
            first = expected;
        } else if (first != expected) {
            throw new CorruptionException(dir, 0, "the stored log starts at entry " + first + ", but "
                    + (snapshot == null ? "there is no snapshot" : "the snapshot ends at entry " + snapshot.lastIndex()));
        }
    }

    private void truncateFrom(long index) {
        if (index - first < slots.size()) {
            slots.subList((int) (index - first), slots.size()).clear();
        }
    }

    private Entry read(long index, Slot slot) {
        LogRecord record = log.read(slot.position());
        byte[] value = record.value();
        long term = ByteBuffer.wrap(value, 0, 8).getLong();
        return new Entry(index, term, Arrays.copyOfRange(value, 8, value.length));
    }

    private CorruptionException corrupt(LogEntry at, String what) {
        return new CorruptionException(Log.segmentPath(log.directory(), at.position().fileId()), at.position().offset(), what);
    }

    private static LogRecord hardStateRecord(HardState state) {
        return LogRecord.put(new byte[] {HARD_STATE}, ByteBuffer.allocate(12).putLong(state.term()).putInt(state.votedFor()).array());
    }

    private static LogRecord entryRecord(Entry entry) {
        byte[] value = ByteBuffer.allocate(8 + entry.command().length).putLong(entry.term()).put(entry.command()).array();
        return LogRecord.put(key(ENTRY, entry.index()), value);
    }

    private static byte[] key(byte kind, long index) {
        return ByteBuffer.allocate(9).put(kind).putLong(index).array();
    }

    private static byte[] longs(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }
}
