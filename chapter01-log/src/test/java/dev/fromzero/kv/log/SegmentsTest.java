package dev.fromzero.kv.log;

import static dev.fromzero.kv.log.LogFixtures.open;
import static dev.fromzero.kv.log.LogFixtures.positions;
import static dev.fromzero.kv.log.LogFixtures.records;
import static dev.fromzero.kv.log.LogFixtures.replay;
import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.testkit.FileFaults;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Step(chapter = 1, number = 3, title = "Segments", guide = "docs/chapter01-log.md#step-3-segments")
@Hint("Rotation is decided before an append, from the size the active segment would have after it. "
        + "Mind the word non-empty in the guide: a record larger than the limit must still go somewhere. On open, "
        + "which segment is the active one?")
class SegmentsTest {

    /** Record {@code i} of a run of records that are all exactly 50 bytes long. */
    private static LogRecord fiftyBytes(int i) {
        LogRecord record = LogRecord.put("rec-%02d".formatted(i), "v".repeat(33));
        assertThat(RecordCodec.encodedSize(record)).as("encodedSize(%s), which this test's layout assumes", record)
                .isEqualTo(50);
        return record;
    }

    @Test
    @Points(3)
    @DisplayName("a segment fills up to the limit, then the log moves on to the next-numbered file")
    @Hint("Off by one? A segment may reach maxSegmentBytes exactly, never more. Count "
            + "the record as it is on disk, header included, not just its key and value.")
    void segmentsFillUpToTheLimit(@Scratch Path dir) {
        List<Position> appended = new ArrayList<>();
        try (Log log = open(dir, 200)) {
            for (int i = 0; i < 10; i++) {
                appended.add(log.append(fiftyBytes(i)));
            }
            assertThat(log.segments())
                    .as("ten 50-byte records with 200-byte segments: four fill segment 1 exactly, four segment 2, "
                            + "two segment 3")
                    .containsExactly(Log.segmentPath(dir, 1), Log.segmentPath(dir, 2), Log.segmentPath(dir, 3));
        }
        for (int i = 0; i < 10; i++) {
            assertThat(appended.get(i))
                    .as("record %d: a record goes to the active segment while it fits within maxSegmentBytes, "
                            + "and starts the next segment at offset 0 when it does not", i)
                    .isEqualTo(new Position(1 + i / 4, 50L * (i % 4), 50));
        }
        assertThat(fileNames(dir)).as("10 records of 50 bytes, 200 bytes a segment: the segment files")
                .containsExactly("000000001.log", "000000002.log", "000000003.log");
        assertThat(FileFaults.size(Log.segmentPath(dir, 1))).as("segment 1 is full: 4 records").isEqualTo(200);
        assertThat(FileFaults.size(Log.segmentPath(dir, 2))).as("segment 2 is full: 4 records").isEqualTo(200);
        assertThat(FileFaults.size(Log.segmentPath(dir, 3))).as("segment 3 holds the last 2 records").isEqualTo(100);
    }

    @Test
    @Points(2)
    @DisplayName("a record larger than the limit gets a segment of its own, and no segment is left empty")
    void oversizedRecordsGetTheirOwnSegment(@Scratch Path dir) {
        LogRecord big = LogRecord.put("big", "b".repeat(500));
        try (Log log = open(dir, 200)) {
            Position first = log.append(big);
            Position second = log.append(fiftyBytes(1));
            Position third = log.append(big);
            Position fourth = log.append(fiftyBytes(2));
            assertThat(first).as("the first record of a new log goes to segment 1, however large")
                    .isEqualTo(new Position(1, 0, RecordCodec.encodedSize(big)));
            assertThat(second).as("a full segment 1 is left for segment 2").isEqualTo(new Position(2, 0, 50));
            assertThat(third).as("a record over the limit starts a segment of its own").isEqualTo(new Position(3, 0, third.length()));
            assertThat(fourth).as("and the record after it starts the next one").isEqualTo(new Position(4, 0, 50));
            assertThat(log.read(first)).as("read of the big record alone in segment 1").isEqualTo(big);
            assertThat(log.read(third)).as("read of the big record alone in segment 3").isEqualTo(big);
        }
        for (Path segment : List.of(Log.segmentPath(dir, 1), Log.segmentPath(dir, 2), Log.segmentPath(dir, 3))) {
            assertThat(FileFaults.size(segment)).as("%s must not be empty", segment.getFileName()).isPositive();
        }
    }

    @Test
    @Points(2)
    @DisplayName("read and replay work across segments, in append order, and no record spans two segments")
    void readAndReplayAcrossSegments(@Scratch Path dir) {
        long limit = 300;
        List<LogRecord> written = new ArrayList<>();
        List<Position> appended = new ArrayList<>();
        try (Log log = open(dir, limit)) {
            for (int i = 0; i < 60; i++) {
                LogRecord record = i % 5 == 0 ? LogRecord.tombstone("key" + i) : LogRecord.put("key" + i, "v".repeat(i * 7 % 120));
                written.add(record);
                appended.add(log.append(record));
            }
            for (int i = 0; i < written.size(); i++) {
                assertThat(log.read(appended.get(i))).as("read(%s)", appended.get(i)).isEqualTo(written.get(i));
            }
            List<LogEntry> entries = replay(log);
            assertThat(records(entries)).as("replay must yield every record, oldest segment first").isEqualTo(written);
            assertThat(positions(entries)).as("replay must give each record the position append returned").isEqualTo(appended);
            assertThat(log.segments().size()).as("60 records of up to 130 bytes need several 300-byte segments").isGreaterThan(5);
            for (Path segment : log.segments()) {
                assertThat(FileFaults.size(segment))
                        .as("%s may not grow past maxSegmentBytes (%d): none of these records is that large", segment.getFileName(), limit)
                        .isLessThanOrEqualTo(limit);
            }
        }
    }

    @Test
    @Points(3)
    @DisplayName("reopening continues the last segment and keeps old positions readable")
    void reopenContinuesTheLastSegment(@Scratch Path dir) {
        List<Position> appended = new ArrayList<>();
        List<Path> segments;
        try (Log log = open(dir, 200)) {
            for (int i = 0; i < 5; i++) {
                appended.add(log.append(fiftyBytes(i)));
            }
            segments = log.segments();
        }
        try (Log log = open(dir, 200)) {
            assertThat(log.segments()).as("reopening must find the same segments and create none").isEqualTo(segments);
            for (int i = 0; i < 5; i++) {
                assertThat(log.read(appended.get(i))).as("after reopen, read(%s)", appended.get(i)).isEqualTo(fiftyBytes(i));
            }
            Position next = log.append(fiftyBytes(5));
            assertThat(next)
                    .as("after reopen, the next record goes to the end of the last segment, which has room")
                    .isEqualTo(new Position(2, 50, 50));
        }
        try (Log log = open(dir, 200)) {
            assertThat(log.segments()).as("segments() after reopening a log of two segments").hasSize(2);
            List<LogRecord> expected = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                expected.add(fiftyBytes(i));
            }
            assertThat(records(replay(log))).as("replay after reopen and more appends: every record, in order")
                    .isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("a new log creates its directory and segment 000000001.log, and a closed log refuses calls")
    void aNewLogStartsWithSegmentOne(@Scratch Path dir) {
        Path logDir = dir.resolve("nested").resolve("log");
        Log log = open(logDir, 1000);
        assertThat(log.segments()).as("a new log starts with segment 1").containsExactly(Log.segmentPath(logDir, 1));
        assertThat(Files.exists(Log.segmentPath(logDir, 1))).as("000000001.log must exist on disk").isTrue();
        assertThat(replay(log)).as("a new log has nothing to replay").isEmpty();
        Position position = log.append(LogRecord.put("k", "v"));
        log.close();
        log.close();
        assertThrown(IllegalStateException.class, () -> log.append(LogRecord.put("k", "v")), "append on a closed log");
        assertThrown(IllegalStateException.class, () -> log.read(position), "read on a closed log");
        assertThrown(IllegalStateException.class, () -> log.replay(e -> { }), "replay on a closed log");
        assertThat(Log.segmentPath(logDir, 123456789).getFileName().toString())
                .as("segment file names are the id, zero-padded to 9 digits, then .log").isEqualTo("123456789.log");
        try (Log reopened = open(logDir, 1000)) {
            assertThrown(IllegalArgumentException.class, () -> reopened.read(new Position(2, 0, position.length())),
                    "a position in a segment the log does not have");
            assertThat(reopened.read(position)).as("read(%s) after reopen", position).isEqualTo(LogRecord.put("k", "v"));
        }
    }

    private static List<String> fileNames(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError("listing the files of " + dir + " failed", e);
        }
    }
}
