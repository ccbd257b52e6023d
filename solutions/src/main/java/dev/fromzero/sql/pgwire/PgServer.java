//@ chapter 5
package dev.fromzero.sql.pgwire;

import dev.fromzero.sql.Database;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server of PostgreSQL's wire protocol (version 3.0) for a {@link Database}, so that psql,
 * pgJDBC and other PostgreSQL clients can use it. It listens on 127.0.0.1 only and asks no
 * password. Each client gets a thread and a session of its own ({@link PgConnection}); a client
 * that misbehaves is answered with an error, and the others never notice.
 *
 * <p>Run it with {@code ./course serve sql --dir D --port P}, or {@link #main}.
 */
public final class PgServer implements AutoCloseable {

    private final Database database;
    private final ServerSocket listener;
    private final Thread acceptor;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger nextId = new AtomicInteger(1);

    private PgServer(Database database, ServerSocket listener) {
        this.database = database;
        this.listener = listener;
        this.acceptor = new Thread(this::accept, "pgwire-accept-" + listener.getLocalPort());
    }

    /** Starts serving {@code database} on 127.0.0.1:{@code port} (0 for any free port; {@link #port} says which). */
    public static PgServer start(Database database, int port) throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        PgServer server = new PgServer(database, listener);
        server.acceptor.start();
        return server;
    }

    /** The port the server listens on. */
    public int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException closed) {
                return;
            }
            int id = nextId.getAndIncrement();
            clients.add(socket);
            Thread thread = new Thread(() -> {
                try {
                    new PgConnection(socket, database.session(), id).run();
                } finally {
                    clients.remove(socket);
                }
            }, "pgwire-client-" + id);
            synchronized (threads) {
                threads.removeIf(t -> !t.isAlive());
                threads.add(thread);
            }
            thread.start();
        }
    }

    /** Stops listening, disconnects every client and waits for their threads; the database stays open. */
    @Override
    public void close() {
        try {
            listener.close();
            for (Socket client : clients) {
                client.close();
            }
            acceptor.join();
            List<Thread> running;
            synchronized (threads) {
                running = List.copyOf(threads);
            }
            for (Thread thread : running) {
                thread.join();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code --dir D [--port P]}: serves the database in D on 127.0.0.1:P (default 5432) until the process ends. */
    public static void main(String[] args) throws IOException {
        Path dir = null;
        int port = 5432;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--dir" -> dir = Path.of(require(value, "--dir"));
                case "--port" -> port = parsePort(require(value, "--port"));
                default -> usage("unknown argument " + args[i]);
            }
            i++;
        }
        if (dir == null) {
            usage("--dir is required");
        }
        Database database = Database.open(dir);
        PgServer server = start(database, port);
        // the accepting thread keeps the JVM alive; Ctrl-C ends it through this hook, which closes the store
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            database.close();
        }, "pgwire-shutdown"));
        System.out.println("serving " + dir.toAbsolutePath() + " to PostgreSQL clients on 127.0.0.1:" + server.port()
                + "; try: psql -h 127.0.0.1 -p " + server.port() + "   (Ctrl-C stops)");
    }

    private static String require(String value, String option) {
        if (value == null) {
            usage(option + " needs a value");
        }
        return value;
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usage("--port " + text + " is not a port: give 0 to 65535");
        return -1;
    }

    private static void usage(String problem) {
        System.err.println("error: " + problem + "\nusage: PgServer --dir DIR [--port P]");
        System.exit(2);
    }
}
