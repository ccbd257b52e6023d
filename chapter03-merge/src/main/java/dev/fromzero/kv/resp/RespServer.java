package dev.fromzero.kv.resp;

import dev.fromzero.kv.Durability;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.StorageException;
import dev.fromzero.kv.StoreOptions;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Serves a {@link KvStore} to Redis clients (redis-cli, redis-benchmark, Jedis...) over RESP2, on
 * 127.0.0.1 only: the server has no authentication, so it does not listen beyond this machine.
 *
 * <pre>
 * java dev.fromzero.kv.resp.RespServer --dir D [--port P] [--sync always|everysec|no]
 * </pre>
 *
 * <p><b>Threads.</b> One thread accepts connections, and each connection has a thread of its own
 * ({@link Connection}) that blocks on reads: the simplest model, and with tens of clients as fast
 * as an event loop, since the store is safe to call from any number of threads. (Java 17 has no
 * virtual threads; ten thousand clients would want NIO.)
 *
 * <p><b>Durability</b> follows Redis's {@code appendfsync} setting. {@code always} syncs every
 * write before its reply ({@link Durability#always()}). {@code everysec}, the default as in
 * Redis, never syncs on a write ({@link Durability#never()}) and calls {@link KvStore#sync()}
 * once a second: a reply means the write survives a crash of the server process, and a power
 * cut loses at most about the last second, which is exactly Redis's promise for
 * {@code appendfsync everysec}. {@code no} leaves syncing to the operating system.
 */
public final class RespServer implements Closeable {

    /** Redis's {@code appendfsync} settings. */
    public enum Sync {
        ALWAYS, EVERYSEC, NO;

        /** How the store is to be opened for this setting. */
        public Durability durability() {
            return this == ALWAYS ? Durability.always() : Durability.never();
        }

        /** As Redis spells it. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final KvStore store;
    private final ServerSocket listener;
    private final ServerCommands server;
    private final ScanCursors cursors = new ScanCursors();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final ScheduledExecutorService syncer;
    private volatile boolean closed;

    private RespServer(KvStore store, ServerSocket listener, Sync sync) {
        this.store = store;
        this.listener = listener;
        this.server = new ServerCommands(store, sync.label(), listener.getLocalPort());
        this.acceptor = new Thread(this::accept, "fromzero-resp-accept");
        this.syncer = sync == Sync.EVERYSEC ? Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "fromzero-resp-sync")) : null;
    }

    /**
     * Serves {@code store} on 127.0.0.1 and {@code port} (0: any free port, see {@link #port()}),
     * with {@code sync}'s background syncing; the store must have been opened with
     * {@code sync.durability()}. Returns once the server accepts connections.
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static RespServer start(KvStore store, int port, Sync sync) {
        try {
            ServerSocket listener = new ServerSocket(port, 128, InetAddress.getLoopbackAddress());
            RespServer server = new RespServer(store, listener, sync);
            server.acceptor.start();
            if (server.syncer != null) {
                server.syncer.scheduleWithFixedDelay(server::sync, 1, 1, TimeUnit.SECONDS);
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** Serves {@code store} with no syncing of its own ({@link Sync#NO}): what a test wants. */
    public static RespServer start(KvStore store, int port) {
        return start(store, port, Sync.NO);
    }

    /** The port the server listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    /**
     * Stops accepting, closes every connection and waits for their threads to end (a command
     * running finishes first). Does not close the store, which is the caller's.
     */
    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        if (syncer != null) {
            syncer.shutdownNow();
        }
        connections.forEach(Connection::close);
        List<Thread> running = new ArrayList<>(threads);
        running.add(acceptor);
        for (Thread thread : running) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = listener.accept();
                socket.setTcpNoDelay(true);
                Connection connection = new Connection(socket, server, cursors, store);
                connections.add(connection);
                Thread thread = daemon(() -> {
                    try {
                        connection.run();
                    } finally {
                        connections.remove(connection);
                        threads.remove(Thread.currentThread());
                    }
                }, "fromzero-resp-" + socket.getPort());
                threads.add(thread);
                thread.start();
                if (closed) {
                    connection.close();
                }
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("fromzero kv: a connection failed to start: " + e.getMessage());
                }
            }
        }
    }

    private void sync() {
        try {
            store.sync();
        } catch (StorageException | IllegalStateException e) {
            System.err.println("fromzero kv: the background sync failed: " + e.getMessage());
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Opens the store in --dir, serves it until Ctrl-C, then closes it. */
    public static void main(String[] args) {
        Path dir = null;
        int port = 6379;
        Sync sync = Sync.EVERYSEC;
        try {
            for (int i = 0; i < args.length; i += 2) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--dir" -> dir = Path.of(required(args[i], value));
                    case "--port" -> port = Integer.parseInt(required(args[i], value));
                    case "--sync" -> sync = Sync.valueOf(required(args[i], value).toUpperCase(Locale.ROOT));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (dir == null) {
                throw new IllegalArgumentException("--dir is required");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage()
                    + "\nusage: RespServer --dir DIR [--port P (6379)] [--sync always|everysec|no (everysec)]");
            System.exit(2);
        }
        try {
            KvStore store = KvStore.open(dir, new StoreOptions(sync.durability(), StoreOptions.DEFAULT_MAX_SEGMENT_BYTES));
            RespServer server = start(store, port, sync);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.close();
                store.close();
            }, "fromzero-resp-shutdown"));
            System.out.println("fromzero kv serving " + dir + " on 127.0.0.1:" + server.port());
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
