package dev.fromzero.kv.merge;

import static dev.fromzero.kv.merge.MergeFixtures.contents;
import static dev.fromzero.kv.merge.MergeFixtures.entries;
import static dev.fromzero.kv.merge.MergeFixtures.model;
import static dev.fromzero.kv.merge.MergeFixtures.segments;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.FaultPoint;
import dev.fromzero.kv.Faults;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.WriteBatch;
import dev.fromzero.kv.merge.MergeFixtures.CrashAt;
import dev.fromzero.kv.merge.MergeFixtures.SimulatedCrash;
import dev.fromzero.testkit.Bounded;
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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

/**
 * The model test of chapter 3: random histories of puts, deletes, batches, merges, reopens, merges that crash at a
 * random step, and crashes that tear the log's tail, run on the store and on a {@code TreeMap}, must agree at every
 * step. A failing history is shortened to one from which no operation can be removed, and printed; the seed
 * replays it.
 */
@Seeded
@Step(chapter = 3, number = 8, title = "The model", guide = "docs/chapter03-merge.md#step-8-the-model")
@Hint("Read the shortest history from the bottom up: the last operation is where the store and the model first "
        + "disagreed. Replay it by hand in a small test of your own, with the same small segments.")
class MergeModelTest {

    private static final int HISTORIES = 250;
    private static final long SEGMENT_BYTES = 200;
    private static final int MAX_LENGTH = 25;

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

    record Merge() implements Op {
        @Override
        public String toString() {
            return "merge";
        }
    }

    record Reopen() implements Op {
        @Override
        public String toString() {
            return "reopen";
        }
    }

    /** A merge whose Faults hook throws at hit {@code hit} of {@code point}; then close and reopen. */
    record CrashInMerge(FaultPoint point, int hit) implements Op {
        @Override
        public String toString() {
            return "crashInMerge(" + point + ", hit " + hit + ")";
        }
    }

    /** Close, then cut the last segment somewhere after what the last reopen or merge made durable. */
    record TornTail(int cut) implements Op {
        @Override
        public String toString() {
            return "tornTail(cut " + cut + ")";
        }
    }

    /** A write, and where the last segment ended after it. */
    private record Applied(Op op, Path segment, long end) {
    }

    /**
     * Turns three numbers into an operation. Shrinking moves numbers toward zero, and zeros make a put of the
     * first key: a failing history shrinks to puts wherever the other operations do not matter.
     */
    private static Op decode(int kind, int a, int b) {
        int key = a % KEYS.size();
        if (kind < 10) {
            return new Put(key, b % 10);
        } else if (kind < 13) {
            return new Delete(key);
        } else if (kind < 16) {
            List<Op> members = new ArrayList<>();
            for (int i = 0; i <= a % 4; i++) {
                int member = (key + 3 * i + b) % KEYS.size();
                members.add((b >> i & 1) == 1 ? new Delete(member) : new Put(member, (b + i) % 10));
            }
            return new Batch(members);
        } else if (kind < 19) {
            return new Merge();
        } else if (kind < 20) {
            return new Reopen();
        } else if (kind < 23) {
            FaultPoint[] points = FaultPoint.values();
            return new CrashInMerge(points[a % points.length], 1 + b % 3);
        }
        return new TornTail(b);
    }

    @Test
    @Points(4)
    @DisplayName("random histories of writes, merges, crashes in merges and torn tails leave the store equal to a sorted map")
    void randomHistoriesMatchAModel(Seed seed, @Scratch Path scratch) {
        Gen<Op> ops = SourceDSL.integers().between(0, 24).zip(SourceDSL.integers().between(0, 1_000),
                SourceDSL.integers().between(0, 100_000), MergeModelTest::decode);
        int[] example = {0};
        // QuickTheories shrinks the operations but hardly the length of a list, so the test shortens a failing
        // history itself (see shortest) and QuickTheories only reports it, with the seed.
        seed.theory(HISTORIES).withShrinkCycles(0)
                .forAll(SourceDSL.lists().of(ops).ofSizeBetween(1, MAX_LENGTH))
                .checkAssert(history -> {
                    AssertionError failure = attempt(history, scratch, example);
                    if (failure != null) {
                        List<Op> shortest = shortest(history, scratch, example);
                        throw new AssertionError("the store and the model disagree. Shortest failing history found "
                                + "(operations removed one by one while it still fails):\n  " + shortest
                                + "\nwhich fails with: " + attempt(shortest, scratch, example).getMessage()
                                + "\nThe history as generated:\n  " + history, failure);
                    }
                });
    }

    /** Runs {@code history} in a fresh directory, and returns how it failed, or null if it passed. */
    private static AssertionError attempt(List<Op> history, Path scratch, int[] example) {
        Path dir = scratch.resolve("history-" + example[0]++);
        try {
            new Run(dir).run(history);
            return null;
        } catch (Hang hang) {
            throw hang;
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

    /**
     * A merge or close that never returned. It fails the test at once, unshortened: every shorter history tried
     * would wait out the bound again.
     */
    private static final class Hang extends AssertionError {
        Hang(AssertionError hung) {
            super(hung.getMessage(), hung.getCause());
        }
    }

    /** One run of a history: the store, the model, and what a torn tail may take away. */
    private static final class Run {
        private final Path dir;
        private volatile Faults faults = Faults.none();
        private KvStore store;
        /** Set when a merge or close never returned: the store is stuck, and closing it again would wait too. */
        private boolean hung;
        /** The state made durable by the last open or merge: a torn tail cannot go below it. */
        private TreeMap<byte[], byte[]> base = model();
        private Path baseSegment;
        private long baseEnd;
        private final List<Applied> applied = new ArrayList<>();

        Run(Path dir) {
            this.dir = dir;
        }

        void run(List<Op> history) {
            open();
            try {
                for (int step = 0; step < history.size(); step++) {
                    Op op = history.get(step);
                    String where = "after step " + (step + 1) + " (" + op + ") of " + history;
                    if (op instanceof Merge) {
                        bounded("the merge " + where, store::merge);
                        checkAll(where);
                        rebase();
                    } else if (op instanceof Reopen) {
                        close("the writes and merges before " + where);
                        open();
                        checkAll(where);
                    } else if (op instanceof CrashInMerge crash) {
                        crashInMerge(crash);
                        checkAll(where + ", then close and reopen");
                    } else if (op instanceof TornTail torn) {
                        String cut = tearTail(torn.cut());
                        checkAll(where + ", the last segment cut at " + cut
                                + ": every write that ended before the cut, nothing after it");
                    } else {
                        apply(op, store);
                        applied.add(new Applied(op, last(), FileFaults.size(last())));
                        TreeMap<byte[], byte[]> model = current();
                        for (byte[] key : KEYS) {
                            assertThat(store.get(key)).as("get(%s) %s", show(key), where).isEqualTo(model.get(key));
                        }
                    }
                }
                checkAll("at the end of " + history);
            } finally {
                close("the history " + history);
            }
            store = KvStore.open(dir, MergeFixtures.options(SEGMENT_BYTES));
            try {
                checkAll("after a last reopen of " + history);
            } finally {
                close("a last reopen of " + history);
            }
        }

        /**
         * Closes the store with a bound: close() waits for a running merge. After a hang nothing is closed: the
         * stuck thread holds the store, and a second wait would only delay the failure.
         */
        private void close(String after) {
            if (!hung) {
                bounded("close() after " + after + " (close waits for a running merge: one that never ends, or a "
                        + "lock that is never released?)", store::close);
            }
        }

        /** Runs {@code action} with {@link Bounded}'s bound; a timeout is a {@link Hang}, anything else as thrown. */
        private void bounded(String what, Bounded.Action action) {
            AtomicBoolean returned = new AtomicBoolean();
            try {
                Bounded.run(what, () -> {
                    try {
                        action.run();
                    } finally {
                        returned.set(true);
                    }
                });
            } catch (AssertionError e) {
                if (returned.get()) {
                    throw e;
                }
                hung = true;
                throw new Hang(e);
            }
        }

        private void open() {
            store = KvStore.open(dir, MergeFixtures.options(SEGMENT_BYTES).withFaults(point -> faults.reached(point)));
            rebase();
        }

        /** What the model holds now: the base and every write since. */
        private TreeMap<byte[], byte[]> current() {
            TreeMap<byte[], byte[]> model = new TreeMap<>(base);
            for (Applied a : applied) {
                apply(a.op(), model);
            }
            return model;
        }

        private void rebase() {
            base = current();
            applied.clear();
            baseSegment = last();
            baseEnd = FileFaults.size(baseSegment);
        }

        private void crashInMerge(CrashInMerge crash) {
            CrashAt hook = new CrashAt(crash.point(), crash.hit());
            hook.arm();
            faults = hook;
            try {
                bounded("the merge that crashes at " + crash, store::merge);
                // The merge passed that point fewer times than the hit: it finished, as a merge does.
            } catch (SimulatedCrash expected) {
                // The crash: the store is closed and reopened below, as after a crash of the process.
            } finally {
                faults = Faults.none();
            }
            close("a merge that crashed at " + crash);
            open();
        }

        private String tearTail(int where) {
            close("the writes before a torn tail");
            Path last = last();
            long size = FileFaults.size(last);
            long floor = last.equals(baseSegment) ? baseEnd : 0;
            long cut = floor + where % (size - floor + 1);
            FileFaults.truncate(last, cut);
            applied.removeIf(a -> a.segment().equals(last) && a.end() > cut);
            open();
            return cut + " of " + last.getFileName() + " (" + size + " bytes)";
        }

        private Path last() {
            List<Path> all = segments(dir);
            return all.get(all.size() - 1);
        }

        private void checkAll(String where) {
            TreeMap<byte[], byte[]> model = current();
            assertThat(contents(store)).as("the whole store %s", where).isEqualTo(entries(model));
            assertThat(MergeFixtures.drain(store.descendingScan(null, null))).as("the whole store, descending, %s", where)
                    .isEqualTo(entries(model.descendingMap()));
            for (byte[] key : KEYS) {
                assertThat(store.get(key)).as("get(%s) %s", show(key), where).isEqualTo(model.get(key));
            }
            assertThat(store.stats().liveKeys()).as("stats().liveKeys() %s", where).isEqualTo(model.size());
        }
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
