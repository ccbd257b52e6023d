package dev.fromzero.kv.index;

import static dev.fromzero.kv.index.StoreFixtures.bytes;

import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.WriteBatch;
import java.util.Map;

/**
 * A fixed, endless history of writes for the kill tests: operation {@code n} is a put, a delete
 * or a batch on a few dozen keys, and every value names the operation that wrote it. So the
 * state after any prefix of the history is known, and a store found on disk can be matched to
 * the prefix it holds.
 */
final class History {

    static final int KEYS = 37;

    private History() {
    }

    static byte[] key(int n) {
        return bytes("key-" + (n % KEYS));
    }

    static byte[] value(int n) {
        return bytes("value-" + n + "-" + "x".repeat(n % 50));
    }

    /** Operation {@code n}, on the store. */
    static void apply(int n, KvStore store) {
        if (n % 10 == 9) {
            store.write(new WriteBatch().put(key(n), value(n)).delete(key(n + 5)).put(key(n + 11), value(n)));
        } else if (n % 7 == 6) {
            store.delete(key(n));
        } else {
            store.put(key(n), value(n));
        }
    }

    /** Operation {@code n}, on a model. */
    static void apply(int n, Map<byte[], byte[]> model) {
        if (n % 10 == 9) {
            model.put(key(n), value(n));
            model.remove(key(n + 5));
            model.put(key(n + 11), value(n));
        } else if (n % 7 == 6) {
            model.remove(key(n));
        } else {
            model.put(key(n), value(n));
        }
    }
}
