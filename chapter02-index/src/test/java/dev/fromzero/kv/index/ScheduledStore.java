package dev.fromzero.kv.index;

import static dev.fromzero.kv.index.StoreFixtures.bytes;
import static dev.fromzero.kv.index.StoreFixtures.contents;
import static dev.fromzero.kv.index.StoreFixtures.open;
import static dev.fromzero.kv.index.StoreFixtures.text;

import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.WriteBatch;
import dev.fromzero.testkit.Interleavings;
import dev.fromzero.testkit.ScheduledLock;
import dev.fromzero.testkit.ScheduledReadWriteLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A store for one schedule of {@link Interleavings}: opened fresh, filled, and then run by a few
 * threads, each calling a list of operations. The store's own locks (the {@code ReentrantLock} and
 * {@code ReentrantReadWriteLock} fields of the store, provided code) are swapped for scheduled ones,
 * so that taking and releasing them are switch points; so is every call a keydir makes to its
 * {@code TreeMap} of leaves, which puts a switch point in the middle of a leaf split.
 *
 * <p>{@link #check()} asks whether the results can be explained: some order of the operations,
 * keeping each thread's order and the order of operations that did not overlap, run one at a time on
 * a {@code TreeMap}, gives the same results and leaves the store's contents. Then the store is closed
 * and opened again, and must hold what it held before: the keydir must agree with the log.
 */
final class ScheduledStore implements Interleavings.Trial {

    /** An operation: what it is called in reports, what it does on the store and on the model. */
    record Op(String label, Function<KvStore, Object> onStore, Function<TreeMap<String, String>, Object> onModel) {
    }

    /** A thread of a schedule and its operations, in order. */
    record Caller(String name, List<Op> ops) {
    }

    private record Done(String thread, Op op, int start, int end, Object result) {
    }

    private final Path dir;
    private final KvStore store;
    private final TreeMap<String, String> initial = new TreeMap<>();
    private final List<Caller> threads;
    private final List<List<Done>> history = new ArrayList<>();
    private int clock;

    private ScheduledStore(Path dir, Map<String, String> initial, List<Caller> threads) {
        this.dir = dir;
        this.threads = threads;
        this.initial.putAll(initial);
        this.store = open(dir, 1024 * 1024);
        try {
            initial.forEach((k, v) -> store.put(bytes(k), bytes(v)));
            schedule(store);
        } catch (RuntimeException | Error e) {
            store.close();
            throw e;
        }
    }

    /** A fresh store in a new directory under {@code parent}, holding {@code initial}, for {@code threads}. */
    static ScheduledStore of(Path parent, Map<String, String> initial, List<Caller> threads) {
        try {
            return new ScheduledStore(Files.createTempDirectory(parent, "schedule-"), initial, threads);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Caller thread(String name, Op... ops) {
        return new Caller(name, List.of(ops));
    }

    static Op put(String key, String value) {
        return new Op("put(" + key + ", " + value + ")", s -> {
            s.put(bytes(key), bytes(value));
            return "done";
        }, m -> {
            m.put(key, value);
            return "done";
        });
    }

    static Op get(String key) {
        return new Op("get(" + key + ")", s -> text(s.get(bytes(key))), m -> m.get(key));
    }

    static Op contains(String key) {
        return new Op("contains(" + key + ")", s -> s.contains(bytes(key)), m -> m.containsKey(key));
    }

    static Op delete(String key) {
        return new Op("delete(" + key + ")", s -> s.delete(bytes(key)), m -> m.remove(key) != null);
    }

    static Op batch(String key1, String value1, String key2, String value2) {
        return new Op("batch(" + key1 + "=" + value1 + ", " + key2 + "=" + value2 + ")", s -> {
            s.write(new WriteBatch().put(bytes(key1), bytes(value1)).put(bytes(key2), bytes(value2)));
            return "done";
        }, m -> {
            m.put(key1, value1);
            m.put(key2, value2);
            return "done";
        });
    }

    /** The keys from {@code from} (inclusive) to {@code to} (exclusive), as returned by a scan. */
    static Op scan(String from, String to) {
        return new Op("scan(" + from + ", " + to + ")", s -> {
            List<String> keys = new ArrayList<>();
            s.scan(bytes(from), bytes(to)).forEachRemaining(kv -> keys.add(kv.keyString() + "=" + text(kv.value())));
            return keys;
        }, m -> m.subMap(from, to).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    @Override
    public List<Interleavings.Actor> actors() {
        List<Interleavings.Actor> actors = new ArrayList<>();
        for (Caller thread : threads) {
            List<Done> done = new ArrayList<>();
            history.add(done);
            actors.add(new Interleavings.Actor(thread.name(), () -> {
                for (Op op : thread.ops()) {
                    int start = ++clock;
                    Object result = op.onStore().apply(store);
                    done.add(new Done(thread.name(), op, start, ++clock, result));
                }
            }));
        }
        return actors;
    }

    @Override
    public void check() {
        Map<String, String> held = asMap(contents(store));
        if (!explained(initial, new int[history.size()], held)) {
            throw new AssertionError("no order of the operations, one at a time, explains what they returned and what "
                    + "the store then held:\n" + describe() + "  then the store held " + state(held)
                    + "\n  (it began with " + state(initial) + ")");
        }
        store.close();
        try (KvStore reopened = open(dir, 1024 * 1024)) {
            Map<String, String> replayed = asMap(contents(reopened));
            if (!replayed.equals(held)) {
                throw new AssertionError("after a reopen the store holds " + state(replayed) + ", but before it, reads saw "
                        + state(held) + ": the keydir was updated in another order than the log was written, so what get "
                        + "returned is not what the log says. Update the keydir inside write(...), under the locks "
                        + "the append holds.\n" + describe());
            }
        }
    }

    @Override
    public void close() {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether some order of the operations not yet placed ({@code next[t]} is thread t's next) explains them. */
    private boolean explained(TreeMap<String, String> model, int[] next, Map<String, String> held) {
        boolean all = true;
        for (int t = 0; t < history.size(); t++) {
            if (next[t] == history.get(t).size()) {
                continue;
            }
            all = false;
            Done candidate = history.get(t).get(next[t]);
            if (mustWait(candidate, next)) {
                continue;
            }
            TreeMap<String, String> after = new TreeMap<>(model);
            Object expected = candidate.op().onModel().apply(after);
            if (java.util.Objects.equals(expected, candidate.result())) {
                next[t]++;
                boolean rest = explained(after, next, held);
                next[t]--;
                if (rest) {
                    return true;
                }
            }
        }
        return all && model.equals(held);
    }

    /** Whether an operation not yet placed ended before {@code candidate} began, and so must come first. */
    private boolean mustWait(Done candidate, int[] next) {
        for (int t = 0; t < history.size(); t++) {
            if (next[t] < history.get(t).size() && history.get(t).get(next[t]).end() < candidate.start()) {
                return true;
            }
        }
        return false;
    }

    private String describe() {
        StringBuilder text = new StringBuilder();
        history.stream().flatMap(List::stream).sorted(Comparator.comparingInt(Done::start)).forEach(d -> text
                .append("  ").append(d.thread()).append(": ").append(d.op().label()).append(" returned ")
                .append(d.result()).append(" (began at ").append(d.start()).append(", ended at ").append(d.end())
                .append(")\n"));
        return text.toString();
    }

    /** A state of the store, as what changed since the start when the start was large. */
    private String state(Map<String, String> held) {
        if (initial.size() <= 4) {
            return held.toString();
        }
        Map<String, String> changed = new TreeMap<>();
        held.forEach((k, v) -> {
            if (!v.equals(initial.get(k))) {
                changed.put(k, v);
            }
        });
        List<String> gone = initial.keySet().stream().filter(k -> !held.containsKey(k)).toList();
        return "the " + initial.size() + " entries it started with (" + initial.firstKey() + " to " + initial.lastKey()
                + "), but for " + changed + (gone.isEmpty() ? "" : " and without " + gone);
    }

    private static Map<String, String> asMap(List<KeyValue> entries) {
        return entries.stream().collect(Collectors.toMap(KeyValue::keyString, kv -> text(kv.value()),
                (a, b) -> a, TreeMap::new));
    }

    /**
     * Swaps the store's locks for scheduled ones, and its keydir's map of leaves for one whose every
     * call is a switch point. The store has just been opened, so no lock is held.
     */
    private static void schedule(KvStore store) {
        int locks = 0;
        try {
            for (Field field : store.getClass().getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                if (field.getType() == ReentrantLock.class) {
                    field.set(store, new ScheduledLock(field.getName() + " lock"));
                    locks++;
                } else if (field.getType() == ReentrantReadWriteLock.class) {
                    field.set(store, new ScheduledReadWriteLock(field.getName()));
                    locks++;
                } else if (field.getType() == Keydir.class) {
                    scheduleLeaves(field.get(store));
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot reach the fields of " + store.getClass(), e);
        }
        if (locks == 0) {
            throw new IllegalStateException(store.getClass().getName() + " has no ReentrantLock or ReentrantReadWriteLock "
                    + "field: these tests schedule the store's locks (writer and index), so keep those fields");
        }
    }

    private static void scheduleLeaves(Object keydir) throws IllegalAccessException {
        for (Field field : keydir.getClass().getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers()) && field.getType() == TreeMap.class) {
                field.setAccessible(true);
                field.set(keydir, new SwitchingTreeMap<>((TreeMap<?, ?>) field.get(keydir), "keydir." + field.getName()));
            }
        }
    }

    /** A {@code TreeMap} whose every lookup and change is first a switch point. */
    private static final class SwitchingTreeMap<K, V> extends TreeMap<K, V> {
        private final String name;

        @SuppressWarnings("unchecked")
        SwitchingTreeMap(TreeMap<?, ?> map, String name) {
            super((TreeMap<K, V>) map);
            this.name = name;
        }

        private void point(String call) {
            Interleavings.point("calls " + name + "." + call);
        }

        @Override
        public V get(Object key) {
            point("get");
            return super.get(key);
        }

        @Override
        public V put(K key, V value) {
            point("put");
            return super.put(key, value);
        }

        @Override
        public V remove(Object key) {
            point("remove");
            return super.remove(key);
        }

        @Override
        public Map.Entry<K, V> floorEntry(K key) {
            point("floorEntry");
            return super.floorEntry(key);
        }

        @Override
        public Map.Entry<K, V> ceilingEntry(K key) {
            point("ceilingEntry");
            return super.ceilingEntry(key);
        }

        @Override
        public Map.Entry<K, V> higherEntry(K key) {
            point("higherEntry");
            return super.higherEntry(key);
        }

        @Override
        public Map.Entry<K, V> lowerEntry(K key) {
            point("lowerEntry");
            return super.lowerEntry(key);
        }
    }
}
