package dev.fromzero.kv.resp;

import dev.fromzero.kv.log.RecordCodec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the requests a Redis client sends, one at a time, from a connection's byte stream. A
 * request is a command and its arguments, each an array of bytes. Clients send it in one of two
 * forms:
 *
 * <pre>
 * an array of bulk strings (what redis-cli, redis-benchmark and every client library send):
 *     *3\r\n $3\r\n SET\r\n $1\r\n k\r\n $5\r\n hello\r\n      (spaces added for reading)
 *     '*', the number of strings, CRLF; then per string: '$', its length in bytes, CRLF, the
 *     bytes (anything at all, CR and LF included), CRLF.
 *
 * an inline command (what a person types into telnet or nc):
 *     SET k hello\r\n
 *     words separated by spaces or tabs, ending at LF (a CR before it is dropped); an empty
 *     line is no request. No quoting: a word cannot hold a space.
 * </pre>
 *
 * <p>The server's event loop gives the reader only whole requests, then "the end of the stream"
 * until more arrive ({@link RespFrames}): {@code read()} returning null means "no request left
 * for now", and the server sends the replies of every request that arrived together in one go.
 *
 * <p>Every malformed request is a {@link RespProtocolException} naming what is wrong and its byte
 * offset in the stream ({@link #offset()}). Lengths are checked before anything is allocated:
 * a bulk string holds at most {@link #MAX_BULK_BYTES} (the store's largest value; Redis allows
 * 512 MiB), a request at most {@link #MAX_ARGUMENTS} strings, an inline line at most
 * {@link #MAX_INLINE_BYTES}, as in Redis.
 */
public final class RespReader {

    /** The most strings in one request (Redis's limit too). */
    public static final int MAX_ARGUMENTS = 1024 * 1024;

    /** The longest bulk string: the store's largest value, since no longer one could be stored. */
    public static final int MAX_BULK_BYTES = RecordCodec.MAX_VALUE_SIZE;

    /** The longest inline command line (Redis's limit too). */
    public static final int MAX_INLINE_BYTES = 64 * 1024;

    /** What {@link #next()} and {@link #peek()} return at the end of the stream. */
    static final int END = -1;

    private final InputStream in;
    private final byte[] buffer;
    /** The bytes read from {@code in} and not parsed yet are {@code buffer[position..limit)}. */
    private int position;
    private int limit;
    /** The stream offset of {@code buffer[0]}. */
    private long bufferOffset;

    /** A reader of {@code in}, which it reads in chunks of up to 64 KiB. */
    public RespReader(InputStream in) {
        this(in, 64 * 1024);
    }

    RespReader(InputStream in, int bufferBytes) {
        this.in = in;
        this.buffer = new byte[bufferBytes];
    }

    /**
     * Reads the next request: its strings, the command first, as sent (the command's case is
     * the caller's business). Blocks until a whole request has arrived.
     *
     * @return the request, never empty; or null if the stream ended cleanly, between requests. The
     *     server's stream ends whenever no whole request is left, and goes on once more arrive,
     *     so {@code read()} may be called again after it returned null.
     * @throws RespProtocolException if the request is malformed, or the stream ends inside it
     * @throws IOException if reading the stream fails
     */
    public List<byte[]> read() throws IOException {
        while (true) {
            int type = peek();
            if (type == END) {
                return null;
            }
            if (type != '*') {
                List<byte[]> words = inlineWords(readLine());
                if (words.isEmpty()) {
                    continue;
                }
                return words;
            }
            next();
            long countAt = offset();
            long count = readInteger();
            if (count < 0 || count > MAX_ARGUMENTS) {
                throw new RespProtocolException("invalid multibulk length", countAt,
                        count + " is not between 0 and " + MAX_ARGUMENTS);
            }
            List<byte[]> strings = new ArrayList<>((int) Math.min(count, 16));
            for (long i = 0; i < count; i++) {
                long dollarAt = offset();
                int dollar = next();
                if (dollar != '$') {
                    throw new RespProtocolException("expected '$'", dollarAt, "got " + describe(dollar));
                }
                long lengthAt = offset();
                long length = readInteger();
                if (length < 0 || length > MAX_BULK_BYTES) {
                    throw new RespProtocolException("invalid bulk length", lengthAt,
                            length + " is not between 0 and " + MAX_BULK_BYTES);
                }
                strings.add(take((int) length));
                expectCrlf("after a bulk string of " + length + " bytes");
            }
            if (!strings.isEmpty()) {
                return strings;
            }
        }
    }

    /** The offset in the stream of the next byte to parse: how many bytes were parsed so far. */
    public long offset() {
        return bufferOffset + position;
    }

    /** The next byte (0 to 255), consumed; or {@link #END} at the end of the stream. */
    int next() throws IOException {
        if (position == limit && !fill()) {
            return END;
        }
        return buffer[position++] & 0xff;
    }

    /** The next byte (0 to 255), left unread; or {@link #END} at the end of the stream. */
    int peek() throws IOException {
        if (position == limit && !fill()) {
            return END;
        }
        return buffer[position] & 0xff;
    }

    /**
     * Reads a decimal integer, optionally negative, and the CRLF after it: the count in
     * {@code *3\r\n}, the length in {@code $5\r\n}.
     *
     * @throws RespProtocolException at the first byte that does not fit, with its offset
     */
    long readInteger() throws IOException {
        boolean negative = peek() == '-';
        if (negative) {
            next();
        }
        long value = 0;
        int digits = 0;
        while (true) {
            long at = offset();
            int b = peek();
            if (b == '\r' && digits > 0) {
                expectCrlf("after a number");
                return negative ? -value : value;
            }
            if (b < '0' || b > '9') {
                throw new RespProtocolException("expected a digit", at, "got " + describe(b));
            }
            if (digits == 18) {
                throw new RespProtocolException("number too long", at, "more than 18 digits");
            }
            next();
            value = value * 10 + (b - '0');
            digits++;
        }
    }

    /**
     * Reads exactly {@code n} bytes.
     *
     * @throws RespProtocolException if the stream ends first
     */
    byte[] take(int n) throws IOException {
        byte[] bytes = new byte[n];
        int copied = 0;
        while (copied < n) {
            if (position == limit && !fill()) {
                throw new RespProtocolException("unexpected end of the stream", offset(),
                        "inside a bulk string of " + n + " bytes");
            }
            int chunk = Math.min(n - copied, limit - position);
            System.arraycopy(buffer, position, bytes, copied, chunk);
            position += chunk;
            copied += chunk;
        }
        return bytes;
    }

    /**
     * Reads CR then LF.
     *
     * @throws RespProtocolException naming {@code where} (e.g. "after a number") if they are not there
     */
    void expectCrlf(String where) throws IOException {
        long at = offset();
        int cr = next();
        if (cr != '\r') {
            throw new RespProtocolException("expected CRLF " + where, at, "got " + describe(cr));
        }
        int lf = next();
        if (lf != '\n') {
            throw new RespProtocolException("expected LF after CR " + where, at + 1, "got " + describe(lf));
        }
    }

    /**
     * Reads a line up to and including its LF, and returns it without the LF or a CR before it.
     *
     * @throws RespProtocolException if the line is over {@link #MAX_INLINE_BYTES}, or the stream ends inside it
     */
    byte[] readLine() throws IOException {
        long start = offset();
        byte[] line = new byte[Math.min(128, MAX_INLINE_BYTES)];
        int length = 0;
        while (true) {
            int b = next();
            if (b == '\n') {
                int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
                return Arrays.copyOf(line, end);
            }
            if (b == END) {
                throw new RespProtocolException("unexpected end of the stream", offset(),
                        "inside an inline command that began at offset " + start);
            }
            if (length == MAX_INLINE_BYTES) {
                throw new RespProtocolException("inline command too long", start,
                        "no LF in its first " + MAX_INLINE_BYTES + " bytes");
            }
            if (length == line.length) {
                line = Arrays.copyOf(line, Math.min(2 * length, MAX_INLINE_BYTES));
            }
            line[length++] = (byte) b;
        }
    }

    /** The words of an inline command, split at runs of spaces and tabs. */
    static List<byte[]> inlineWords(byte[] line) {
        List<byte[]> words = new ArrayList<>();
        int i = 0;
        while (i < line.length) {
            if (line[i] == ' ' || line[i] == '\t') {
                i++;
                continue;
            }
            int start = i;
            while (i < line.length && line[i] != ' ' && line[i] != '\t') {
                i++;
            }
            words.add(Arrays.copyOfRange(line, start, i));
        }
        return words;
    }

    /** A byte as an error message shows it: {@code '+'}, {@code 0x0d}, or the end of the stream. */
    static String describe(int b) {
        if (b == END) {
            return "the end of the stream";
        }
        return b >= 0x21 && b < 0x7f ? "'" + (char) b + "'" : String.format("0x%02x", b);
    }

    private boolean fill() throws IOException {
        bufferOffset += limit;
        position = 0;
        limit = 0;
        int n = in.read(buffer);
        if (n <= 0) {
            return false;
        }
        limit = n;
        return true;
    }
}
