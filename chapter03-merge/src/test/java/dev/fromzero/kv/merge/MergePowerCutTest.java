package dev.fromzero.kv.merge;

import static dev.fromzero.kv.merge.MergeFixtures.assertCompact;
import static dev.fromzero.kv.merge.MergeFixtures.assertMatches;
import static dev.fromzero.kv.merge.MergeFixtures.hitsOfMerge;
import static dev.fromzero.kv.merge.MergeFixtures.scenarioKeys;
import static dev.fromzero.kv.merge.MergeFixtures.scenarioModel;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.Durability;
import dev.fromzero.kv.FaultPoint;
import dev.fromzero.kv.Faults;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.merge.MergeFixtures.Both;
import dev.fromzero.kv.merge.MergeFixtures.LogCapture;
import dev.fromzero.kv.merge.MergeFixtures.SimulatedCrash;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import dev.fromzero.testkit.powercut.PowerCut;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault-point matrix again, with the power cut at each point instead of a crash of the process:
 * now whatever the merge did not force (a file's bytes) or sync (a directory's names: creates, the
 * renames of the install, deletes) may be gone when the store reopens. Each point is cut twice: once
 * losing everything not durable, once at random among the states the disk allows.
 */
@Seeded
@Step(chapter = 3, number = 4, title = "Crash safety", guide = "docs/chapter03-merge.md#step-4-crash-safety")
@Hint("A rename or a new file exists after a power cut only once its directory was synced; a file's bytes only up "
        + "to its last force. Before the marker names the merge's files as done, their bytes and names must be "
        + "durable, and the marker itself must be durable, bytes and name, before anything old is deleted.")
class MergePowerCutTest {

    /** Cuts the power at hit {@code hit} of {@code point} once armed, then stops the merge as the dead process would. */
    private static final class CutAt implements Faults {
        private final FaultPoint point;
        private final int hit;
        private final Supplier<String> cut;
        private volatile boolean armed;
        private int seen;
        volatile String what;

        CutAt(FaultPoint point, int hit, Supplier<String> cut) {
            this.point = point;
            this.hit = hit;
            this.cut = cut;
        }

        @Override
        public void reached(FaultPoint reached) {
            if (armed && reached == point && ++seen == hit) {
                armed = false;
                what = cut.get();
                throw new SimulatedCrash(point, hit);
            }
        }
    }

    private static KvStore open(Path dir, Faults faults) {
        return KvStore.open(dir, MergeFixtures.options().withDurability(Durability.always()).withFaults(faults));
    }

    private static KvStore open(Path dir) {
        return open(dir, Faults.none());
    }

    @ParameterizedTest(name = "{2} merge, power cut at FaultPoint.{0}, {1} hit")
    @MethodSource("dev.fromzero.kv.merge.MergeCrashTest#everyCrashPointInBothScenarios")
    @Points(4)
    @DisplayName("a power cut at any step of a merge loses nothing, resurrects nothing and duplicates nothing")
    @Hint("Replay the seed and read the cut's description in the failure: it says which writes and which changes "
            + "of names were lost. Then ask which sync of the merge should have made them durable before that point.")
    void powerCutMidMerge(FaultPoint point, String which, String scenario, @Scratch Path scratch,
                          @Scratch Path counting, Seed seed) {
        int hit = 1;
        if (which.equals("middle")) {
            Map<FaultPoint, Integer> hits = hitsOfMerge(scenario, counting);
            hit = hits.get(point) / 2 + 1;
        }
        Random random = seed.random();
        for (boolean harshest : List.of(true, false)) {
            PowerCut power = PowerCut.in(scratch.resolve(harshest ? "harshest" : "random"));
            Path dir = power.root().resolve("store");
            CutAt hook = new CutAt(point, hit, harshest ? power::cutLosingAllUnsynced : () -> power.cut(random));
            KvStore store = open(dir, hook);
            TreeMap<byte[], byte[]> model = MergeFixtures.model();
            MergeFixtures.scenario(scenario, new Both(store, model));
            hook.armed = true;
            Throwable thrown = null;
            try {
                store.merge();
            } catch (Throwable t) {
                thrown = t;
            }
            assertThat(hook.what)
                    .as("the merge must pass FaultPoint.%s (hit %d) and call the Faults hook there; merge() %s", point,
                            hit, thrown == null ? "returned" : "threw " + thrown)
                    .isNotNull();
            String where = "the " + scenario + " merge, power cut at FaultPoint." + point + " hit " + hit
                    + (harshest ? " losing all that was not durable" : "") + " (" + hook.what + ")";
            checkAfterCut(dir, power, scenarioModel(scenario), point, where);
        }
    }

    /** How many power cuts each scenario of {@link #powerCutWhileTheMergeFinishes} draws: each is a different state of the disk. */
    private static final int FINISHING_CUTS = 30;

    @ParameterizedTest(name = "{0} merge")
    @ValueSource(strings = {"first", "second"})
    @Points(2)
    @DisplayName("a power cut after the old segments are deleted, while the merge records itself as done, brings back no deleted key")
    @Hint("Once the old segments are deleted, the install moves the marker out of merge/: from then on, open no longer "
            + "deletes old segments. A power cut there keeps the marker's move or not, and each delete that was not "
            + "synced independently of the others: if an old segment holding a tombstone is gone but an older one "
            + "holding the put it deleted is back, the key is back. Sync the directory after the deletes, before "
            + "passing AFTER_INSTALL.")
    void powerCutWhileTheMergeFinishes(String scenario, @Scratch Path scratch, Seed seed) {
        Random random = seed.random();
        for (int cut = 1; cut <= FINISHING_CUTS; cut++) {
            PowerCut power = PowerCut.in(scratch.resolve("cut-" + cut));
            Path dir = power.root().resolve("store");
            // The disk stops making anything durable once the old segments are gone, and the power goes after the
            // merge: a cut at any moment of what the install does after AFTER_INSTALL (the marker's move out of
            // merge/, the directory syncs of MergeFiles.finish, deleting merge/).
            boolean[] armed = {false};
            boolean[] reached = {false};
            KvStore store = open(dir, point -> {
                if (armed[0] && point == FaultPoint.AFTER_INSTALL && !reached[0]) {
                    reached[0] = true;
                    power.failForces(true);
                }
            });
            MergeFixtures.scenario(scenario, new Both(store, MergeFixtures.model()));
            armed[0] = true; // the second scenario merges once already: the cut is in the merge after it
            Throwable thrown = null;
            try {
                store.merge();
            } catch (Throwable t) {
                thrown = t; // a store may report the failed syncs; the power goes either way
            }
            power.failForces(false);
            assertThat(reached[0])
                    .as("the %s merge (power cut %d) must pass FaultPoint.AFTER_INSTALL once the old segments are "
                            + "deleted, and call the Faults hook there; merge() %s", scenario, cut,
                            thrown == null ? "returned" : "threw " + thrown)
                    .isTrue();
            String where = "the " + scenario + " merge, the disk's syncs failing from FaultPoint.AFTER_INSTALL on, "
                    + "then power cut " + cut + " of " + FINISHING_CUTS + " (" + power.cut(random) + ")";
            TreeMap<byte[], byte[]> model = scenarioModel(scenario);
            try (KvStore reopened = open(dir)) {
                assertMatches(reopened, model, scenarioKeys(), "after " + where + " and reopen: every write that "
                        + "returned, and no deleted key back (the old segments' deletes must be durable before "
                        + "AFTER_INSTALL, when the marker leaves merge/ and open stops deleting them)");
                assertThat(Files.exists(dir.resolve("merge")))
                        .as("after %s and reopen: open must finish the interrupted merge and leave no merge/", where)
                        .isFalse();
                assertCompact(dir, model, "after " + where + " and reopen (the merge was committed and its old "
                        + "segments deleted: none may come back)");
            }
        }
    }

    private static void checkAfterCut(Path dir, PowerCut power, TreeMap<byte[], byte[]> model, FaultPoint point,
                                      String where) {
        List<byte[]> keys = scenarioKeys();
        List<String> warnings;
        KvStore store;
        try (LogCapture log = LogCapture.attach()) {
            store = open(dir);
            warnings = log.warnings();
        }
        assertMatches(store, model, keys, "after " + where + " and reopen: every write that returned, exactly");
        assertThat(warnings)
                .as("after %s, reopen logged warnings: a merge's files (data, hints, marker) must be durable, bytes "
                        + "and names, before the step that relies on them, so that no damaged file is left", where)
                .isEmpty();
        assertThat(Files.exists(dir.resolve("merge")))
                .as("after %s and reopen: open must finish or drop the interrupted merge, and leave no merge/", where)
                .isFalse();
        if (point.compareTo(FaultPoint.AFTER_MARKER) >= 0) {
            assertCompact(dir, model, "after " + where + " and reopen (the marker was durable: it committed the "
                    + "merge, so open must finish installing it)");
        }
        Both w = new Both(store, model);
        w.delete(MergeFixtures.key(1));
        w.delete(MergeFixtures.key(2));
        w.put(MergeFixtures.key(20), "after the power cut");
        MergeFixtures.merge(store, "the merge after " + where + ", reopen and writes");
        String second = power.cutLosingAllUnsynced();
        try (KvStore reopened = open(dir)) {
            assertMatches(reopened, model, keys, "after " + where + ", reopen, writes, a merge that returned, and a "
                    + "second power cut (" + second + ")");
            assertCompact(dir, model, "after " + where + ", a merge that returned, a second power cut and reopen");
        }
    }
}
