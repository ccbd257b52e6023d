//@ chapter 4
package dev.fromzero.raft.kv;

import dev.fromzero.kv.Durability;
import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.MergePolicy;
import dev.fromzero.kv.StorageException;
import dev.fromzero.kv.StoreOptions;
import dev.fromzero.kv.WriteBatch;
import dev.fromzero.raft.Entry;
import dev.fromzero.raft.Snapshot;
import dev.fromzero.raft.StateMachine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The replicated key-value state machine, kept in a chapter-3 {@link KvStore}: it applies
 * committed write requests in log order, exactly once per client request, and takes and
 * restores snapshots of the whole store.
 *
 * <p><b>Sessions</b> (section 6.3 of Ongaro's thesis). A client numbers its requests and retries
 * one with the same number until it hears an answer, so a write may reach the log twice (the
 * first leader crashed after committing it, before answering). For each client the machine keeps
 * the last sequence number it applied and that request's answer: a request numbered at or below
 * it is not applied again, and the last one is answered from the table. The table is part of
 * the state, so it is in the store, in snapshots, and the same on every node.
 *
 * <p><b>The store holds everything</b>, under one-byte prefixes: {@code u} + key for the user's
 * keys, {@code s} + client id for the sessions, and {@code a} for the index of the last entry
 * applied. Each entry's effect, session and applied index are one {@link WriteBatch}, so the
 * store is always exactly the state after some entry, even after a crash; it need not sync
 * (the Raft log is the durable record), and a restart re-applies only the entries after the
 * index the store reached. A store without an applied index (new, or a restore cut short) is
 * wiped at open.
 */
public final class KvStateMachine implements StateMachine, AutoCloseable {

    private static final byte[] APPLIED = {'a'};
    private static final byte USER = 'u';
    private static final byte SESSION = 's';

    /** A client's last applied request and its answer. */
    record Session(long seq, Response.Ok answer) {
    }

    private final Path dir;
    private KvStore store;
    private final Map<Long, Session> sessions = new HashMap<>();
    private long applied;

    private KvStateMachine(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens the state machine in {@code dir} (the chapter-3 store lives there), with the state the
     * store reached before it was closed or crashed, or empty.
     *
     * @throws StorageException if the store cannot be opened
     */
    public static KvStateMachine open(Path dir) {
        KvStateMachine machine = new KvStateMachine(dir);
        machine.store = openStore(dir);
        if (machine.store.get(APPLIED) == null) {
            machine.wipe();
        }
        machine.load();
        return machine;
    }

    /** The index of the last entry applied (or restored from a snapshot); 0 for an empty machine. */
    public long appliedIndex() {
        return applied;
    }

    /** The value of {@code key} as of {@link #appliedIndex()}, or null if it does not exist. */
    public String get(String key) {
        byte[] value = store.get(userKey(key));
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    /** The last sequence number applied for {@code clientId}, 0 if none. */
    public long lastSeq(long clientId) {
        Session session = sessions.get(clientId);
        return session == null ? 0 : session.seq();
    }

    /**
     * The answer to a request this machine has already applied, if it is the client's latest; a
     * {@link Response.Failed} if it is older than that (its answer is gone); null if it has not
     * been applied.
     */
    public Response answered(Request request) {
        Session session = sessions.get(request.clientId());
        if (session == null || request.seq() > session.seq()) {
            return null;
        }
        if (request.seq() == session.seq()) {
            return session.answer();
        }
        return new Response.Failed(request.clientId(), request.seq(), "request " + request.seq() + " of client "
                + request.clientId() + " is older than its latest applied request " + session.seq()
                + ": a client has one request in flight and retries only that one");
    }

    @Override
    public void apply(Entry entry) {
        execute(entry);
    }

    /**
     * Applies {@code entry} and returns its answer: null for a no-op or an entry this machine had
     * already applied before a restart; the session's stored answer for a duplicate.
     *
     * @throws IllegalArgumentException if the entry's command is not a request
     */
    public Response execute(Entry entry) {
        if (entry.index() <= applied) {
            return null; // the store was ahead of the Raft snapshot at restart: applied already
        }
        WriteBatch batch = new WriteBatch();
        Response answer = null;
        if (!entry.isNoop()) {
            Request request;
            try {
                request = KvCodec.decodeRequest(entry.command());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("entry " + entry.index() + " (term " + entry.term() + ") is not a KV command: "
                        + e.getMessage(), e);
            }
            answer = applyRequest(request, batch);
        }
        batch.put(APPLIED, longBytes(entry.index()));
        store.write(batch);
        applied = entry.index();
        return answer;
    }

    /** Adds the effect of {@code request} to {@code batch}, unless its session has seen it; returns its answer. */
    private Response applyRequest(Request request, WriteBatch batch) {
        //@ todo 4: Answer a request the session has seen from the session table; else carry out its operation and record it and its answer in the session (docs/chapter04-raft.md#step-6-the-kv-state-machine-and-sessions)
        Response seen = answered(request);
        if (seen != null) {
            return seen;
        }
        Op op = request.op();
        byte[] key = userKey(op.key());
        String current = get(op.key());
        Response.Ok answer;
        if (op instanceof Op.Put put) {
            batch.put(key, put.value().getBytes(StandardCharsets.UTF_8));
            answer = new Response.Ok(request.clientId(), request.seq(), null, true);
        } else if (op instanceof Op.Delete) {
            if (current != null) {
                batch.delete(key);
            }
            answer = new Response.Ok(request.clientId(), request.seq(), null, current != null);
        } else if (op instanceof Op.Cas cas) {
            boolean swap = cas.expected() == null ? current == null : cas.expected().equals(current);
            if (swap) {
                batch.put(key, cas.value().getBytes(StandardCharsets.UTF_8));
            }
            answer = new Response.Ok(request.clientId(), request.seq(), null, swap);
        } else {
            answer = new Response.Ok(request.clientId(), request.seq(), current, true);
        }
        Session session = new Session(request.seq(), answer);
        sessions.put(request.clientId(), session);
        batch.put(sessionKey(request.clientId()), encodeSession(session));
        return answer;
        //@ end
    }

    /** The whole state as snapshot bytes: every user key, every session, and the applied index. */
    public byte[] snapshot() {
        //@ todo 4: Encode every record of the store, sessions and applied index included (docs/chapter04-raft.md#step-6-the-kv-state-machine-and-sessions)
        return KvSnapshot.encode(store.scan(null, null));
        //@ end
    }

    /**
     * Replaces the whole state with the snapshot's, unless this machine has applied past it
     * already (a restart whose store got further than the last snapshot: the entries after it
     * are then skipped as they come again).
     *
     * @throws IllegalArgumentException if the snapshot's bytes are not a KV snapshot
     */
    @Override
    public void restore(Snapshot snapshot) {
        //@ todo 4: Unless you are past it, replace the store and sessions with the snapshot's records, the applied index last so a cut-short restore is wiped at the next open (docs/chapter04-raft.md#step-6-the-kv-state-machine-and-sessions)
        List<KeyValue> records = KvSnapshot.decode(snapshot.data());
        if (snapshot.lastIndex() <= applied) {
            return;
        }
        wipe();
        WriteBatch last = new WriteBatch();
        for (KeyValue record : records) {
            if (record.key().length == 1 && record.key()[0] == APPLIED[0]) {
                last.put(record.key(), record.value());
            } else {
                store.put(record.key(), record.value());
            }
        }
        store.write(last);
        load();
        //@ end
    }

    @Override
    public void close() {
        store.close();
    }

    // ---- the store's layout ----

    private static KvStore openStore(Path dir) {
        // No sync: the Raft log is the durable record, and a batch per entry keeps a crash consistent.
        // No automatic merge: it would run on a thread of its own, and the simulator runs in one.
        return KvStore.open(dir, StoreOptions.defaults().withDurability(Durability.never())
                .withMergePolicy(MergePolicy.manual()).withMaxSegmentBytes(4L << 20));
    }

    /** Empties the store: closes it, deletes its directory and opens it afresh. */
    private void wipe() {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new StorageException("cannot empty the KV store in " + dir + ": " + e, e);
        }
        store = openStore(dir);
        sessions.clear();
        applied = 0;
    }

    /** Reads the sessions and the applied index back from the store. */
    private void load() {
        sessions.clear();
        for (Iterator<KeyValue> it = store.scanPrefix(new byte[] {SESSION}); it.hasNext(); ) {
            KeyValue record = it.next();
            long clientId = ByteBuffer.wrap(record.key(), 1, 8).getLong();
            sessions.put(clientId, decodeSession(clientId, record.value()));
        }
        byte[] index = store.get(APPLIED);
        applied = index == null ? 0 : ByteBuffer.wrap(index).getLong();
    }

    private static byte[] userKey(String key) {
        byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[utf8.length + 1];
        bytes[0] = USER;
        System.arraycopy(utf8, 0, bytes, 1, utf8.length);
        return bytes;
    }

    private static byte[] sessionKey(long clientId) {
        return ByteBuffer.allocate(9).put(SESSION).putLong(clientId).array();
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    /** A session is its answer, encoded as a response (it holds the client id and sequence number). */
    private static byte[] encodeSession(Session session) {
        return KvCodec.encodeResponse(session.answer());
    }

    private static Session decodeSession(long clientId, byte[] bytes) {
        Response answer = KvCodec.decodeResponse(bytes);
        if (!(answer instanceof Response.Ok ok) || ok.clientId() != clientId) {
            throw new IllegalArgumentException("the session record of client " + clientId + " holds " + answer);
        }
        return new Session(ok.seq(), ok);
    }
}
