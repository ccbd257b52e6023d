package dev.fromzero.kv.merge;

import static dev.fromzero.kv.merge.MergeFixtures.scenarioKeys;

import dev.fromzero.kv.Durability;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.merge.MergeFixtures.Both;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import dev.fromzero.testkit.powercut.PowerCut;
import java.nio.file.Path;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A backup on a simulated disk that loses power: once backup returns, the copy is durable, and so is the store. */
@Seeded
@Step(chapter = 3, number = 7, title = "Backup", guide = "docs/chapter03-merge.md#step-7-backup")
@Hint("A copied file survives a power cut only if its bytes were forced and its name synced into the target "
        + "directory. And the seal started a new segment in the store: its name needs a directory sync before the "
        + "writes that go there can be durable.")
class BackupPowerCutTest {

    private static KvStore open(Path dir) {
        return KvStore.open(dir, MergeFixtures.options().withDurability(Durability.always()));
    }

    @Test
    @Points(2)
    @DisplayName("a power cut after backup returns keeps the whole backup, and every write the store acknowledged after it")
    void backupSurvivesAPowerCut(@Scratch Path scratch, Seed seed) {
        Random random = seed.random();
        for (int round = 0; round < 4; round++) {
            PowerCut power = PowerCut.in(scratch.resolve("round-" + round));
            Path dir = power.root().resolve("store");
            Path target = power.root().resolve("backup");
            TreeMap<byte[], byte[]> model = MergeFixtures.model();
            KvStore store = open(dir);
            Both w = new Both(store, model);
            MergeFixtures.scenario(round % 2 == 0 ? "first" : "second", w);
            store.backup(target);
            TreeMap<byte[], byte[]> copied = new TreeMap<>(model);
            w.put("after", "the backup");
            w.delete(MergeFixtures.key(2));
            w.put(MergeFixtures.key(3), "written after the backup");
            String cut = round < 2 ? power.cutLosingAllUnsynced() : power.cut(random);
            MergeFixtures.assertReopensTo(target, copied, scenarioKeys(),
                    "the backup after a power cut (" + cut + "): the store's state when backup() returned");
            try (KvStore reopened = open(dir)) {
                MergeFixtures.assertMatches(reopened, model, scenarioKeys(),
                        "the store after a power cut (" + cut + "): every write acknowledged, before and after the backup");
            }
        }
    }
}
