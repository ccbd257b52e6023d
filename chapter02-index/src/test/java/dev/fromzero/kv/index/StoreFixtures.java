package dev.fromzero.kv.index;

import dev.fromzero.kv.Durability;
import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.StoreOptions;
import dev.fromzero.kv.log.Log;
import dev.fromzero.testkit.FileFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Small helpers the chapter-2 suites share: text keys, stores opened for tests, a model to compare with. */
final class StoreFixtures {

    /** Small segments, so that a few writes already spread over several files. */
    static final long SMALL_SEGMENTS = 256;

    private StoreFixtures() {
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * A store in {@code dir} that never syncs (the steps before durability do not need it, and the
     * tests run much faster) and rolls its segments over at {@code maxSegmentBytes}.
     */
    static KvStore open(Path dir, long maxSegmentBytes) {
        return KvStore.open(dir, StoreOptions.defaults()
                .withDurability(Durability.never())
                .withMaxSegmentBytes(maxSegmentBytes));
    }

    static KvStore open(Path dir) {
        return open(dir, SMALL_SEGMENTS);
    }

    /** A map ordered as the store orders keys: unsigned bytes. */
    static TreeMap<byte[], byte[]> model() {
        return new TreeMap<>(Arrays::compareUnsigned);
    }

    /** Everything an iterator returns. */
    static List<KeyValue> drain(Iterator<KeyValue> iterator) {
        List<KeyValue> all = new ArrayList<>();
        iterator.forEachRemaining(all::add);
        return all;
    }

    /** The entries of a model as key-values, in its order. */
    static List<KeyValue> entries(Map<byte[], byte[]> model) {
        List<KeyValue> all = new ArrayList<>();
        model.forEach((k, v) -> all.add(new KeyValue(k, v)));
        return all;
    }

    /** The whole store, in key order. */
    static List<KeyValue> contents(KvStore store) {
        return drain(store.scan(null, null));
    }

    /** The store's segment files, oldest first. */
    static List<Path> segments(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d{9}\\.log")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last segment file. */
    static Path lastSegment(Path dir) {
        List<Path> all = segments(dir);
        return all.get(all.size() - 1);
    }

    /** The number of a segment file. */
    static long segmentId(Path segment) {
        return Long.parseLong(segment.getFileName().toString().substring(0, 9));
    }

    /** The size of every segment file together. */
    static long totalSegmentBytes(Path dir) {
        return segments(dir).stream().mapToLong(FileFaults::size).sum();
    }

    /** The path of segment {@code id}. */
    static Path segment(Path dir, long id) {
        return Log.segmentPath(dir, id);
    }
}
