package dev.fromzero.kv.resp;

import dev.fromzero.kv.KvStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;

/**
 * One client's connection, served by the server's event loop: whenever bytes arrive, every whole
 * request among them is executed and the replies are sent together. A client that sends one
 * request and waits gets its reply at once; a client that pipelines a thousand gets them in a few
 * large writes, and no thread ever blocks on one client.
 *
 * <p>A request cut in two by TCP waits for its rest: {@link RespFrames} finds where the whole
 * requests end, and {@link RespReader} reads only those. A client that stops reading its replies
 * is not read from until they are sent, so it cannot make the server buffer without end.
 *
 * <p>A malformed request gets Redis's {@code -ERR Protocol error: ...} reply, then the
 * connection is closed: nothing after the bad bytes can be trusted to start a request. Other
 * connections are not affected. So it goes with an unexpected exception, whose reply names it.
 */
final class Connection {

    /** The largest request buffered: Redis's client query buffer limit is 1 GiB. */
    private static final int MAX_INPUT_BYTES = 512 * 1024 * 1024;

    private final SocketChannel channel;
    private final SelectionKey key;
    private final RespReader reader;
    private final RespWriter writer = new RespWriter();
    private final Commands commands;
    /** Received bytes: {@code input[0..served)} went to the reader, {@code [served..whole)} are whole requests, {@code [whole..received)} the start of one. */
    private byte[] input = new byte[16 * 1024];
    private int served;
    private int whole;
    private int received;
    /** Set when the connection is to close once its replies are sent (QUIT, a protocol error). */
    private boolean closing;

    Connection(SocketChannel channel, SelectionKey key, ServerCommands server, ScanCursors cursors, KvStore store) {
        this.channel = channel;
        this.key = key;
        this.reader = new RespReader(new WholeRequests());
        this.commands = new Commands(store, cursors, server, writer);
    }

    /** The socket can be read: reads what arrived and answers every whole request in it. */
    void readable() throws IOException {
        if (received == input.length) {
            if (input.length >= MAX_INPUT_BYTES) {
                writer.error("ERR Protocol error: a request of more than " + MAX_INPUT_BYTES + " bytes");
                closing = true;
                send();
                return;
            }
            input = Arrays.copyOf(input, (int) Math.min(MAX_INPUT_BYTES, 2L * input.length));
        }
        int n = channel.read(ByteBuffer.wrap(input, received, input.length - received));
        if (n < 0) {
            close();
            return;
        }
        received += n;
        whole = RespFrames.wholeRequestsEnd(input, whole, received);
        execute();
        send();
    }

    /** The socket can take more of the replies. */
    void writable() throws IOException {
        send();
    }

    /** Closes the connection at once. */
    void close() {
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void execute() throws IOException {
        try {
            while (!closing) {
                List<byte[]> request = reader.read();
                if (request == null) {
                    break; // no whole request left
                }
                closing = !commands.execute(request);
            }
            commands.finish();
        } catch (RespProtocolException e) {
            commands.finish();
            writer.error("ERR " + e.getMessage());
            closing = true;
        } catch (RuntimeException e) {
            // a bug, or (in a starter) a TODO: tell the client what happened rather than hang up on it
            writer.error("ERR the server failed: " + e);
            closing = true;
        }
        // Keep only the start of the next request.
        System.arraycopy(input, whole, input, 0, received - whole);
        received -= whole;
        whole = 0;
        served = 0;
    }

    /** Sends what it can of the replies; reads again only once they are all sent. */
    private void send() throws IOException {
        writer.sendTo(channel);
        if (writer.isEmpty()) {
            if (closing) {
                close();
                return;
            }
            key.interestOps(SelectionKey.OP_READ);
        } else {
            key.interestOps(SelectionKey.OP_WRITE);
        }
    }

    /** The reader's stream: the whole requests received and not yet read, then "nothing more for now". */
    private final class WholeRequests extends InputStream {
        @Override
        public int read() {
            return served < whole ? input[served++] & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (served == whole) {
                return -1;
            }
            int n = Math.min(length, whole - served);
            System.arraycopy(input, served, into, offset, n);
            served += n;
            return n;
        }
    }
}
