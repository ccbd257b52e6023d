package dev.fromzero.kv.index;

import static dev.fromzero.kv.index.StoreFixtures.contents;
import static dev.fromzero.kv.index.StoreFixtures.entries;
import static dev.fromzero.kv.index.StoreFixtures.lastSegment;
import static dev.fromzero.kv.index.StoreFixtures.model;
import static dev.fromzero.kv.index.StoreFixtures.segmentId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.WriteBatch;
import dev.fromzero.testkit.FileFaults;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.ScratchExtension;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * The model test: random histories of puts, deletes, batches, reopens and crashes, run on the store
 * and on a {@code TreeMap}, must agree at every step. A failing history is shortened to one from
 * which no operation can be removed, and printed; the seed replays it.
 */
@Seeded
@Step(chapter = 2, number = 7, title = "The model", guide = "docs/chapter02-index.md#step-7-the-model")
@Hint("Read the shrunk history from the bottom up: the last operation is where the store and the model first "
        + "disagreed. Replay it by hand in a small test of your own.")
class ModelTest {

    private static final int SEQUENCES = 1_000;
    private static final long SEGMENT_BYTES = 400;
    private static final int MAX_LENGTH = 20;

    private static final List<byte[]> KEYS = List.of(text("a"), text("ab"), text("b"), new byte[0],
            new byte[] {(byte) 0x80}, new byte[] {(byte) 0xff}, text("c"));

    /** One step of a history. */
    sealed interface Op {
    }

    record Put(int key, int value) implements Op {
        @Override
        public String toString() {
            return "put(" + show(KEYS.get(key)) + ", v" + value + ")";
        }
    }

    record Delete(int key) implements Op {
        @Override
        public String toString() {
            return "delete(" + show(KEYS.get(key)) + ")";
        }
    }

    record Batch(List<Op> members) implements Op {
        @Override
        public String toString() {
            return "batch" + members;
        }
    }

    record Reopen() implements Op {
        @Override
        public String toString() {
            return "reopen";
        }
    }

    /** Close, then cut the last segment at {@code cut} modulo its size plus one, as a crash mid-write would. */
    record Crash(int cut) implements Op {
        @Override
        public String toString() {
            return "crash(cut " + cut + ")";
        }
    }

    /** An operation that wrote to the log, and where the last segment ended after it. */
    private record Applied(Op op, long segment, long end) {
    }

    /**
     * Turns three numbers into an operation. Shrinking moves numbers toward zero, and zeros make a put of the
     * first key: a failing history shrinks to puts wherever the other operations do not matter.
     */
    private static Op decode(int kind, int a, int b) {
        int key = a % KEYS.size();
        if (kind < 10) {
            return new Put(key, b % 10);
        } else if (kind < 14) {
            return new Delete(key);
        } else if (kind < 17) {
            List<Op> members = new ArrayList<>();
            for (int i = 0; i <= a % 4; i++) {
                int member = (key + 3 * i + b) % KEYS.size();
                members.add((b >> i & 1) == 1 ? new Delete(member) : new Put(member, (b + i) % 10));
            }
            return new Batch(members);
        } else if (kind < 19) {
            return new Reopen();
        }
        return new Crash(b);
    }

    @Test
    @Points(6)
    @DisplayName("random histories of puts, deletes, batches, reopens and crashes leave the store equal to a sorted map")
    void randomHistoriesMatchAModel(Seed seed, @Scratch Path scratch) {
        Gen<Op> ops = SourceDSL.integers().between(0, 19).zip(SourceDSL.integers().between(0, 1_000),
                SourceDSL.integers().between(0, 100_000), ModelTest::decode);
        int[] example = {0};
        // QuickTheories shrinks the operations but hardly the length of a list, so the test shortens a failing
        // history itself (see shortest) and QuickTheories only reports it, with the seed.
        seed.theory(SEQUENCES).withShrinkCycles(0)
                .forAll(SourceDSL.lists().of(ops).ofSizeBetween(1, MAX_LENGTH))
                .checkAssert(history -> {
                    AssertionError failure = attempt(history, scratch, example);
                    if (failure != null) {
                        List<Op> shortest = shortest(history, scratch, example);
                        AssertionError report = new AssertionError("the store and the model disagree. Shortest failing "
                                + "history found (operations removed one by one while it still fails):\n  " + shortest
                                + "\nwhich fails with: " + attempt(shortest, scratch, example).getMessage()
                                + "\nThe history as generated:\n  " + history, failure);
                        throw report;
                    }
                });
    }

    /** Runs {@code history} in a fresh directory, and returns how it failed, or null if it passed. */
    private static AssertionError attempt(List<Op> history, Path scratch, int[] example) {
        Path dir = scratch.resolve("history-" + example[0]++);
        try {
            run(history, dir);
            return null;
        } catch (AssertionError failure) {
            return failure;
        } catch (RuntimeException error) {
            return new AssertionError("the history " + history + " threw " + error, error);
        } finally {
            ScratchExtension.deleteRecursively(dir);
        }
    }

    /** A history that still fails, from which no single operation can be removed without it passing. */
    private static List<Op> shortest(List<Op> history, Path scratch, int[] example) {
        List<Op> current = history;
        boolean shorter = true;
        while (shorter) {
            shorter = false;
            for (int i = 0; i < current.size() && current.size() > 1; i++) {
                List<Op> candidate = new ArrayList<>(current);
                candidate.remove(i);
                if (attempt(candidate, scratch, example) != null) {
                    current = candidate;
                    shorter = true;
                    i--;
                }
            }
        }
        return current;
    }

    private static void run(List<Op> history, Path dir) {
        List<Applied> applied = new ArrayList<>();
        TreeMap<byte[], byte[]> model = model();
        KvStore store = StoreFixtures.open(dir, SEGMENT_BYTES);
        try {
            for (int step = 0; step < history.size(); step++) {
                Op op = history.get(step);
                String where = "after step " + (step + 1) + " (" + op + ") of " + history;
                if (op instanceof Reopen) {
                    store.close();
                    store = StoreFixtures.open(dir, SEGMENT_BYTES);
                    checkAll(store, model, where);
                } else if (op instanceof Crash crash) {
                    store.close();
                    Path last = lastSegment(dir);
                    long cut = crash.cut() % (FileFaults.size(last) + 1);
                    FileFaults.truncate(last, cut);
                    long lastId = segmentId(last);
                    applied.removeIf(a -> a.segment() == lastId && a.end() > cut);
                    model = model();
                    for (Applied a : applied) {
                        apply(a.op(), model);
                    }
                    store = StoreFixtures.open(dir, SEGMENT_BYTES);
                    checkAll(store, model, where + ", the last segment cut at byte " + cut
                            + ": every write that ended before the cut, nothing after it");
                } else {
                    apply(op, store);
                    apply(op, model);
                    Path last = lastSegment(dir);
                    applied.add(new Applied(op, segmentId(last), FileFaults.size(last)));
                    for (byte[] key : KEYS) {
                        assertThat(store.get(key)).as("get(%s) %s", show(key), where).isEqualTo(model.get(key));
                    }
                }
            }
            checkAll(store, model, "at the end of " + history);
        } finally {
            store.close();
        }
        try (KvStore reopened = StoreFixtures.open(dir, SEGMENT_BYTES)) {
            checkAll(reopened, model, "after a last reopen of " + history);
        }
    }

    private static void checkAll(KvStore store, TreeMap<byte[], byte[]> model, String where) {
        assertThat(contents(store)).as("the whole store %s", where).isEqualTo(entries(model));
        assertThat(StoreFixtures.drain(store.descendingScan(null, null))).as("the whole store, descending, %s", where)
                .isEqualTo(entries(model.descendingMap()));
        assertThat(store.stats().liveKeys()).as("stats().liveKeys() %s", where).isEqualTo(model.size());
    }

    private static void apply(Op op, KvStore store) {
        if (op instanceof Put put) {
            store.put(KEYS.get(put.key()), value(put.value()));
        } else if (op instanceof Delete delete) {
            store.delete(KEYS.get(delete.key()));
        } else if (op instanceof Batch batch) {
            WriteBatch writes = new WriteBatch();
            for (Op member : batch.members()) {
                if (member instanceof Put put) {
                    writes.put(KEYS.get(put.key()), value(put.value()));
                } else {
                    writes.delete(KEYS.get(((Delete) member).key()));
                }
            }
            store.write(writes);
        }
    }

    private static void apply(Op op, TreeMap<byte[], byte[]> model) {
        if (op instanceof Put put) {
            model.put(KEYS.get(put.key()), value(put.value()));
        } else if (op instanceof Delete delete) {
            model.remove(KEYS.get(delete.key()));
        } else if (op instanceof Batch batch) {
            batch.members().forEach(member -> apply(member, model));
        }
    }

    /** Value n: {@code v<n>}, but value 0 is empty, which is a value and not a delete. */
    private static byte[] value(int n) {
        return n == 0 ? new byte[0] : text("v" + n + "-" + "x".repeat(n));
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String show(byte[] key) {
        String s = new String(key, StandardCharsets.UTF_8);
        if (key.length == 0) {
            return "\"\"";
        }
        return s.chars().allMatch(c -> c >= 'a' && c <= 'z') ? s : "0x" + HexFormat.of().formatHex(key);
    }
}
