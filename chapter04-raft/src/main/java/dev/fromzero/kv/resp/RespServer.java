package dev.fromzero.kv.resp;

import dev.fromzero.kv.Durability;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.StorageException;
import dev.fromzero.kv.StoreOptions;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Locale;
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
 * <p><b>Threads.</b> One thread, an event loop over non-blocking sockets, serves every connection
 * ({@link Connection}), as Redis does. A thread per connection was simpler, and measured about a
 * third slower under {@code redis-benchmark -P 16} on two cores: each batch of requests cost two
 * thread switches. Other threads (the store's merge, its group commit, the syncer) still run beside it.
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
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final ServerCommands server;
    private final ScanCursors cursors = new ScanCursors();
    private final Thread loop;
    private final ScheduledExecutorService syncer;
    private volatile boolean closed;

    private RespServer(KvStore store, ServerSocketChannel listener, Selector selector, Sync sync) throws IOException {
        this.store = store;
        this.listener = listener;
        this.selector = selector;
        this.server = new ServerCommands(store, sync.label(), port());
        this.loop = new Thread(this::loop, "fromzero-resp");
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
        ServerSocketChannel listener = null;
        try {
            listener = ServerSocketChannel.open();
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
            listener.configureBlocking(false);
            Selector selector = Selector.open();
            listener.register(selector, SelectionKey.OP_ACCEPT);
            RespServer server = new RespServer(store, listener, selector, sync);
            server.loop.start();
            if (server.syncer != null) {
                server.syncer.scheduleWithFixedDelay(server::sync, 1, 1, TimeUnit.SECONDS);
            }
            return server;
        } catch (IOException e) {
            if (listener != null) {
                try {
                    listener.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
    }

    /** Serves {@code store} with no syncing of its own ({@link Sync#NO}): what a test wants. */
    public static RespServer start(KvStore store, int port) {
        return start(store, port, Sync.NO);
    }

    /** The port the server listens on. */
    public int port() {
        return listener.socket().getLocalPort();
    }

    /**
     * Stops accepting, closes every connection and waits for the event loop to end (the command
     * running finishes first). Does not close the store, which is the caller's.
     */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        if (syncer != null) {
            syncer.shutdownNow();
        }
        if (Thread.currentThread() != loop) {
            try {
                loop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The event loop: one thread waits for any connection to have bytes (or room for replies),
     * and serves each in turn, as Redis does. No thread blocks on one client, and no thread
     * switch stands between a request and its reply: on a machine with few cores that is what
     * makes pipelined requests fast. A command runs on this thread, so a slow one (a KEYS of a
     * large store, a sync with {@code --sync always}) delays the others, as in Redis.
     */
    private void loop() {
        try {
            while (!closed) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    serve(key);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                System.err.println("fromzero kv: the server stopped: " + e);
            }
        } finally {
            for (SelectionKey key : selector.keys()) {
                if (key.attachment() instanceof Connection connection) {
                    connection.close();
                }
            }
            try {
                listener.close();
                selector.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private void serve(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            accept();
            return;
        }
        Connection connection = (Connection) key.attachment();
        try {
            if (key.isReadable()) {
                connection.readable();
            } else if (key.isWritable()) {
                connection.writable();
            }
        } catch (IOException e) {
            connection.close(); // the client went away
        }
    }

    private void accept() {
        try {
            SocketChannel channel = listener.accept();
            if (channel == null) {
                return;
            }
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            key.attach(new Connection(channel, key, server, cursors, store));
        } catch (IOException e) {
            System.err.println("fromzero kv: a connection failed to start: " + e.getMessage());
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
