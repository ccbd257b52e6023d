package dev.fromzero.kv.resp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes RESP2 replies into a buffer of replies not sent yet, which {@link #sendTo} writes to the
 * connection: the server sends once the requests that arrived together are answered, so a
 * pipeline of a thousand requests costs a few writes, not a thousand.
 *
 * <pre>
 * +OK\r\n              a simple string        -ERR message\r\n   an error
 * :42\r\n              an integer             $5\r\nhello\r\n    a bulk string ($-1\r\n: null)
 * *2\r\n ...           an array of 2 replies
 * </pre>
 */
final class RespWriter {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);

    /** The replies not sent yet are {@code buffer[start..end)}. */
    private byte[] buffer = new byte[16 * 1024];
    private int start;
    private int end;

    /** {@code +text}: text must hold no CR or LF. */
    void simple(String text) {
        write('+');
        ascii(text);
        write(CRLF);
    }

    /** {@code -message}, with any CR or LF in the message made spaces: an error is one line. */
    void error(String message) {
        write('-');
        write(message.replace('\r', ' ').replace('\n', ' ').getBytes(StandardCharsets.UTF_8));
        write(CRLF);
    }

    void integer(long value) {
        write(':');
        decimal(value);
        write(CRLF);
    }

    /** {@code $length bytes}, or the null bulk string {@code $-1} when {@code bytes} is null. */
    void bulk(byte[] bytes) {
        if (bytes == null) {
            write(NULL_BULK);
            return;
        }
        write('$');
        decimal(bytes.length);
        write(CRLF);
        write(bytes);
        write(CRLF);
    }

    void bulk(String text) {
        bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The header of an array of {@code count} replies, which the caller writes next. */
    void array(int count) {
        write('*');
        decimal(count);
        write(CRLF);
    }

    /** Whether every reply written has been sent. */
    boolean isEmpty() {
        return start == end;
    }

    /** Sends as much of the replies as {@code channel} takes without blocking. */
    void sendTo(SocketChannel channel) throws IOException {
        if (start < end) {
            start += channel.write(ByteBuffer.wrap(buffer, start, end - start));
            if (start == end) {
                start = 0;
                end = 0;
            }
        }
    }

    private void ascii(String text) {
        for (int i = 0; i < text.length(); i++) {
            write(text.charAt(i));
        }
    }

    private void decimal(long value) {
        if (value < 0) {
            write('-');
            value = -value;
        }
        if (value >= 10) {
            decimal(value / 10);
        }
        write((char) ('0' + value % 10));
    }

    private void write(char c) {
        room(1);
        buffer[end++] = (byte) c;
    }

    private void write(byte[] bytes) {
        room(bytes.length);
        System.arraycopy(bytes, 0, buffer, end, bytes.length);
        end += bytes.length;
    }

    /** Makes room for {@code bytes} more bytes: moves the unsent replies to the front, or grows. */
    private void room(int bytes) {
        if (end + bytes <= buffer.length) {
            return;
        }
        int unsent = end - start;
        if (unsent + bytes <= buffer.length / 2) {
            System.arraycopy(buffer, start, buffer, 0, unsent);
        } else {
            buffer = Arrays.copyOfRange(buffer, start, start + Math.max(2 * buffer.length, unsent + bytes));
        }
        start = 0;
        end = unsent;
    }
}
