package dev.fromzero.kv.resp;

import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.StorageException;
import dev.fromzero.kv.WriteBatch;

/**
 * Consecutive {@code SET key value}s of one connection, written to the store as one
 * {@link WriteBatch}: a client that pipelines sixteen SETs costs the store one write instead of
 * sixteen. Their {@code +OK}s are written only once the batch is in the store, and before any
 * other reply, so the client sees exactly what it would without batching: each reply in order,
 * each after its write. A batch is all or nothing, so if writing it fails, every SET in it gets
 * the error.
 *
 * <p>The connection writes the batch before any other command and before it sends its replies,
 * so a batch never outlives the requests that arrived together, and the connection's next read
 * (or anyone's) sees every SET it answered.
 */
final class SetBatch {

    private final KvStore store;
    private final RespWriter out;
    private WriteBatch batch = new WriteBatch();

    SetBatch(KvStore store, RespWriter out) {
        this.store = store;
        this.out = out;
    }

    /** Adds a SET; a key or value over the store's limits is answered at once, in its turn. */
    void add(byte[] key, byte[] value) {
        try {
            WriteBatch.checkKey(key);
            WriteBatch.checkValue(value);
        } catch (IllegalArgumentException e) {
            write();
            out.error("ERR " + e.getMessage());
            return;
        }
        batch.put(key, value);
    }

    /** Writes the waiting SETs to the store, then their replies. */
    void write() {
        int count = batch.size();
        if (count == 0) {
            return;
        }
        String error = null;
        try {
            if (count == 1) {
                WriteBatch.Operation set = batch.operations().get(0);
                store.put(set.key(), set.value());
            } else {
                store.write(batch);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            error = "ERR " + e.getMessage();
        } catch (StorageException e) {
            error = "ERR the store failed: " + e.getMessage();
        }
        batch = new WriteBatch();
        for (int i = 0; i < count; i++) {
            if (error == null) {
                out.simple("OK");
            } else {
                out.error(error);
            }
        }
    }
}
