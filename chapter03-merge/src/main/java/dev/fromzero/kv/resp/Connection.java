package dev.fromzero.kv.resp;

import dev.fromzero.kv.KvStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.List;

/**
 * One client's connection, served by a thread of its own: read a request, execute it, and send
 * the replies once no further request is waiting in the reader's buffer. A client that sends one
 * request and waits gets its reply at once; a client that pipelines a thousand gets them in a few
 * large writes.
 *
 * <p>A malformed request gets Redis's {@code -ERR Protocol error: ...} reply, then the
 * connection is closed: nothing after the bad bytes can be trusted to start a request. Other
 * connections are not affected. So it goes with an unexpected exception, whose reply names it.
 */
final class Connection implements Runnable {

    private final Socket socket;
    private final Commands commands;
    private final RespReader reader;
    private final RespWriter writer;

    Connection(Socket socket, ServerCommands server, ScanCursors cursors, KvStore store) throws IOException {
        this.socket = socket;
        this.reader = new RespReader(socket.getInputStream());
        this.writer = new RespWriter(socket.getOutputStream());
        this.commands = new Commands(store, cursors, server, writer);
    }

    @Override
    public void run() {
        try (socket) {
            serve();
        } catch (IOException | UncheckedIOException e) {
            // the client went away, or the server is closing: nothing to answer
        }
    }

    private void serve() throws IOException {
        try {
            while (true) {
                List<byte[]> request = reader.read();
                if (request == null) {
                    break;
                }
                boolean open = commands.execute(request);
                if (!open || !reader.hasBuffered()) {
                    commands.finish();
                    writer.flush();
                }
                if (!open) {
                    return;
                }
            }
            commands.finish();
        } catch (RespProtocolException e) {
            commands.finish();
            writer.error("ERR " + e.getMessage());
        } catch (RuntimeException e) {
            // a bug, or (in a starter) a TODO: tell the client what happened rather than hang up on it
            writer.error("ERR the server failed: " + e);
        }
        writer.flush();
    }

    /** Ends the connection: its thread's blocked read fails, and the thread ends. */
    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
