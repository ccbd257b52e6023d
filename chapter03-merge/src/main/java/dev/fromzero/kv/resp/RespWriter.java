package dev.fromzero.kv.resp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes RESP2 replies into a buffer, and the buffer to the connection only on {@link #flush()}:
 * the server flushes once the requests that arrived together are answered, so a pipeline of a
 * thousand requests costs a few writes, not a thousand.
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

    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private int size;

    RespWriter(OutputStream out) {
        this.out = out;
    }

    /** {@code +text}: text must hold no CR or LF. */
    void simple(String text) throws IOException {
        write('+');
        ascii(text);
        write(CRLF);
    }

    /** {@code -message}, with any CR or LF in the message made spaces: an error is one line. */
    void error(String message) throws IOException {
        write('-');
        write(message.replace('\r', ' ').replace('\n', ' ').getBytes(StandardCharsets.UTF_8));
        write(CRLF);
    }

    void integer(long value) throws IOException {
        write(':');
        decimal(value);
        write(CRLF);
    }

    /** {@code $length bytes}, or the null bulk string {@code $-1} when {@code bytes} is null. */
    void bulk(byte[] bytes) throws IOException {
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

    void bulk(String text) throws IOException {
        bulk(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The header of an array of {@code count} replies, which the caller writes next. */
    void array(int count) throws IOException {
        write('*');
        decimal(count);
        write(CRLF);
    }

    /** Sends what is buffered. */
    void flush() throws IOException {
        if (size > 0) {
            out.write(buffer, 0, size);
            size = 0;
        }
        out.flush();
    }

    private void ascii(String text) throws IOException {
        for (int i = 0; i < text.length(); i++) {
            write(text.charAt(i));
        }
    }

    private void decimal(long value) throws IOException {
        if (value < 0) {
            write('-');
            value = -value;
        }
        if (value >= 10) {
            decimal(value / 10);
        }
        write((char) ('0' + value % 10));
    }

    private void write(char c) throws IOException {
        if (size == buffer.length) {
            out.write(buffer, 0, size);
            size = 0;
        }
        buffer[size++] = (byte) c;
    }

    private void write(byte[] bytes) throws IOException {
        if (bytes.length > buffer.length - size) {
            out.write(buffer, 0, size);
            size = 0;
            if (bytes.length > buffer.length) {
                out.write(bytes);
                return;
            }
        }
        System.arraycopy(bytes, 0, buffer, size, bytes.length);
        size += bytes.length;
    }
}
