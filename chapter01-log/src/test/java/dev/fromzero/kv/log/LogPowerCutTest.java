package dev.fromzero.kv.log;

import static dev.fromzero.kv.log.LogFixtures.open;
import static dev.fromzero.kv.log.LogFixtures.replayRecords;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import dev.fromzero.testkit.powercut.PowerCut;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The log on a simulated disk that loses power: what was synced must survive, whatever else the
 * cut loses. A {@code kill -9} keeps the operating system's page cache, so only a power cut tells a
 * log that syncs (its data, and the directory that names a new segment) from one that does not.
 */
@Seeded
@Step(chapter = 1, number = 6, title = "Crash safety", guide = "docs/chapter01-log.md#step-6-crash-safety")
@Hint("After a power cut only what was forced is on the disk: the bytes of a file up to its last force, and the "
        + "names of files whose directory was synced after they were created. Which of the two does a new segment "
        + "need before a record in it can be called durable?")
class LogPowerCutTest {

    private static final long SEGMENT_BYTES = 400;

    @Test
    @Points(3)
    @DisplayName("records appended and synced survive any power cut; what survives is a prefix of what was appended")
    @Hint("Check sync() first: it must force the active segment. Then check where the log creates a file: segment "
            + "1 when it opens, the next segment when it rotates. The test opens the log through the Path it gives; "
            + "a file opened any other way (toFile, RandomAccessFile) escapes the simulated disk.")
    void syncedRecordsSurvive(@Scratch Path scratch, Seed seed) {
        Random random = seed.random();
        for (int round = 0; round < 12; round++) {
            PowerCut power = PowerCut.in(scratch.resolve("round-" + round));
            Path dir = power.root().resolve("log");
            List<LogRecord> appended = new ArrayList<>();
            int synced = 0;
            for (int life = 0; life < 3; life++) {
                Log log = open(dir, SEGMENT_BYTES);
                List<LogRecord> replayed = replayRecords(log);
                check(replayed, appended, synced, round, life, power);
                appended = new ArrayList<>(replayed);
                synced = replayed.size();
                int writes = 1 + random.nextInt(40);
                for (int i = 0; i < writes; i++) {
                    if (random.nextInt(5) == 0) {
                        List<LogRecord> batch = new ArrayList<>();
                        for (int j = 0, n = 1 + random.nextInt(4); j < n; j++) {
                            batch.add(record(random, round, life, appended.size() + j));
                        }
                        log.appendBatch(batch);
                        appended.addAll(batch);
                    } else {
                        LogRecord record = record(random, round, life, appended.size());
                        log.append(record);
                        appended.add(record);
                    }
                    if (random.nextInt(4) == 0) {
                        log.sync();
                        synced = appended.size();
                    }
                }
                if (round % 3 == 0) {
                    power.cutLosingAllUnsynced();
                } else {
                    power.cut(random);
                }
            }
            try (Log log = open(dir, SEGMENT_BYTES)) {
                check(replayRecords(log), appended, synced, round, 3, power);
            }
        }
    }

    @Test
    @Points(2)
    @DisplayName("segments the log rotated away from, and their names in the directory, survive a power cut")
    @Hint("A full segment is never written again, so the log must make it durable as it leaves it, and a new "
            + "segment exists after a power cut only once its directory has been synced. A sync of the last segment "
            + "says nothing about the earlier ones.")
    void rotatedSegmentsSurvive(@Scratch Path scratch) {
        PowerCut power = PowerCut.in(scratch);
        Path dir = power.root().resolve("log");
        List<LogRecord> appended = new ArrayList<>();
        Log log = open(dir, SEGMENT_BYTES);
        for (int i = 0; i < 60; i++) {
            LogRecord record = LogRecord.put("key-" + i, "value-" + "v".repeat(i % 13));
            log.append(record);
            appended.add(record);
        }
        log.sync();
        assertThat(log.segments()).as("60 records in 400-byte segments must fill several segments").hasSizeGreaterThan(3);
        List<Path> segments = log.segments();
        String cut = power.cutLosingAllUnsynced();
        try (Log reopened = open(dir, SEGMENT_BYTES)) {
            assertThat(reopened.segments())
                    .as("after a power cut (%s): every segment the log created must still be there, since sync() "
                            + "returned after they were all written", cut)
                    .containsExactlyElementsOf(segments);
            assertThat(replayRecords(reopened))
                    .as("after a power cut (%s): every record appended before sync() returned", cut)
                    .containsExactlyElementsOf(appended);
        }
    }

    @Test
    @Points(1)
    @DisplayName("a new log's first record, once synced, survives a power cut: so does the segment file that holds it")
    @Hint("Forcing a new file's bytes does not make its name durable: on Linux the entry in the directory needs a "
            + "sync of the directory. Where does the log create its very first segment?")
    void firstSegmentSurvives(@Scratch Path scratch) {
        PowerCut power = PowerCut.in(scratch);
        Path dir = power.root().resolve("log");
        LogRecord record = LogRecord.put("the first key", "the first value");
        Log log = open(dir, SEGMENT_BYTES);
        log.append(record);
        log.sync();
        String cut = power.cutLosingAllUnsynced();
        try (Log reopened = open(dir, SEGMENT_BYTES)) {
            assertThat(replayRecords(reopened))
                    .as("after a power cut (%s): the one record of a new log, appended and synced", cut)
                    .containsExactly(record);
        }
    }

    private static LogRecord record(Random random, int round, int life, int index) {
        String key = "r" + round + "-l" + life + "-" + index;
        return random.nextInt(6) == 0 ? LogRecord.tombstone(key) : LogRecord.put(key, "v".repeat(random.nextInt(120)));
    }

    private static void check(List<LogRecord> replayed, List<LogRecord> appended, int synced, int round, int life,
                              PowerCut power) {
        String where = "round " + round + ", after power cut " + life + " (" + power.lastCut() + ")";
        assertThat(replayed.size())
                .as("%s: the %d records appended before the last sync() returned must all survive; %d did", where,
                        synced, replayed.size())
                .isGreaterThanOrEqualTo(synced);
        assertThat(replayed.size())
                .as("%s: no more records than were appended (%d)", where, appended.size())
                .isLessThanOrEqualTo(appended.size());
        assertThat(replayed)
                .as("%s: what survives is the first records appended, in order, each once", where)
                .containsExactlyElementsOf(appended.subList(0, replayed.size()));
    }
}
