package dev.fromzero.kv.log;

import static dev.fromzero.kv.log.LogFixtures.bytes;
import static dev.fromzero.kv.log.LogFixtures.concat;
import static dev.fromzero.kv.log.LogFixtures.positions;
import static dev.fromzero.kv.log.LogFixtures.records;
import static dev.fromzero.kv.log.LogFixtures.scan;
import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.CorruptionException;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Step(chapter = 1, number = 2, title = "The data file", guide = "docs/chapter01-log.md#step-2-the-data-file")
@Hint("After a reopen, where does the next append go? A position is the file id, the offset and "
        + "the length of exactly the bytes one append wrote, and it must mean the same record forever after.")
class DataFileTest {

    private static final List<LogRecord> RECORDS = List.of(
            LogRecord.put("alpha", "1"), LogRecord.tombstone("beta"), LogRecord.put("", ""),
            LogRecord.put("gamma", "x".repeat(300)), LogRecord.put("delta", ""));

    @Test
    @Points(2)
    @DisplayName("appends go one after another: offset 0 first, each next one where the last ended")
    void appendsAreContiguous(@Scratch Path dir) {
        try (DataFile file = DataFile.open(dir.resolve("7.data"), 7)) {
            long expectedOffset = 0;
            for (LogRecord record : RECORDS) {
                Position position = file.append(record);
                assertThat(position)
                        .as("appending %s to a file of %d bytes: the position names the file, the offset where the "
                                + "record starts and its encoded length", record, expectedOffset)
                        .isEqualTo(new Position(7, expectedOffset, RecordCodec.encodedSize(record)));
                expectedOffset = position.end();
                assertThat(file.size()).as("size() is where the next append goes").isEqualTo(expectedOffset);
            }
        }
    }

    @Test
    @DisplayName("the file holds exactly the encoded records, back to back")
    void theFileIsTheRecordsBackToBack(@Scratch Path dir) {
        Path path = dir.resolve("1.data");
        try (DataFile file = DataFile.open(path, 1)) {
            RECORDS.forEach(file::append);
        }
        byte[][] encoded = RECORDS.stream().map(r -> RecordCodec.encode(r, false)).toArray(byte[][]::new);
        assertThat(bytes(path))
                .as("a data file is its records in the format of RecordCodec, nothing before, between or after them")
                .isEqualTo(concat(encoded));
    }

    @Test
    @Points(2)
    @DisplayName("read returns the record at a position, and scan visits every record in order with its position")
    void readAndScanReturnWhatWasAppended(@Scratch Path dir) {
        try (DataFile file = DataFile.open(dir.resolve("3.data"), 3)) {
            List<Position> appended = new ArrayList<>();
            RECORDS.forEach(r -> appended.add(file.append(r)));
            for (int i = RECORDS.size() - 1; i >= 0; i--) {
                assertThat(file.read(appended.get(i)))
                        .as("read(%s) must return the record appended there", appended.get(i))
                        .isEqualTo(RECORDS.get(i));
            }
            List<LogEntry> entries = new ArrayList<>();
            long end = file.scan(entries::add);
            assertThat(records(entries)).as("scan must visit every record, in the order appended").isEqualTo(RECORDS);
            assertThat(positions(entries)).as("scan must give each record the position append returned").isEqualTo(appended);
            assertThat(end).as("scan of a cleanly ending file returns its size").isEqualTo(file.size());
        }
    }

    @Test
    @Points(2)
    @DisplayName("positions stay valid after close and reopen, and appends continue at the end")
    void positionsSurviveReopen(@Scratch Path dir) {
        Path path = dir.resolve("2.data");
        List<Position> appended = new ArrayList<>();
        try (DataFile file = DataFile.open(path, 2)) {
            RECORDS.forEach(r -> appended.add(file.append(r)));
        }
        try (DataFile file = DataFile.open(path, 2)) {
            assertThat(file.size()).as("a reopened file knows its size").isEqualTo(appended.get(appended.size() - 1).end());
            for (int i = 0; i < RECORDS.size(); i++) {
                assertThat(file.read(appended.get(i))).as("after reopen, read(%s)", appended.get(i)).isEqualTo(RECORDS.get(i));
            }
            LogRecord more = LogRecord.put("after", "reopen");
            Position next = file.append(more);
            assertThat(next.offset())
                    .as("an append after reopening must go at the end of the file, not over the records already there")
                    .isEqualTo(appended.get(appended.size() - 1).end());
            List<LogRecord> expected = new ArrayList<>(RECORDS);
            expected.add(more);
            assertThat(records(scan(file))).as("scan after reopen and one more append").isEqualTo(expected);
        }
    }

    @Test
    @Points(2)
    @DisplayName("read of a position that is not a record of this file fails instead of returning a wrong record")
    @Hint("A position can lie: an offset in the middle of a record, a "
            + "length one byte short or long, an offset past the end. Decoding the bytes is not enough; ask whether "
            + "they are exactly one intact record that fills the whole length.")
    void readRejectsPositionsThatAreNotRecords(@Scratch Path dir) {
        try (DataFile file = DataFile.open(dir.resolve("4.data"), 4)) {
            Position first = file.append(LogRecord.put("first", "record"));
            Position second = file.append(LogRecord.put("second", "record"));
            assertThrown(IllegalArgumentException.class, () -> file.read(new Position(4, second.end(), 10)),
                    "a position past the end of the file is not in it");
            assertThrown(IllegalArgumentException.class,
                    () -> file.read(new Position(4, second.offset(), second.length() + 1)),
                    "a position that runs one byte past the end of the file is not in it");
            assertThrown(IllegalArgumentException.class, () -> file.read(new Position(5, first.offset(), first.length())),
                    "a position of another file (id 5) is not in file 4");
            Position twoRecords = new Position(4, first.offset(), first.length() + second.length());
            assertThrown(CorruptionException.class, () -> file.read(twoRecords),
                    "read(%s) covers a record of %d bytes and more: not one intact record of that length",
                    twoRecords, first.length());
            assertThrown(CorruptionException.class, () -> file.read(new Position(4, first.offset() + 1, first.length())),
                    "a position that does not start at a record must not decode");
            assertThat(file.read(second)).as("read(%s) after the refused reads", second)
                    .isEqualTo(LogRecord.put("second", "record"));
        }
    }

    @Test
    @DisplayName("a record over the size limit is refused before anything is written")
    void oversizedRecordsWriteNothing(@Scratch Path dir) {
        try (DataFile file = DataFile.open(dir.resolve("5.data"), 5)) {
            Position first = file.append(LogRecord.put("small", "record"));
            assertThrown(IllegalArgumentException.class,
                    () -> file.append(LogRecord.put(new byte[RecordCodec.MAX_KEY_SIZE + 1], new byte[0])),
                    "append of a record whose key is one byte over MAX_KEY_SIZE");
            assertThat(file.size()).as("a refused record must leave no bytes behind").isEqualTo(first.end());
            assertThat(records(scan(file))).as("scan after the refused append: only the record before it")
                    .containsExactly(LogRecord.put("small", "record"));
        }
    }

    @Test
    @DisplayName("sync keeps the content, and a closed file refuses every call")
    void syncAndClose(@Scratch Path dir) {
        Path path = dir.resolve("6.data");
        DataFile file = DataFile.open(path, 6);
        Position position = file.append(LogRecord.put("k", "v"));
        byte[] before = bytes(path);
        file.sync();
        assertThat(bytes(path)).as("sync must not change what is in the file").isEqualTo(before);
        assertThat(file.size()).as("size() after sync: the end of the one record").isEqualTo(position.end());
        file.close();
        file.close();
        assertThrown(IllegalStateException.class, () -> file.append(LogRecord.put("k", "v")), "append on a closed file");
        assertThrown(IllegalStateException.class, () -> file.read(position), "read on a closed file");
        assertThrown(IllegalStateException.class, () -> file.scan(e -> { }), "scan on a closed file");
        assertThrown(IllegalStateException.class, file::sync, "sync on a closed file");
        assertThat(bytes(path)).as("closing must keep the records").isEqualTo(before);
    }
}
