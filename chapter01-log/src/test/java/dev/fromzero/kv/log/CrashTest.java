package dev.fromzero.kv.log;

import static dev.fromzero.kv.log.LogFixtures.crashBatch;
import static dev.fromzero.kv.log.LogFixtures.crashRecord;
import static dev.fromzero.kv.log.LogFixtures.open;
import static dev.fromzero.kv.log.LogFixtures.reopenAndReplay;
import static dev.fromzero.kv.log.LogFixtures.replayRecords;
import static dev.fromzero.kv.log.LogFixtures.sameFile;
import static dev.fromzero.kv.log.LogFixtures.smallRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.fromzero.kv.CorruptionException;
import dev.fromzero.testkit.ChildJvm;
import dev.fromzero.testkit.FileFaults;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.ScratchExtension;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Slow;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

@Seeded
@Step(chapter = 1, number = 6, title = "Crash safety", guide = "docs/chapter01-log.md#step-6-crash-safety")
@Hint("No new code: a failure here means an earlier rule has a hole that only random damage or a real "
        + "crash finds. Replay the seed with the printed command, read the smallest failing example, and ask which "
        + "decode or tail rule let it through. The failing test keeps its files: look at them with xxd.")
class CrashTest {

    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);
    private static final long CRASH_SEGMENT_BYTES = 8 * 1024;
    private static final int SHRINK_CYCLES = 20;

    /** Damage to one segment: a bit flip ({@code length} 0) or {@code length} bytes XORed with non-zero masks. */
    record Damage(int segmentChoice, int offsetChoice, int length, int mask) {
    }

    /** Records appended on their own, or together as one batch. */
    record Unit(boolean batch, List<LogRecord> records) {
    }

    @Test
    @Points(3)
    @DisplayName("after a random bit flip or overwrite, the log reports corruption or returns exactly what was written")
    @Hint("The report shrinks the failure to a small log and one damaged spot. Either a "
            + "decode rule let damaged bytes through as a record, or a torn-tail rule swallowed records written after "
            + "the damage.")
    void damageIsReportedOrCut(Seed seed, @Scratch Path scratch) {
        Gen<Damage> damages = SourceDSL.integers().between(0, 1000).zip(
                SourceDSL.integers().between(0, Integer.MAX_VALUE),
                SourceDSL.integers().between(0, 12),
                SourceDSL.integers().between(1, 255), Damage::new);
        int[] example = {0};
        theory(seed).forAll(smallRecords(1, 25), SourceDSL.integers().between(100, 1000), damages)
                .checkAssert((written, segmentBytes, damage) ->
                        inFreshDirectory(scratch, example, dir -> checkDamage(dir, written, segmentBytes, damage)));
    }

    /** Runs one property example in a directory of its own, deleted afterwards: examples run by the hundred. */
    private static void inFreshDirectory(Path scratch, int[] example, Consumer<Path> check) {
        Path dir = scratch.resolve("example-" + example[0]++);
        try {
            check.accept(dir);
        } finally {
            ScratchExtension.deleteRecursively(dir);
        }
    }

    private static void checkDamage(Path dir, List<LogRecord> written, long segmentBytes, Damage damage) {
        List<Position> positions = new ArrayList<>();
        try (Log log = open(dir, segmentBytes)) {
            written.forEach(r -> positions.add(log.append(r)));
        }
        List<Long> ids = positions.stream().map(Position::fileId).distinct().toList();
        long id = ids.get(damage.segmentChoice() % ids.size());
        Path segment = Log.segmentPath(dir, id);
        long size = FileFaults.size(segment);
        long at = damage.offsetChoice() % size;
        String what;
        if (damage.length() == 0) {
            FileFaults.flipBit(segment, at, damage.mask() % 8);
            what = "bit %d of byte %d of %s flipped".formatted(damage.mask() % 8, at, segment.getFileName());
        } else {
            int length = (int) Math.min(damage.length(), size - at);
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                int mask = (damage.mask() * (i + 1)) & 0xff;
                bytes[i] = (byte) (FileFaults.readByte(segment, at + i) ^ (mask == 0 ? 1 : mask));
            }
            FileFaults.overwrite(segment, at, bytes);
            what = "bytes %d..%d of %s overwritten".formatted(at, at + length - 1, segment.getFileName());
        }
        int damaged = 0;
        while (!(positions.get(damaged).fileId() == id && positions.get(damaged).end() > at)) {
            damaged++;
        }
        Position hit = positions.get(damaged);
        boolean lastRecord = damaged == written.size() - 1;

        List<LogRecord> replayed = new ArrayList<>();
        Throwable thrown = catchThrowable(() -> {
            try (Log log = open(dir, segmentBytes)) {
                replayed.addAll(replayRecords(log));
            }
        });
        if (thrown == null) {
            assertThat(lastRecord)
                    .as("%s, in record %d of %d: records follow the damaged one, so opening or replaying must throw "
                            + "CorruptionException, not return %d records", what, damaged, written.size(), replayed.size())
                    .isTrue();
            assertThat(replayed)
                    .as("%s, in the last record: it may be dropped as a torn tail, and everything before it must be "
                            + "returned exactly", what)
                    .isEqualTo(written.subList(0, written.size() - 1));
            return;
        }
        assertThat(thrown)
                .as("%s: the only acceptable failure is a CorruptionException", what)
                .isInstanceOf(CorruptionException.class);
        CorruptionException corruption = (CorruptionException) thrown;
        assertThat(sameFile(corruption.file(), segment) && corruption.offset() == hit.offset())
                .as("%s: the damaged record is %s, so the CorruptionException must name %s and offset %d, not %s and %d",
                        what, hit, segment, hit.offset(), corruption.file(), corruption.offset())
                .isTrue();
    }

    @Test
    @Points(2)
    @DisplayName("cutting the last segment anywhere never loses a record or batch that ended before the cut")
    void truncationKeepsWhatEndedBeforeTheCut(Seed seed, @Scratch Path scratch) {
        Gen<Unit> unit = SourceDSL.booleans().all().zip(smallRecords(1, 4), (batch, records) ->
                new Unit(batch, batch ? records : records.subList(0, 1)));
        int[] example = {0};
        theory(seed).forAll(SourceDSL.lists().of(unit).ofSizeBetween(1, 15),
                        SourceDSL.integers().between(100, 1000), SourceDSL.integers().between(0, Integer.MAX_VALUE))
                .checkAssert((units, segmentBytes, cutChoice) ->
                        inFreshDirectory(scratch, example, dir -> checkTruncation(dir, units, segmentBytes, cutChoice)));
    }

    private static void checkTruncation(Path dir, List<Unit> units, long segmentBytes, int cutChoice) {
        List<List<Position>> positions = new ArrayList<>();
        try (Log log = open(dir, segmentBytes)) {
            for (Unit unit : units) {
                positions.add(unit.batch() ? log.appendBatch(unit.records()) : List.of(log.append(unit.records().get(0))));
            }
        }
        long lastId = positions.get(positions.size() - 1).get(0).fileId();
        Path last = Log.segmentPath(dir, lastId);
        long cut = cutChoice % (FileFaults.size(last) + 1);
        FileFaults.truncate(last, cut);
        List<LogRecord> expected = new ArrayList<>();
        for (int i = 0; i < units.size(); i++) {
            Unit unit = units.get(i);
            Position start = positions.get(i).get(0);
            long end = start.offset() + (unit.batch()
                    ? RecordCodec.encodedBatchSize(unit.records())
                    : RecordCodec.encodedSize(unit.records().get(0)));
            boolean survives = start.fileId() < lastId || end <= cut;
            if (survives) {
                expected.addAll(units.get(i).records());
            }
        }
        try (Log log = open(dir, segmentBytes)) {
            assertThat(replayRecords(log))
                    .as("segment %s cut at byte %d: every record and batch that ended before the cut, and nothing of "
                            + "the ones that did not", last.getFileName(), cut)
                    .isEqualTo(expected);
            log.append(LogRecord.put("after", "the cut"));
        }
        expected.add(LogRecord.put("after", "the cut"));
        assertThat(reopenAndReplay(dir, segmentBytes)).as("after an append to the recovered log").isEqualTo(expected);
    }

    @Test
    @Points(3)
    @DisplayName("a writer killed with kill -9 at 50 random moments never loses an acknowledged record")
    @Hint("A record is acknowledged only after its sync. If one is missing "
            + "after a kill, recovery cut too much (a tail rule matched a complete record), or appends went on after a "
            + "torn tail instead of after the last complete record.")
    @Slow("kills a writer process with kill -9, several times")
    void killedWriterKeepsAcknowledgedRecords(Seed seed, @Scratch Path scratch) {
        Random random = seed.random();
        Path dir = scratch.resolve("log");
        int durable = 0;
        for (int kill = 1; kill <= 50; kill++) {
            int acks = killWriter(dir, seed, "records", durable, 1 + random.nextInt(40));
            List<LogRecord> replayed = reopenAndReplay(dir, CRASH_SEGMENT_BYTES);
            int acked = durable + acks;
            assertThat(replayed.size())
                    .as("after kill %d: %d records were acknowledged (synced before the writer said so): all of them "
                            + "must be there", kill, acked)
                    .isGreaterThanOrEqualTo(acked);
            for (int i = 0; i < replayed.size(); i++) {
                assertThat(replayed.get(i))
                        .as("after kill %d, record %d must be the one the writer appended as number %d: every record "
                                + "in order, exactly once, and nothing else (records past the acknowledged ones can only "
                                + "be the ones the writer went on to write)", kill, i, i)
                        .isEqualTo(crashRecord(seed.value(), i));
            }
            durable = replayed.size();
        }
    }

    @Test
    @Points(3)
    @DisplayName("a writer of batches killed with kill -9 leaves only whole batches")
    @Hint("A kill can land between a batch's members and its commit record. "
            + "After reopening, where must the next batch start: after the last committed record, or after the "
            + "orphaned members?")
    @Slow("kills a batch writer process with kill -9, several times")
    void killedBatchWriterLeavesWholeBatches(Seed seed, @Scratch Path scratch) {
        Random random = seed.random();
        Path dir = scratch.resolve("log");
        int durable = 0;
        for (int kill = 1; kill <= 20; kill++) {
            int acks = killWriter(dir, seed, "batches", durable, 1 + random.nextInt(30));
            List<LogRecord> replayed = reopenAndReplay(dir, CRASH_SEGMENT_BYTES);
            int acked = durable + acks;
            List<LogRecord> whole = new ArrayList<>();
            int batches = 0;
            while (whole.size() < replayed.size()) {
                whole.addAll(crashBatch(seed.value(), batches++));
            }
            assertThat(replayed)
                    .as("after kill %d: the replayed records must be whole batches, in the order written (the %d "
                            + "acknowledged ones, and possibly whole batches the writer went on to write); never part "
                            + "of a batch", kill, acked)
                    .isEqualTo(whole);
            assertThat(batches)
                    .as("after kill %d: %d batches were acknowledged (synced), all must be there", kill, acked)
                    .isGreaterThanOrEqualTo(acked);
            durable = batches;
        }
    }

    /**
     * 200 examples; shrinking is capped because every example writes and syncs real files, and a
     * failing implementation should get its report in seconds, not minutes.
     */
    private static QuickTheory theory(Seed seed) {
        return seed.theory(200).withShrinkCycles(SHRINK_CYCLES);
    }

    /**
     * Runs the writer on {@code dir}, starting at index {@code first}, kills it after {@code acks}
     * acknowledgements, and returns how many it acknowledged in all (checking they came in order).
     */
    private static int killWriter(Path dir, Seed seed, String mode, int first, int acks) {
        List<String> lines;
        try (ChildJvm child = ChildJvm.start(LogWriterProcess.class, dir.toString(), String.valueOf(seed.value()), mode,
                String.valueOf(first), String.valueOf(CRASH_SEGMENT_BYTES))) {
            lines = child.killAfterLines(acks, CHILD_TIMEOUT);
        }
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).as("the writer acknowledges in order").isEqualTo("ack " + (first + i));
        }
        return lines.size();
    }
}
