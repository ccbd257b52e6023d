package dev.fromzero.kv.log;

import static dev.fromzero.kv.log.LogFixtures.copy;
import static dev.fromzero.kv.log.LogFixtures.open;
import static dev.fromzero.kv.log.LogFixtures.records;
import static dev.fromzero.kv.log.LogFixtures.reopenAndReplay;
import static dev.fromzero.kv.log.LogFixtures.replayRecords;
import static dev.fromzero.kv.log.LogFixtures.sameFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fromzero.kv.CorruptionException;
import dev.fromzero.testkit.FileFaults;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Step(chapter = 1, number = 5, title = "Recovery", guide = "docs/chapter01-log.md#step-5-recovery")
@Hint("Every failure to decode raises one question: could a crash in the middle of the last write "
        + "have left exactly these bytes at the end of the last segment? Only then is it a torn tail to cut off; "
        + "anything else is corruption, reported where the damaged record starts, with the file left as it is.")
class RecoveryTest {

    private static final long SEGMENT = 1 << 20;

    /** Five records in one segment; returns their positions. */
    private static List<Position> writeFive(Path dir) {
        List<Position> positions = new ArrayList<>();
        try (Log log = open(dir, SEGMENT)) {
            for (LogRecord record : five()) {
                positions.add(log.append(record));
            }
        }
        return positions;
    }

    private static List<LogRecord> five() {
        return List.of(LogRecord.put("one", "first value"), LogRecord.put("two", "x".repeat(150)), LogRecord.tombstone("three"),
                LogRecord.put("four", "4"), LogRecord.put("five", "the last one"));
    }

    @Test
    @Points(3)
    @DisplayName("a log cut at any byte of its last records reopens with every complete record and nothing partial")
    @Hint("Finding the end is scan's job, cutting it is Log.open's: which segment may be cut, "
            + "and must it happen before or after the first append?")
    void tornTailsAreCutOff(@Scratch Path scratch) {
        Path dir = scratch.resolve("log");
        long limit = 200;
        List<LogRecord> written = new ArrayList<>();
        List<Position> positions = new ArrayList<>();
        try (Log log = open(dir, limit)) {
            for (int i = 0; i < 9; i++) {
                LogRecord record = i % 4 == 3 ? LogRecord.tombstone("key" + i) : LogRecord.put("key" + i, "v".repeat(10 + 9 * i));
                written.add(record);
                positions.add(log.append(record));
            }
        }
        long lastId = positions.get(positions.size() - 1).fileId();
        assertThat(lastId).as("the records are meant to fill more than one segment").isGreaterThan(1);
        Path lastSegment = Log.segmentPath(dir, lastId);
        long size = FileFaults.size(lastSegment);
        for (long cut = 0; cut < size; cut++) {
            Path copy = copy(dir, scratch, "cut-" + cut);
            FileFaults.truncate(Log.segmentPath(copy, lastId), cut);
            List<LogRecord> complete = new ArrayList<>();
            long completeEnd = 0;
            for (int i = 0; i < written.size(); i++) {
                Position p = positions.get(i);
                if (p.fileId() < lastId || p.end() <= cut) {
                    complete.add(written.get(i));
                    completeEnd = p.fileId() == lastId ? p.end() : completeEnd;
                }
            }
            try (Log log = open(copy, limit)) {
                assertThat(replayRecords(log))
                        .as("last segment cut at byte %d of %d: every record that ended before the cut, and no part of "
                                + "the one that did not", cut, size)
                        .isEqualTo(complete);
                assertThat(FileFaults.size(Log.segmentPath(copy, lastId)))
                        .as("opening must cut the torn tail off the last segment, back to the end of its last complete "
                                + "record (%d), so the next append follows it", completeEnd)
                        .isEqualTo(completeEnd);
                Position next = log.append(LogRecord.put("new", "record"));
                assertThat(next).as("the first append after the cut goes in segment %d at offset %d", lastId, completeEnd)
                        .isEqualTo(new Position(lastId, completeEnd, next.length()));
            }
            complete.add(LogRecord.put("new", "record"));
            assertThat(reopenAndReplay(copy, limit)).as("after a new append on the recovered log (cut at %d)", cut).isEqualTo(complete);
        }
    }

    @Test
    @Points(2)
    @DisplayName("zeros at the end of the file, or a last record whose data never reached the disk, are a torn tail")
    @Hint("Zeros decode as a header whose checksum fails. What must the rest of the file look "
            + "like for that to be a torn tail? And a last record whose header is fine but whose payload is not: where "
            + "must it end?")
    void zeroTailsAreTornTails(@Scratch Path scratch) {
        Path dir = scratch.resolve("log");
        List<Position> positions = writeFive(dir);
        Position last = positions.get(4);

        Path zeros = copy(dir, scratch, "zeros");
        FileFaults.appendZeros(Log.segmentPath(zeros, 1), 5000);
        assertRecovers(zeros, five(), last.end(), "5000 zeros after the last record (the file system grew the file, "
                + "the data did not arrive)");

        Path zeroRecord = copy(dir, scratch, "zero-record");
        FileFaults.overwrite(Log.segmentPath(zeroRecord, 1), last.offset(), new byte[last.length()]);
        assertRecovers(zeroRecord, five().subList(0, 4), last.offset(), "the last record all zeros");

        Path zeroPayload = copy(dir, scratch, "zero-payload");
        int payload = "five".length() + "the last one".length();
        FileFaults.overwrite(Log.segmentPath(zeroPayload, 1), last.end() - payload, new byte[payload]);
        assertRecovers(zeroPayload, five().subList(0, 4), last.offset(),
                "the last record's key and value zeroed (its header reached the disk, its data did not)");
    }

    @Test
    @Points(2)
    @DisplayName("batch members with no commit after them, then zeros, are a torn tail: the batch vanishes and the file is cut where it began")
    @Hint("The zeros say the file system grew the file before the data arrived; the members in front of them are a "
            + "batch whose commit never made it. Both belong to the same torn write: where does the committed log end?")
    void orphanedMembersBeforeZerosAreATornTail(@Scratch Path scratch) {
        Path dir = scratch.resolve("log");
        List<LogRecord> batch = List.of(LogRecord.put("from", "90"), LogRecord.put("to", "110"), LogRecord.tombstone("pending"));
        List<Position> members;
        long end;
        try (Log log = open(dir, SEGMENT)) {
            for (LogRecord record : five()) {
                log.append(record);
            }
            members = log.appendBatch(batch);
            end = FileFaults.size(log.segments().get(0));
        }
        long batchStart = members.get(0).offset();
        long commitStart = members.get(members.size() - 1).end();
        Path segment = Log.segmentPath(dir, 1);

        Path commitZeroed = copy(dir, scratch, "commit-zeroed");
        FileFaults.overwrite(Log.segmentPath(commitZeroed, 1), commitStart, new byte[(int) (end - commitStart)]);
        assertRecovers(commitZeroed, five(), batchStart, "every member of a 3-member batch intact, its commit record all zeros");

        Path commitZeroedAndMore = copy(dir, scratch, "commit-zeroed-and-more");
        FileFaults.overwrite(Log.segmentPath(commitZeroedAndMore, 1), commitStart, new byte[(int) (end - commitStart)]);
        FileFaults.appendZeros(Log.segmentPath(commitZeroedAndMore, 1), 4096);
        assertRecovers(commitZeroedAndMore, five(), batchStart,
                "a batch's members intact, its commit record and 4096 bytes after it zeros (a file grown by a block)");

        Path cutThenZeros = copy(dir, scratch, "cut-then-zeros");
        FileFaults.truncate(Log.segmentPath(cutThenZeros, 1), commitStart);
        FileFaults.appendZeros(Log.segmentPath(cutThenZeros, 1), 7);
        assertRecovers(cutThenZeros, five(), batchStart, "a batch's members, then 7 zeros where the commit record should be");

        Path firstMemberOnly = copy(dir, scratch, "first-member-only");
        long afterFirst = members.get(0).end();
        FileFaults.overwrite(Log.segmentPath(firstMemberOnly, 1), afterFirst, new byte[(int) (end - afterFirst)]);
        assertRecovers(firstMemberOnly, five(), batchStart, "the first member of a batch intact, the rest of the batch zeros");

        Path commitPayloadZeroed = copy(dir, scratch, "commit-payload-zeroed");
        FileFaults.overwrite(Log.segmentPath(commitPayloadZeroed, 1), end - 1, new byte[1]);
        assertRecovers(commitPayloadZeroed, five(), batchStart,
                "a batch whose commit record's header arrived but whose count byte is zero (its payload never reached the disk)");
        assertThat(FileFaults.size(segment)).as("the original log is untouched").isEqualTo(end);
    }

    private static void assertRecovers(Path dir, List<LogRecord> expected, long end, String what) {
        try (Log log = open(dir, SEGMENT)) {
            assertThat(replayRecords(log)).as("%s: replay must return the complete records", what).isEqualTo(expected);
            assertThat(FileFaults.size(Log.segmentPath(dir, 1))).as("%s: opening must cut the file back to %d", what, end).isEqualTo(end);
            log.append(LogRecord.put("after", "recovery"));
        }
        List<LogRecord> withNext = new ArrayList<>(expected);
        withNext.add(LogRecord.put("after", "recovery"));
        assertThat(reopenAndReplay(dir, SEGMENT)).as("%s: the log must work after recovery", what).isEqualTo(withNext);
    }

    @Test
    @Points(3)
    @DisplayName("a damaged record with records after it is corruption, reported with its file and offset")
    @Hint("A flipped bit in the middle and a torn write at the end can fail "
            + "decode in the same way. What tells them apart is not the damaged record but what comes after it.")
    void damageBeforeTheTailIsCorruption(@Scratch Path scratch) {
        Path dir = scratch.resolve("log");
        List<Position> positions = writeFive(dir);
        for (int i = 0; i < 4; i++) {
            Position damaged = positions.get(i);
            long[] offsets = {damaged.offset(), damaged.offset() + 5, damaged.offset() + 8, damaged.end() - 1};
            String[] parts = {"header checksum", "payload checksum", "type", "last value byte"};
            for (int j = 0; j < offsets.length; j++) {
                Path copy = copy(scratch.resolve("log"), scratch, "record-" + i + "-" + j);
                Path segment = Log.segmentPath(copy, 1);
                long size = FileFaults.size(segment);
                FileFaults.flipBit(segment, offsets[j], 2);
                assertCorruption(copy, segment, damaged.offset(),
                        "a flipped bit in the %s of record %d of 5 (at byte %d)".formatted(parts[j], i, offsets[j]));
                assertThat(FileFaults.size(segment))
                        .as("the damaged segment must be left as it is: the records after the damage are real data")
                        .isEqualTo(size);
            }
        }
    }

    @Test
    @Points(2)
    @DisplayName("a damaged length in the middle of a file is corruption, not a torn tail that hides the records after it")
    @Hint("A flipped bit can make a length run past the end of the file. If you "
            + "conclude incomplete from a length that the header checksum has not vouched for, corruption looks like "
            + "a torn tail and good records are cut off.")
    void damagedLengthsAreNotTornTails(@Scratch Path scratch) {
        Path dir = scratch.resolve("log");
        List<Position> positions = writeFive(dir);
        Position third = positions.get(2);
        Path segment = Log.segmentPath(dir, 1);
        long size = FileFaults.size(segment);
        int keyLengthAt = 9;
        // "three" has a 5-byte key: 0x05 becomes 0x45, 69 bytes, which runs past the end of the file.
        FileFaults.flipBit(segment, third.offset() + keyLengthAt, 6);
        assertThat(third.offset() + third.length() + 64).as("the test's setup: record 3, 64 bytes longer, ends past "
                + "the file's end").isGreaterThan(size);
        assertCorruption(dir, segment, third.offset(), "the key length of record 3 of 5 made 64 bytes longer, past the "
                + "end of the file");
        assertThat(FileFaults.size(segment)).as("the records after the damaged one must not be cut off").isEqualTo(size);
    }

    @Test
    @Points(2)
    @DisplayName("damage at the end of a segment that is not the last one is corruption too")
    void earlierSegmentsMustBeWhole(@Scratch Path scratch) {
        Path dir = scratch.resolve("log");
        List<Position> positions = new ArrayList<>();
        try (Log log = open(dir, 200)) {
            for (int i = 0; i < 12; i++) {
                positions.add(log.append(LogRecord.put("key" + i, "v".repeat(30))));
            }
        }
        Position lastOfFirst = positions.stream().filter(p -> p.fileId() == 1).reduce((a, b) -> b).orElseThrow();
        assertThat(positions.get(positions.size() - 1).fileId()).as("the test's setup: the records fill more than "
                + "two segments").isGreaterThan(2);

        Path flipped = copy(dir, scratch, "flipped");
        FileFaults.flipBit(Log.segmentPath(flipped, 1), lastOfFirst.end() - 1, 0);
        assertCorruption(flipped, Log.segmentPath(flipped, 1), lastOfFirst.offset(),
                "a flipped bit in the value of the last record of segment 1, which is followed by segment 2");

        Path cut = copy(dir, scratch, "cut");
        FileFaults.truncate(Log.segmentPath(cut, 1), lastOfFirst.end() - 3);
        assertCorruption(cut, Log.segmentPath(cut, 1), lastOfFirst.offset(),
                "segment 1 cut 3 bytes short, though segments 2 and 3 follow it (only the last segment can be torn)");
    }

    @Test
    @DisplayName("scan stops at a torn tail and returns where it starts, without changing the file")
    void scanReturnsTheEndOfTheCommittedRecords(@Scratch Path dir) {
        Path path = dir.resolve("1.data");
        List<Position> positions = new ArrayList<>();
        try (DataFile file = DataFile.open(path, 1)) {
            for (LogRecord record : five()) {
                positions.add(file.append(record));
            }
        }
        FileFaults.truncate(path, positions.get(4).end() - 1);
        try (DataFile file = DataFile.open(path, 1)) {
            List<LogEntry> entries = new ArrayList<>();
            long end = file.scan(entries::add);
            assertThat(records(entries)).as("scan of a file whose last record lost its last byte: the four before it")
                    .isEqualTo(five().subList(0, 4));
            assertThat(end).as("scan returns the end of the last complete record").isEqualTo(positions.get(3).end());
            assertThat(file.size()).as("scan only reads; cutting the tail is Log.open's job").isEqualTo(positions.get(4).end() - 1);
        }
    }

    /** Opening and replaying {@code dir} must fail with a CorruptionException naming {@code file} and {@code offset}. */
    private static void assertCorruption(Path dir, Path file, long offset, String what) {
        Throwable thrown = catchThrowable(() -> {
            try (Log log = open(dir, SEGMENT)) {
                replayRecords(log);
            }
        });
        assertThat(thrown)
                .as("%s: opening or replaying the log must throw CorruptionException; silently dropping or returning "
                        + "damaged data is the worst thing a database can do", what)
                .isInstanceOf(CorruptionException.class);
        CorruptionException corruption = (CorruptionException) thrown;
        assertThat(sameFile(corruption.file(), file))
                .as("%s: CorruptionException.file() must be the damaged segment %s, was %s", what, file, corruption.file())
                .isTrue();
        assertThat(corruption.offset())
                .as("%s: CorruptionException.offset() must be where the damaged record starts", what)
                .isEqualTo(offset);
        assertThat(corruption.getMessage())
                .as("%s: the message must name the file and the offset, for a person to find the damage", what)
                .contains(file.getFileName().toString())
                .contains(String.valueOf(offset));
    }
}
