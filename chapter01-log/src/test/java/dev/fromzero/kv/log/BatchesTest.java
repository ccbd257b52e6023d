package dev.fromzero.kv.log;

import static dev.fromzero.kv.log.LogFixtures.bytes;
import static dev.fromzero.kv.log.LogFixtures.concat;
import static dev.fromzero.kv.log.LogFixtures.copy;
import static dev.fromzero.kv.log.LogFixtures.open;
import static dev.fromzero.kv.log.LogFixtures.positions;
import static dev.fromzero.kv.log.LogFixtures.puts;
import static dev.fromzero.kv.log.LogFixtures.records;
import static dev.fromzero.kv.log.LogFixtures.reopenAndReplay;
import static dev.fromzero.kv.log.LogFixtures.replay;
import static dev.fromzero.kv.log.LogFixtures.replayRecords;
import static dev.fromzero.kv.log.LogFixtures.scan;
import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fromzero.kv.CorruptionException;
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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Step(chapter = 1, number = 4, title = "Batches", guide = "docs/chapter01-log.md#step-4-batches")
@Hint("In scan, batch members are promises, not records yet: nothing of a batch reaches the visitor "
        + "before its commit record has been read and checked. What should scan remember about where the batch began?")
class BatchesTest {

    private static final List<LogRecord> BATCH = List.of(
            LogRecord.put("from", "90"), LogRecord.put("to", "110"), LogRecord.tombstone("pending"), LogRecord.put("", ""));

    @Test
    @Points(2)
    @DisplayName("a batch is written as its members, then a commit record counting them, and each member reads back")
    void aBatchIsItsMembersThenACommit(@Scratch Path dir) {
        Path path = dir.resolve("1.data");
        try (DataFile file = DataFile.open(path, 1)) {
            Position before = file.append(LogRecord.put("before", "batch"));
            List<Position> positions = file.appendBatch(BATCH);
            assertThat(positions).as("one position per member").hasSize(BATCH.size());
            long offset = before.end();
            for (int i = 0; i < BATCH.size(); i++) {
                assertThat(positions.get(i))
                        .as("member %d sits right after the one before it", i)
                        .isEqualTo(new Position(1, offset, RecordCodec.encodedSize(BATCH.get(i))));
                assertThat(file.read(positions.get(i))).as("read(member %d)", i).isEqualTo(BATCH.get(i));
                offset = positions.get(i).end();
            }
            assertThat(file.size()).as("size(): the record before, then the members and the commit record")
                    .isEqualTo(before.end() + RecordCodec.encodedBatchSize(BATCH));
        }
        List<byte[]> expected = new ArrayList<>();
        expected.add(RecordCodec.encode(LogRecord.put("before", "batch"), false));
        BATCH.forEach(r -> expected.add(RecordCodec.encode(r, true)));
        expected.add(RecordCodec.encode(RecordCodec.commit(BATCH.size()), false));
        assertThat(bytes(path))
                .as("on disk a batch is its members (type byte + 0x80) followed by a commit record (type 3, empty key, "
                        + "the member count as a varint value)")
                .isEqualTo(concat(expected.toArray(byte[][]::new)));
    }

    @Test
    @Points(2)
    @DisplayName("replay yields a batch's members in order, between the records around it, and never the commit record")
    void replayYieldsMembersNotCommits(@Scratch Path dir) {
        List<LogRecord> expected = new ArrayList<>();
        List<Position> appended = new ArrayList<>();
        try (Log log = open(dir, 1 << 20)) {
            appended.add(log.append(LogRecord.put("first", "1")));
            appended.addAll(log.appendBatch(BATCH));
            appended.addAll(log.appendBatch(List.of(LogRecord.put("solo", "member"))));
            appended.add(log.append(LogRecord.put("last", "2")));
            expected.add(LogRecord.put("first", "1"));
            expected.addAll(BATCH);
            expected.add(LogRecord.put("solo", "member"));
            expected.add(LogRecord.put("last", "2"));
            List<LogEntry> entries = replay(log);
            assertThat(records(entries)).as("replay yields batch members like any record, and not the commit records").isEqualTo(expected);
            assertThat(positions(entries)).as("replay yields each member at the position appendBatch returned for it")
                    .isEqualTo(appended);
        }
        assertThat(reopenAndReplay(dir, 1 << 20)).as("the same after reopening").isEqualTo(expected);
    }

    @Test
    @DisplayName("an empty batch writes nothing")
    void emptyBatchesWriteNothing(@Scratch Path dir) {
        try (DataFile file = DataFile.open(dir.resolve("1.data"), 1)) {
            assertThat(file.appendBatch(List.of())).as("DataFile.appendBatch of no records: no positions").isEmpty();
            assertThat(file.size()).as("an empty batch must not write a commit record").isZero();
        }
        try (Log log = open(dir.resolve("log"), 1 << 20)) {
            log.append(LogRecord.put("k", "v"));
            assertThat(log.appendBatch(List.of())).as("Log.appendBatch of no records: no positions").isEmpty();
            assertThat(FileFaults.size(log.segments().get(0)))
                    .as("the segment after an empty batch holds only the one record before it, no commit record")
                    .isEqualTo(RecordCodec.encodedSize(LogRecord.put("k", "v")));
            assertThat(replayRecords(log)).as("replay after an empty batch").containsExactly(LogRecord.put("k", "v"));
        }
    }

    @Test
    @Points(2)
    @DisplayName("a batch never spans two segments: the log starts a new one when the batch does not fit")
    void batchesNeverSpanSegments(@Scratch Path dir) {
        List<LogRecord> batch = puts("b", 4);
        int batchSize = RecordCodec.encodedBatchSize(batch);
        LogRecord single = LogRecord.put("single", "record");
        long limit = batchSize + RecordCodec.encodedSize(single) - 1;
        try (Log log = open(dir, limit)) {
            Position first = log.append(single);
            List<Position> positions = log.appendBatch(batch);
            assertThat(positions)
                    .as("a %d-byte batch after a %d-byte record does not fit a %d-byte segment: all of it goes to segment 2",
                            batchSize, first.length(), limit)
                    .allSatisfy(p -> assertThat(p.fileId()).as("the segment of %s", p).isEqualTo(2));
            assertThat(positions.get(0).offset()).as("the batch starts segment 2, at offset 0").isZero();
            List<Position> bigger = log.appendBatch(puts("big", 12));
            assertThat(bigger)
                    .as("a batch larger than a segment gets a segment of its own, whole")
                    .allSatisfy(p -> assertThat(p.fileId()).as("the segment of %s", p).isEqualTo(3));
            Position after = log.append(single);
            assertThat(after.fileId()).as("a record after the batch that filled segment 3 goes to segment 4").isEqualTo(4);
            List<LogRecord> expected = new ArrayList<>();
            expected.add(single);
            expected.addAll(batch);
            expected.addAll(puts("big", 12));
            expected.add(single);
            assertThat(replayRecords(log)).as("replay of the record, the two batches and the record").isEqualTo(expected);
            assertThat(FileFaults.size(Log.segmentPath(dir, 2))).as("segment 2 holds the first batch and nothing else")
                    .isEqualTo(batchSize);
        }
    }

    @Test
    @Points(3)
    @DisplayName("a batch cut short anywhere, even right before its commit record, is not replayed at all")
    @Hint("Cut right before the commit record, every member is intact and decodes fine. "
            + "Which offset does scan return as the end of the committed records then, and what does Log.open cut?")
    void tornBatchesVanishWhole(@Scratch Path scratch) {
        Path dir = scratch.resolve("log");
        long batchStart;
        long end;
        try (Log log = open(dir, 1 << 20)) {
            log.append(LogRecord.put("before", "1"));
            log.appendBatch(List.of(LogRecord.put("a", "1")));
            batchStart = log.appendBatch(BATCH).get(0).offset();
            end = FileFaults.size(log.segments().get(0));
        }
        List<LogRecord> committed = List.of(LogRecord.put("before", "1"), LogRecord.put("a", "1"));
        for (long cut = batchStart; cut < end; cut++) {
            Path copy = copy(dir, scratch, "cut-" + cut);
            FileFaults.truncate(Log.segmentPath(copy, 1), cut);
            try (Log log = open(copy, 1 << 20)) {
                assertThat(replayRecords(log))
                        .as("the batch's last %d bytes are missing: none of its members may be replayed, only what "
                                + "came before it", end - cut)
                        .isEqualTo(committed);
                Position next = log.append(LogRecord.put("next", "record"));
                assertThat(next.offset())
                        .as("with the batch cut at byte %d, the next append must go where the batch began", cut)
                        .isEqualTo(batchStart);
            }
            List<LogRecord> expected = new ArrayList<>(committed);
            expected.add(LogRecord.put("next", "record"));
            assertThat(reopenAndReplay(copy, 1 << 20)).as("after the torn batch was dropped (cut at %d)", cut).isEqualTo(expected);
        }
    }

    @Test
    @DisplayName("a commit record that does not match the members before it is corruption")
    @Hint("A commit record in the middle of the file whose count disagrees with the "
            + "members before it was written whole: it cannot be a torn tail.")
    void mismatchedCommitsAreCorruption(@Scratch Path dir) {
        Path twoForThree = dir.resolve("1.data");
        LogFixtures.write(twoForThree,
                RecordCodec.encode(LogRecord.put("a", "1"), true), RecordCodec.encode(LogRecord.put("b", "2"), true),
                RecordCodec.encode(RecordCodec.commit(3), false), RecordCodec.encode(LogRecord.put("c", "3"), false));
        try (DataFile file = DataFile.open(twoForThree, 1)) {
            assertThrown(CorruptionException.class, () -> scan(file),
                    "a commit for 3 members after 2 of them is an impossible structure followed by more data");
        }
        Path membersThenRecord = dir.resolve("2.data");
        LogFixtures.write(membersThenRecord,
                RecordCodec.encode(LogRecord.put("a", "1"), true), RecordCodec.encode(LogRecord.put("b", "2"), false),
                RecordCodec.encode(LogRecord.put("c", "3"), false));
        try (DataFile file = DataFile.open(membersThenRecord, 2)) {
            assertThrown(CorruptionException.class, () -> scan(file),
                    "a batch member followed by a record that is not a member or a commit: the batch was never "
                            + "committed, yet data follows it");
        }
    }
    @Test
    @Points(2)
    @DisplayName("a whole commit record that claims more or fewer members than precede it is corruption, even at the end of the log")
    @Hint("A commit record that decodes intact was written whole, so its count is what the writer meant. If it "
            + "disagrees with the members in front of it, in either direction, no crash could have made these bytes: "
            + "which members would you hand out, and which would you drop?")
    void commitsClaimingMoreOrFewerAreCorruption(@Scratch Path scratch) throws IOException {
        byte[] plain = RecordCodec.encode(LogRecord.put("plain", "record"), false);
        byte[] a = RecordCodec.encode(LogRecord.put("a", "1"), true);
        byte[] b = RecordCodec.encode(LogRecord.put("b", "2"), true);
        byte[] c = RecordCodec.encode(LogRecord.put("c", "3"), true);
        byte[] after = RecordCodec.encode(LogRecord.put("after", "batch"), false);
        record Case(String what, byte[]... parts) {
        }
        List<Case> cases = List.of(
                new Case("3 members, then a commit for 2, then a record",
                        plain, a, b, c, RecordCodec.encode(RecordCodec.commit(2), false), after),
                new Case("3 members, then a commit for 2, at the end of the log",
                        plain, a, b, c, RecordCodec.encode(RecordCodec.commit(2), false)),
                new Case("2 members, then a commit for 3, at the end of the log",
                        plain, a, b, RecordCodec.encode(RecordCodec.commit(3), false)),
                new Case("a commit for 1 with no member before it, after a plain record",
                        plain, RecordCodec.encode(RecordCodec.commit(1), false), after),
                new Case("a commit for 1 with no member before it, at the end of the log",
                        plain, RecordCodec.encode(RecordCodec.commit(1), false)),
                new Case("a good batch of 1, then a commit for 1 with no member of its own",
                        plain, a, RecordCodec.encode(RecordCodec.commit(1), false), RecordCodec.encode(RecordCodec.commit(1), false), after));
        for (int i = 0; i < cases.size(); i++) {
            Case bad = cases.get(i);
            Path dir = scratch.resolve("case-" + i);
            Path segment = Log.segmentPath(dir, 1);
            Files.createDirectories(dir);
            LogFixtures.write(segment, bad.parts());
            long size = FileFaults.size(segment);
            Throwable thrown = catchThrowable(() -> {
                try (Log log = open(dir, 1 << 20)) {
                    replayRecords(log);
                }
            });
            assertThat(thrown)
                    .as("%s: the commit record is intact, so its wrong count is an impossible structure, not a torn "
                            + "write; opening and replaying must throw CorruptionException, not hand out or drop members "
                            + "quietly", bad.what())
                    .isInstanceOf(CorruptionException.class);
            CorruptionException corruption = (CorruptionException) thrown;
            assertThat(corruption.getMessage())
                    .as("%s: the message must name the file, for a person to find the damage", bad.what())
                    .contains(segment.getFileName().toString());
            assertThat(FileFaults.size(segment))
                    .as("%s: a corrupt log must be left as it is, not cut back to the last good batch", bad.what())
                    .isEqualTo(size);
            try (DataFile file = DataFile.open(segment, 1)) {
                assertThrown(CorruptionException.class, () -> scan(file),
                        "%s: DataFile.scan must throw CorruptionException itself", bad.what());
            }
        }
    }
}
