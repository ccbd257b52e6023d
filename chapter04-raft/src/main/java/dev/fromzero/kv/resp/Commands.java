package dev.fromzero.kv.resp;

import dev.fromzero.kv.KeyValue;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.StorageException;
import dev.fromzero.kv.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Executes one connection's requests against the store and writes their replies: the Redis
 * commands that make sense for a store of byte keys and values. Each command checks its
 * arguments, then calls the public {@link KvStore} API, and nothing else.
 *
 * <p>Errors are replies, as in Redis: an unknown command, a wrong number of arguments or a key
 * over the store's limit is an {@code -ERR} reply, and the connection goes on.
 *
 * <p>Consecutive SETs of one connection are written as one {@link WriteBatch} ({@link SetBatch}).
 * Redis's commands and server-information commands that clients send on their own, such as
 * {@code COMMAND DOCS} and {@code CONFIG GET}, are answered by {@link ServerCommands}.
 */
final class Commands {

    /** SCAN's default COUNT, as in Redis. */
    private static final int DEFAULT_SCAN_COUNT = 10;

    private final KvStore store;
    private final ScanCursors cursors;
    private final ServerCommands server;
    private final SetBatch sets;
    private final RespWriter out;

    Commands(KvStore store, ScanCursors cursors, ServerCommands server, RespWriter out) {
        this.store = store;
        this.cursors = cursors;
        this.server = server;
        this.out = out;
        this.sets = new SetBatch(store, out);
    }

    /** Executes {@code request} and writes its reply; returns false when the client asked to close (QUIT). */
    boolean execute(List<byte[]> request) {
        String name = new String(request.get(0), StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        int args = request.size() - 1;
        if (name.equals("SET") && args == 2) {
            sets.add(request.get(1), request.get(2));
            return true;
        }
        sets.write();
        try {
            switch (name) {
                case "GET" -> arity(name, args == 1, () -> out.bulk(store.get(request.get(1))));
                case "SET" -> arity(name, args >= 2, () -> set(request));
                case "DEL" -> arity(name, args >= 1, () -> delete(request));
                case "EXISTS" -> arity(name, args >= 1, () -> exists(request));
                case "MGET" -> arity(name, args >= 1, () -> mget(request));
                case "MSET" -> arity(name, args >= 2 && args % 2 == 0, () -> mset(request));
                case "SCAN" -> arity(name, args >= 1, () -> scan(request));
                case "KEYS" -> arity(name, args == 1, () -> keys(request.get(1)));
                case "DBSIZE" -> arity(name, args == 0, () -> out.integer(store.stats().liveKeys()));
                case "QUIT" -> {
                    out.simple("OK");
                    return false;
                }
                default -> server.execute(name, request, out);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            out.error("ERR " + e.getMessage());
        } catch (StorageException e) {
            out.error("ERR the store failed: " + e.getMessage());
        }
        return true;
    }

    /** Writes the SETs still waiting to be batched: before their replies may be sent. */
    void finish() {
        sets.write();
    }

    /** A command's body; it may throw what a store call throws. */
    interface Body {
        void run();
    }

    private void arity(String name, boolean ok, Body body) {
        if (ok) {
            body.run();
        } else {
            ServerCommands.wrongArity(name, out);
        }
    }

    /** Plain {@code SET key value} is batched; options (EX, NX, GET...) are refused: the store has no expiry or compare-and-set. */
    private void set(List<byte[]> request) {
        String option = new String(request.get(3), StandardCharsets.UTF_8);
        out.error("ERR SET option '" + option + "' is not supported: fromzero supports SET key value only");
    }

    private void delete(List<byte[]> request) {
        int deleted = 0;
        for (byte[] key : request.subList(1, request.size())) {
            deleted += store.delete(key) ? 1 : 0;
        }
        out.integer(deleted);
    }

    /** As in Redis, a key named twice counts twice. */
    private void exists(List<byte[]> request) {
        int found = 0;
        for (byte[] key : request.subList(1, request.size())) {
            found += store.contains(key) ? 1 : 0;
        }
        out.integer(found);
    }

    private void mget(List<byte[]> request) {
        List<byte[]> values = new ArrayList<>(request.size() - 1);
        for (byte[] key : request.subList(1, request.size())) {
            values.add(store.get(key));
        }
        out.array(values.size());
        for (byte[] value : values) {
            out.bulk(value);
        }
    }

    /** All or nothing, as in Redis: one batch. */
    private void mset(List<byte[]> request) {
        WriteBatch batch = new WriteBatch();
        for (int i = 1; i < request.size(); i += 2) {
            batch.put(request.get(i), request.get(i + 1));
        }
        store.write(batch);
        out.simple("OK");
    }

    /** {@code SCAN cursor [MATCH pattern] [COUNT n]}: looks at up to n keys after the cursor's position. */
    private void scan(List<byte[]> request) {
        long cursor = unsignedNumber(request.get(1), "invalid cursor");
        byte[] after = cursor == 0 ? null : cursors.resume(cursor);
        if (cursor != 0 && after == null) {
            throw new IllegalArgumentException("invalid cursor " + cursor
                    + ": it is unknown or forgotten (the server keeps the latest " + ScanCursors.CAPACITY
                    + "); start again from 0");
        }
        byte[] pattern = null;
        long count = DEFAULT_SCAN_COUNT;
        for (int i = 2; i < request.size(); i += 2) {
            String option = new String(request.get(i), StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
            if (i + 1 == request.size() || !(option.equals("MATCH") || option.equals("COUNT"))) {
                throw new IllegalArgumentException("syntax error: SCAN takes MATCH pattern and COUNT n");
            }
            if (option.equals("MATCH")) {
                pattern = request.get(i + 1);
            } else {
                count = unsignedNumber(request.get(i + 1), "value is not an integer or out of range");
                if (count < 1) {
                    throw new IllegalArgumentException("syntax error: COUNT must be at least 1");
                }
            }
        }
        List<byte[]> found = new ArrayList<>();
        byte[] last = null;
        Iterator<KeyValue> keys = store.scan(after, null);
        for (long seen = 0; seen < count && keys.hasNext(); ) {
            byte[] key = keys.next().key();
            if (after != null && last == null && Arrays.equals(key, after)) {
                continue;
            }
            last = key;
            seen++;
            if (pattern == null || Glob.matches(pattern, key)) {
                found.add(key);
            }
        }
        out.array(2);
        out.bulk(keys.hasNext() && last != null ? Long.toString(cursors.save(last)) : "0");
        out.array(found.size());
        for (byte[] key : found) {
            out.bulk(key);
        }
    }

    private void keys(byte[] pattern) {
        List<byte[]> found = new ArrayList<>();
        for (Iterator<KeyValue> all = store.scan(null, null); all.hasNext(); ) {
            byte[] key = all.next().key();
            if (Glob.matches(pattern, key)) {
                found.add(key);
            }
        }
        out.array(found.size());
        for (byte[] key : found) {
            out.bulk(key);
        }
    }

    /** A non-negative decimal argument, or an IllegalArgumentException with Redis's {@code message}. */
    static long unsignedNumber(byte[] arg, String message) {
        String text = new String(arg, StandardCharsets.US_ASCII);
        try {
            long value = Long.parseUnsignedLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the message below says it
        }
        throw new IllegalArgumentException(message + ": '" + text + "'");
    }
}
