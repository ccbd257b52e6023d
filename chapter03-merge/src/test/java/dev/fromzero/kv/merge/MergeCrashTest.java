package dev.fromzero.kv.merge;

import static dev.fromzero.kv.merge.MergeFixtures.assertCompact;
import static dev.fromzero.kv.merge.MergeFixtures.assertMatches;
import static dev.fromzero.kv.merge.MergeFixtures.hitsOfMerge;
import static dev.fromzero.kv.merge.MergeFixtures.open;
import static dev.fromzero.kv.merge.MergeFixtures.scenarioKeys;
import static dev.fromzero.kv.merge.MergeFixtures.scenarioModel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.FaultPoint;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.merge.MergeFixtures.Both;
import dev.fromzero.kv.merge.MergeFixtures.CrashAt;
import dev.fromzero.kv.merge.MergeFixtures.LogCapture;
import dev.fromzero.kv.merge.MergeFixtures.SimulatedCrash;
import dev.fromzero.testkit.Bounded;
import dev.fromzero.testkit.ChildJvm;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Slow;
import dev.fromzero.testkit.Step;
import dev.fromzero.testkit.FileFaults;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fault-point matrix: a merge crashes at every {@link FaultPoint} (at the first hit, and for the points a merge
 * passes many times at a middle hit too), then the store reopens and must hold exactly what it held before the
 * merge, and must go on working: deletes made after the crash stay deleted through later merges, and a later
 * merge leaves a clean directory.
 */
@Step(chapter = 3, number = 4, title = "Crash safety", guide = "docs/chapter03-merge.md#step-4-crash-safety")
@Hint("Until the marker is durable, the merge has not happened: open must delete merge/ and ignore it. Once it is, "
        + "open must finish the install (move what is left, delete the old segments) before it reads the log. And "
        + "every state in between must also replay right: old segments first, then merged copies, then new writes.")
class MergeCrashTest {

    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);

    /** The points a merge passes once per record or per file. */
    private static final Set<FaultPoint> MANY_HITS =
            EnumSet.of(FaultPoint.WRITING_MERGED_DATA, FaultPoint.INSTALLING, FaultPoint.REMOVING_OLD);

    static Stream<Arguments> everyCrashPoint() {
        return Stream.of(FaultPoint.values()).flatMap(point -> MANY_HITS.contains(point)
                ? Stream.of(Arguments.of(point, "first"), Arguments.of(point, "middle"))
                : Stream.of(Arguments.of(point, "first")));
    }

    static Stream<Arguments> everyCrashPointInBothScenarios() {
        return everyCrashPoint().flatMap(a -> Stream.of(
                Arguments.of(a.get()[0], a.get()[1], "first"), Arguments.of(a.get()[0], a.get()[1], "second")));
    }

    @ParameterizedTest(name = "killed at FaultPoint.{0}, {1} hit")
    @MethodSource("everyCrashPoint")
    @Points(4)
    @DisplayName("a merge whose process is killed at any step leaves a store that reopens to exactly its state")
    @Hint("Here the process really dies (Runtime.halt): nothing in memory survives, no finally block runs, only "
            + "what reached the files counts.")
    @Slow("kills a merging process with kill -9 at every step of the merge")
    void killedMidMerge(FaultPoint point, String which, @Scratch Path dir, @Scratch Path counting) {
        killAndCheck("first", point, which, dir, counting);
    }

    @ParameterizedTest(name = "killed at FaultPoint.{0}, {1} hit")
    @MethodSource("everyCrashPoint")
    @Points(3)
    @DisplayName("a second merge killed at any step, after put, merge, delete, keeps the deletes (no resurrection)")
    @Hint("In a second merge the old segments include merged files with hints, and deletes made since the first "
            + "merge sit in newer segments: a crash must never leave the old values without their tombstones.")
    @Slow("kills a merging process with kill -9 at every step of a second merge")
    void killedInSecondMerge(FaultPoint point, String which, @Scratch Path dir, @Scratch Path counting) {
        killAndCheck("second", point, which, dir, counting);
    }

    @ParameterizedTest(name = "{2} merge crashed at FaultPoint.{0}, {1} hit")
    @MethodSource("everyCrashPointInBothScenarios")
    @Points(3)
    @DisplayName("a merge that crashes (its Faults hook throws) at any step, then close and reopen, loses nothing")
    @Hint("merge() must let the hook's exception through. The store is then as after a crash: the test closes it "
            + "and reopens it, and open must finish or forget the merge.")
    void crashedMidMerge(FaultPoint point, String which, String scenario, @Scratch Path dir, @Scratch Path counting) {
        int hit = hitNumber(scenario, point, which, counting);
        String where = "the " + scenario + " merge crashed at FaultPoint." + point + " (hit " + hit + ")";
        CrashAt hook = new CrashAt(point, hit);
        KvStore store = open(dir, hook);
        try {
            MergeFixtures.scenario(scenario, new Both(store, MergeFixtures.model()));
            hook.arm();
            Throwable thrown = null;
            try {
                Bounded.run("the merge to crash at FaultPoint." + point + " hit " + hit, store::merge);
            } catch (Throwable t) {
                thrown = t;
            }
            assertThat(crashIn(thrown))
                    .as("merge() must throw what the Faults hook threw at FaultPoint.%s hit %d (a simulated crash); it %s",
                            point, hit, thrown == null ? "returned normally" : "threw " + thrown)
                    .isTrue();
        } finally {
            try {
                Bounded.run("close() after " + where + " (a lock the crashed merge never released?)", store::close);
            } catch (RuntimeException e) {
                throw new AssertionError("close() after " + where + " threw " + e + ": a store whose merge failed "
                        + "must still close", e);
            }
        }
        checkAfterCrash(dir, scenarioModel(scenario), point, where);
    }

    private static void killAndCheck(String scenario, FaultPoint point, String which, Path dir, Path counting) {
        int hit = hitNumber(scenario, point, which, counting);
        String where = "the " + scenario + " merge killed at FaultPoint." + point + " (hit " + hit + ")";
        List<String> lines;
        int exit;
        String stderr;
        try (ChildJvm child = ChildJvm.start(MergeProcess.class, "crash", dir.toString(), scenario, point.name(),
                String.valueOf(hit))) {
            lines = child.awaitExit(CHILD_TIMEOUT);
            exit = child.exitCode();
            stderr = child.stderr();
        }
        assertThat(exit)
                .as("the child JVM must halt at FaultPoint.%s hit %d during its merge; it printed %s and exited with %d; "
                        + "stderr:%n%s", point, hit, lines, exit, stderr)
                .isEqualTo(MergeProcess.HALTED);
        checkAfterCrash(dir, scenarioModel(scenario), point, where);
    }

    @Test
    @Points(1)
    @DisplayName("a damaged marker in merge/ is no commit: open drops merge/ with a warning, and the old segments hold everything")
    @Hint("Marker.read throws a StorageException for a marker that is not whole. It was renamed into place whole, so "
            + "that is damage, not a crash: log a WARNING naming it and drop merge/. The old segments are all still "
            + "there, since nothing is deleted before every merged file has moved in.")
    void damagedMarkerIsDropped(@Scratch Path dir) {
        TreeMap<byte[], byte[]> model = MergeFixtures.model();
        CrashAt hook = new CrashAt(FaultPoint.AFTER_MARKER, 1);
        KvStore store = open(dir, hook);
        try {
            MergeFixtures.scenario("first", new Both(store, model));
            hook.arm();
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(
                    () -> Bounded.run("the merge to crash at FaultPoint.AFTER_MARKER", store::merge));
            assertThat(crashIn(thrown)).as("merge() must throw what the Faults hook threw at FaultPoint.AFTER_MARKER; "
                    + "it %s", thrown == null ? "returned normally" : "threw " + thrown).isTrue();
        } finally {
            Bounded.run("close() after a merge crashed at FaultPoint.AFTER_MARKER", store::close);
        }
        Path marker = dir.resolve("merge").resolve("MERGED");
        assertThat(marker).as("the marker of a merge crashed right after writing it").exists();
        FileFaults.flipBit(marker, FileFaults.size(marker) / 2, 3);
        List<String> warnings;
        try (LogCapture log = LogCapture.attach()) {
            KvStore opened;
            try {
                opened = open(dir);
            } catch (RuntimeException e) {
                throw new AssertionError("opening a store whose merge/MERGED has a flipped bit threw " + e + "; a "
                        + "damaged marker commits nothing: open must log a warning and drop merge/", e);
            }
            try (KvStore reopened = opened) {
                warnings = log.warnings();
                assertMatches(reopened, model, scenarioKeys(), "after reopening a store whose merge/MERGED was damaged: "
                        + "the merge is dropped, and the old segments hold the state before it");
            }
        }
        assertThat(warnings).as("warnings while opening a store whose merge/MERGED has a flipped bit: one must name "
                + "the damaged marker").anyMatch(w -> w.contains("MERGED"));
        assertThat(dir.resolve("merge")).as("merge/ after opening a store whose marker was damaged: dropped")
                .doesNotExist();
        MergeFixtures.assertReopensTo(dir, model, scenarioKeys(), "after dropping a damaged merge, and reopen");
    }

    /** The hit of {@code point} to crash at: the first, or one in the middle of the hits a full merge makes. */
    private static int hitNumber(String scenario, FaultPoint point, String which, Path counting) {
        if (which.equals("first")) {
            return 1;
        }
        Map<FaultPoint, Integer> hits = hitsOfMerge(scenario, counting);
        int count = hits.get(point);
        assertThat(count).as("a merge of the %s scenario must pass FaultPoint.%s more than once (once per merged "
                + "record or file); hits of every point: %s", scenario, point, hits).isGreaterThan(1);
        return count / 2 + 1;
    }

    private static boolean crashIn(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof SimulatedCrash) {
                return true;
            }
        }
        return false;
    }

    /**
     * After the crash: the store reopens to the model; then it keeps working through deletes, puts, merges and
     * reopens, and the last merge leaves only the live data on disk.
     */
    private static void checkAfterCrash(Path dir, TreeMap<byte[], byte[]> model, FaultPoint point, String where) {
        List<byte[]> keys = scenarioKeys();
        List<String> warnings;
        KvStore reopened;
        try (LogCapture log = LogCapture.attach()) {
            reopened = open(dir);
            warnings = log.warnings();
        }
        try (KvStore store = reopened) {
            assertMatches(store, model, keys, "after " + where + " and reopen: the state before the merge, exactly");
            assertThat(warnings)
                    .as("after %s, reopen logged warnings: a merge must be committed (its marker written) only once "
                            + "its data and hint files are all in place, so that finishing it on open leaves nothing "
                            + "missing or damaged", where)
                    .isEmpty();
            assertThat(dir.resolve("merge"))
                    .as("after %s and reopen: open must finish or drop the interrupted merge, and leave no merge/ "
                            + "directory behind", where)
                    .doesNotExist();
            if (point.compareTo(FaultPoint.AFTER_MARKER) >= 0) {
                assertCompact(dir, model, "after " + where + " and reopen (the marker had committed the merge, so "
                        + "open must finish installing it: merged files in, every old segment deleted)");
            }
            Both w = new Both(store, model);
            w.delete(MergeFixtures.key(1));
            w.delete(MergeFixtures.key(2));
            w.delete(MergeFixtures.key(9));
            w.put(MergeFixtures.key(20), "after the crash");
            MergeFixtures.merge(store, "the merge after " + where + ", reopen and deletes");
            assertMatches(store, model, keys, "after " + where + ", reopen, deletes, and a merge");
        }
        try (KvStore store = open(dir)) {
            assertMatches(store, model, keys, "after " + where + ", reopen, deletes, a merge, and reopen");
            MergeFixtures.merge(store, "the second merge after " + where);
            MergeFixtures.merge(store, "the third merge after " + where);
            assertMatches(store, model, keys, "after " + where + " and three more merges");
            assertCompact(dir, model, "after " + where + " and three more merges");
        }
        MergeFixtures.assertReopensTo(dir, model, keys, "after " + where + ", three more merges, and reopen");
    }
}
