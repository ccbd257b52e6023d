package dev.fromzero.kv.merge;

import static dev.fromzero.kv.merge.MergeFixtures.assertCompact;
import static dev.fromzero.kv.merge.MergeFixtures.assertMatches;
import static dev.fromzero.kv.merge.MergeFixtures.bytes;
import static dev.fromzero.kv.merge.MergeFixtures.scenarioKeys;
import static dev.fromzero.kv.merge.MergeFixtures.scenarioModel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.FaultPoint;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.WriteBatch;
import dev.fromzero.kv.merge.MergeFixtures.Both;
import dev.fromzero.kv.merge.MergeFixtures.SimulatedCrash;
import dev.fromzero.testkit.Bounded;
import dev.fromzero.testkit.ChildJvm;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Writes made while a merge runs, then a crash of the merge: the two hard parts of chapter 3 at once. At every point
 * the merge passes, another thread writes (overwrites and deletes of keys the merge is copying, new keys, a batch),
 * and then the merge crashes at one point; the reopened store must hold every write that returned, the merge's
 * work or none of it, and no value the writes replaced.
 */
@Step(chapter = 3, number = 5, title = "Merging while serving", guide = "docs/chapter03-merge.md#step-5-merging-while-serving")
@Hint("Writes made during a merge sit in segments newer than everything the merge read. Whether a crash leaves the "
        + "merge unfinished (before the marker) or half installed (after it), replay must still apply those newer "
        + "segments last, and the merge must never delete or replace them.")
class CrashWithWritesTest {

    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);

    private static final Set<FaultPoint> MANY_HITS =
            EnumSet.of(FaultPoint.WRITING_MERGED_DATA, FaultPoint.INSTALLING, FaultPoint.REMOVING_OLD);

    static Stream<Arguments> everyCrashPointInBothScenarios() {
        return Stream.of(FaultPoint.values())
                .flatMap(point -> MANY_HITS.contains(point) ? Stream.of("first", "middle").map(w -> Arguments.of(point, w))
                        : Stream.of(Arguments.of(point, "first")))
                .flatMap(a -> Stream.of(Arguments.of(a.get()[0], a.get()[1], "first"),
                        Arguments.of(a.get()[0], a.get()[1], "second")));
    }

    static Stream<Arguments> everyCrashPoint() {
        return Stream.of(FaultPoint.values()).map(Arguments::of);
    }

    /**
     * Write group {@code n}, made at the n-th point a merge passes: it overwrites and deletes keys the merge is
     * copying, deletes a key and puts it back, adds a key, and writes a batch. It depends on {@code n} only, so a
     * parent can replay the groups a child JVM made.
     */
    static void writeGroup(Both w, int n) {
        int k = n % MergeFixtures.SCENARIO_KEYS;
        w.put(MergeFixtures.key(k), "overwritten during the merge, group " + n);
        w.delete(MergeFixtures.key((k + 7) % MergeFixtures.SCENARIO_KEYS));
        w.delete(MergeFixtures.key((k + 13) % MergeFixtures.SCENARIO_KEYS));
        w.put(MergeFixtures.key((k + 13) % MergeFixtures.SCENARIO_KEYS), "deleted and put back, group " + n);
        w.put("during-" + n % 12, "new during the merge, group " + n + " " + "w".repeat(n % 23));
        w.write(new WriteBatch().put(bytes(MergeFixtures.key((k + 19) % MergeFixtures.SCENARIO_KEYS)), bytes("batch " + n))
                .delete(bytes(MergeFixtures.key((k + 23) % MergeFixtures.SCENARIO_KEYS)))
                .put(new byte[0], bytes("the empty key, group " + n)));
    }

    private static List<byte[]> keys() {
        List<byte[]> keys = new ArrayList<>(scenarioKeys());
        for (int n = 0; n < 12; n++) {
            keys.add(bytes("during-" + n));
        }
        return keys;
    }

    @ParameterizedTest(name = "{2} merge crashed at FaultPoint.{0}, {1} hit")
    @MethodSource("everyCrashPointInBothScenarios")
    @Points(3)
    @DisplayName("writes made from another thread at every step of a merge survive a crash of that merge at any step")
    void writesSurviveACrashedMerge(FaultPoint point, String which, String scenario, @Scratch Path dir,
            @Scratch Path counting) {
        int hit = which.equals("first") ? 1 : middleHit(scenario, point, counting);
        String where = "the " + scenario + " merge crashed at FaultPoint." + point + " (hit " + hit + "), with writes "
                + "from another thread at every point it passed";
        TreeMap<byte[], byte[]> model = MergeFixtures.model();
        int[] groups = {0};
        int[] seen = {0};
        boolean[] armed = {false};
        KvStore[] holder = new KvStore[1];
        Throwable thrown = null;
        KvStore store = MergeFixtures.open(dir, reached -> {
            if (!armed[0]) {
                return;
            }
            int n = groups[0]++;
            Bounded.run("write group " + n + ", made from another thread while the merge waits at FaultPoint." + reached
                    + " (a merge must not hold the store's locks while it copies or installs)",
                    () -> writeGroup(new Both(holder[0], model), n));
            if (reached == point && ++seen[0] == hit) {
                armed[0] = false;
                throw new SimulatedCrash(point, hit);
            }
        });
        holder[0] = store;
        try {
            MergeFixtures.scenario(scenario, new Both(store, model));
            armed[0] = true;
            try {
                Bounded.run("the merge to crash at FaultPoint." + point, store::merge);
            } catch (RuntimeException e) {
                thrown = e;
            }
        } finally {
            Bounded.run("close() after " + where, store::close);
        }
        assertThat(crashIn(thrown))
                .as("merge() must throw the crash the Faults hook threw at FaultPoint.%s hit %d; it %s", point, hit,
                        thrown == null ? "returned normally" : "threw " + thrown)
                .isTrue();
        assertThat(groups[0]).as("write groups made during the merge").isPositive();
        checkAfterCrash(dir, model, where);
    }

    @ParameterizedTest(name = "killed at FaultPoint.{0}")
    @MethodSource("everyCrashPoint")
    @Points(3)
    @DisplayName("writes made at every step of a merge survive the process being killed at any step, before and after the marker")
    @Hint("Here the process really dies (Runtime.halt): nothing runs after the kill, not even close(). Only what "
            + "reached the files counts, and the writes made during the merge reached them.")
    void writesSurviveAKilledMerge(FaultPoint point, @Scratch Path dir) {
        List<String> lines;
        int exit;
        String stderr;
        try (ChildJvm child = ChildJvm.start(MergeWritesProcess.class, dir.toString(), "first", point.name(), "1")) {
            lines = child.awaitExit(CHILD_TIMEOUT);
            exit = child.exitCode();
            stderr = child.stderr();
        }
        assertThat(exit)
                .as("the child JVM must halt at FaultPoint.%s during its merge; it printed %s and exited with %d; "
                        + "stderr:%n%s", point, lines, exit, stderr)
                .isEqualTo(MergeProcess.HALTED);
        TreeMap<byte[], byte[]> model = scenarioModel("first");
        int groups = 0;
        for (String line : lines) {
            if (line.startsWith("wrote ")) {
                assertThat(line).as("the child's write groups, in order").isEqualTo("wrote " + groups);
                writeGroup(new Both(null, model), groups++);
            }
        }
        assertThat(groups).as("write groups the child made during the merge before it was killed at FaultPoint.%s",
                point).isPositive();
        checkAfterCrash(dir, model, "the merge killed at FaultPoint." + point + " after " + groups
                + " write groups made during it");
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
     * A hit in the middle of those a merge with the same writes makes of {@code point} (the first, if it makes one):
     * the writes change what the merge finds live, so a merge without them would count differently.
     */
    private static int middleHit(String scenario, FaultPoint point, Path counting) {
        Map<FaultPoint, Integer> hits = new EnumMap<>(FaultPoint.class);
        int[] groups = {0};
        boolean[] armed = {false};
        KvStore[] holder = new KvStore[1];
        try (KvStore store = MergeFixtures.open(counting, reached -> {
            if (armed[0]) {
                hits.merge(reached, 1, Integer::sum);
                int n = groups[0]++;
                Bounded.run("write group " + n + " while the merge waits at FaultPoint." + reached,
                        () -> writeGroup(new Both(holder[0], MergeFixtures.model()), n));
            }
        })) {
            holder[0] = store;
            MergeFixtures.scenario(scenario, new Both(store, MergeFixtures.model()));
            armed[0] = true;
            Bounded.run("a merge with writes at every point, to count its points", store::merge);
        }
        int count = hits.getOrDefault(point, 0);
        // The writes leave fewer live records to copy: a point passed once per merged file may be passed only once.
        assertThat(count).as("a merge of the %s scenario with writes at every point must pass FaultPoint.%s; hits of "
                + "every point: %s", scenario, point, hits).isPositive();
        return count / 2 + 1;
    }

    /** Reopen: exactly the model; then a merge with nothing running alongside, a reopen, and a compact store. */
    private static void checkAfterCrash(Path dir, TreeMap<byte[], byte[]> model, String where) {
        try (KvStore store = Bounded.call("the store to reopen after " + where, () -> MergeFixtures.open(dir))) {
            assertMatches(store, model, keys(), "after " + where + " and reopen: every write that returned, the "
                    + "overwritten and deleted values gone");
            assertThat(dir.resolve("merge"))
                    .as("after %s and reopen: open must finish or drop the interrupted merge", where).doesNotExist();
            Bounded.run("a merge after " + where + " and reopen", store::merge);
            assertMatches(store, model, keys(), "after " + where + ", reopen and a merge");
        }
        MergeFixtures.assertReopensTo(dir, model, keys(), "after " + where + ", reopen, a merge and reopen");
        try (KvStore store = MergeFixtures.open(dir)) {
            MergeFixtures.merge(store, "the third merge after " + where + ", with no writes meanwhile");
            assertCompact(dir, model, "after " + where + " and two more merges with no writes meanwhile");
        }
    }
}
