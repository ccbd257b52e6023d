package dev.fromzero.kv.index;

import static dev.fromzero.kv.index.StoreFixtures.bytes;
import static dev.fromzero.kv.index.StoreFixtures.contents;
import static dev.fromzero.kv.index.StoreFixtures.entries;
import static dev.fromzero.kv.index.StoreFixtures.model;
import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.Durability;
import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.StorageException;
import dev.fromzero.kv.StoreOptions;
import dev.fromzero.kv.WriteBatch;
import dev.fromzero.testkit.Bounded;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import dev.fromzero.testkit.powercut.PowerCut;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The durability options against a simulated power cut, which, unlike {@code kill -9}, loses the
 * operating system's page cache: what each option promises about a write that returned must hold
 * after any cut the rules of the disk allow.
 */
@Seeded
@Step(chapter = 2, number = 4, title = "Durability", guide = "docs/chapter02-index.md#step-4-durability")
@Hint("A power cut keeps only what was forced to the disk. A write that returned under always or group commit must "
        + "have been covered by a sync that finished before it returned; under never, nothing is promised but a "
        + "prefix, and sync() and close() still sync.")
class StorePowerCutTest {

    private static final long SEGMENT_BYTES = 300;

    private static KvStore open(Path dir, Durability durability) {
        return KvStore.open(dir, StoreOptions.defaults().withDurability(durability).withMaxSegmentBytes(SEGMENT_BYTES));
    }

    /** One random write (a put, a delete or a batch) applied to the store and to the model. */
    private static void write(KvStore store, TreeMap<byte[], byte[]> model, Random random, String tag) {
        byte[] key = bytes("key-" + random.nextInt(30));
        int kind = random.nextInt(6);
        if (kind == 0) {
            store.delete(key);
            model.remove(key);
        } else if (kind == 1) {
            WriteBatch batch = new WriteBatch();
            for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                byte[] k = bytes("key-" + random.nextInt(30));
                if (random.nextBoolean()) {
                    batch.put(k, bytes(tag + "-batch-" + i));
                    model.put(k, bytes(tag + "-batch-" + i));
                } else {
                    batch.delete(k);
                    model.remove(k);
                }
            }
            store.write(batch);
        } else {
            byte[] value = bytes(tag + "-" + "v".repeat(random.nextInt(60)));
            store.put(key, value);
            model.put(key, value);
        }
    }

    private static String cut(PowerCut power, Random random, int round) {
        return round % 3 == 0 ? power.cutLosingAllUnsynced() : power.cut(random);
    }

    @Test
    @Points(3)
    @DisplayName("with sync always, a power cut loses no write that returned")
    @Hint("Under always, put returns only after the log was forced. If a rotation started a new segment, its name "
            + "must be durable too: that is chapter 1's log at work.")
    void alwaysLosesNothingAcknowledged(@Scratch Path scratch, Seed seed) {
        Random random = seed.random();
        for (int round = 0; round < 6; round++) {
            PowerCut power = PowerCut.in(scratch.resolve("round-" + round));
            Path dir = power.root().resolve("store");
            TreeMap<byte[], byte[]> model = model();
            for (int life = 0; life < 3; life++) {
                KvStore store = open(dir, Durability.always());
                for (int i = 0, n = 5 + random.nextInt(30); i < n; i++) {
                    write(store, model, random, "r" + round + "l" + life + "w" + i);
                }
                String cut = cut(power, random, round + life);
                try (KvStore reopened = open(dir, Durability.always())) {
                    assertThat(contents(reopened))
                            .as("round %d, life %d: after a power cut (%s), every write that returned under sync "
                                    + "always, and nothing else", round, life, cut)
                            .containsExactlyElementsOf(entries(model));
                }
            }
        }
    }

    @Test
    @Points(3)
    @DisplayName("with group commit, a power cut loses no write that returned, from any of many writers")
    @Hint("Each writer must wait for a sync that started after its append and has finished. A sync that was only "
            + "requested, or one that began before the append, does not cover it.")
    void groupCommitLosesNothingAcknowledged(@Scratch Path scratch, Seed seed) throws Exception {
        Random random = seed.random();
        for (int round = 0; round < 4; round++) {
            PowerCut power = PowerCut.in(scratch.resolve("round-" + round));
            Path dir = power.root().resolve("store");
            TreeMap<byte[], byte[]> model = model();
            KvStore store = open(dir, Durability.groupCommit(Duration.ofMillis(1)));
            int writers = 4;
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    String writer = "w" + w;
                    int count = 5 + random.nextInt(20);
                    for (int i = 0; i < count; i++) {
                        model.put(bytes(writer + "-" + i), bytes(writer + "-value-" + i));
                    }
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < count; i++) {
                            store.put(bytes(writer + "-" + i), bytes(writer + "-value-" + i));
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            String cut = cut(power, random, round);
            try (KvStore reopened = open(dir, Durability.groupCommit(Duration.ofMillis(1)))) {
                assertThat(contents(reopened))
                        .as("round %d: after a power cut (%s), every write that returned under group commit, from "
                                + "every writer", round, cut)
                        .containsExactlyElementsOf(entries(model));
            }
        }
    }

    @Test
    @DisplayName("a sync that fails fails the write waiting for it with a StorageException, under sync always and group commit")
    @Hint("A write that returns says that it is on the disk. When the sync it waits for fails, the writer must learn "
            + "so: who wakes it, and what does it do when it finds that the sync failed instead of finishing?")
    void aFailedSyncFailsTheWrite(@Scratch Path scratch) {
        for (Durability durability : List.of(Durability.always(), Durability.groupCommit(Duration.ofMillis(10)))) {
            PowerCut power = PowerCut.in(scratch.resolve(durability instanceof Durability.GroupCommit ? "group" : "always"));
            KvStore store = open(power.root().resolve("store"), durability);
            try (Bounded.Closing closing = Bounded.closing("close() after a failed sync, with the disk working again", store)) {
                Bounded.run("a write while the disk works", () -> store.put(bytes("a"), bytes("1")));
                power.failForces(true);
                assertThrown(StorageException.class, () -> Bounded.run("a write whose sync fails to return or fail (a writer "
                        + "that nobody wakes when the sync fails waits forever)", Duration.ofSeconds(10), () -> store.put(bytes("b"), bytes("2"))),
                        "under %s the disk failed the sync of this write: put must fail, not return as if the write were "
                                + "durable", durability);
                power.failForces(false);
            }
        }
    }

    @Test
    @Points(2)
    @DisplayName("with sync never, a power cut keeps a prefix of the writes: no hole, no wrong value, all that sync() or close() covered")
    @Hint("Never promises a prefix: the state after some first writes, at least those before the last sync() "
            + "returned. A hole or a wrong value means replay applied something out of order, or applied part of a "
            + "batch. And close() syncs too.")
    void neverKeepsAPrefix(@Scratch Path scratch, Seed seed) {
        Random random = seed.random();
        for (int round = 0; round < 10; round++) {
            PowerCut power = PowerCut.in(scratch.resolve("round-" + round));
            Path dir = power.root().resolve("store");
            TreeMap<byte[], byte[]> model = model();
            List<List<KeyValue>> states = new ArrayList<>();
            states.add(entries(model));
            int synced = 0;
            boolean closed = round % 2 == 1;
            KvStore store = open(dir, Durability.never());
            for (int i = 0, n = 10 + random.nextInt(40); i < n; i++) {
                write(store, model, random, "r" + round + "w" + i);
                states.add(entries(model));
                boolean last = i == n - 1;
                // A round that loses everything unsynced ends with a sync() if it does not close: no
                // rotation after it can force its writes in its place, so a sync() that forces nothing
                // loses the last ones. One that closes ends with an unsynced write, which only the
                // close() can save (rounds 3 and 9 close and then lose everything unsynced).
                if ((random.nextInt(8) == 0 && !(closed && last)) || i == n / 2 || (round % 3 == 0 && !closed && last)) {
                    store.sync();
                    synced = i + 1;
                }
            }
            if (closed) {
                store.close();
                synced = states.size() - 1;
            }
            String cut = cut(power, random, round);
            List<KeyValue> after;
            try (KvStore reopened = open(dir, Durability.never())) {
                after = contents(reopened);
            }
            int matching = states.lastIndexOf(after);
            assertThat(matching)
                    .as("round %d: after a power cut (%s), the store must hold the state after some first writes "
                            + "(a prefix of them): it holds %s", round, cut, after)
                    .isGreaterThanOrEqualTo(0);
            assertThat(matching)
                    .as("round %d: after a power cut (%s), the %d writes before the last %s returned must survive",
                            round, cut, synced, closed ? "close()" : "sync()")
                    .isGreaterThanOrEqualTo(synced);
        }
    }
}
