package dev.fromzero.kv.merge;

import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.resp.RespProtocolException;
import dev.fromzero.kv.resp.RespReader;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Step;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Step(chapter = 3, number = 9, title = "Serve it: RESP", guide = "docs/chapter03-merge.md#step-9-serve-it-resp")
@Hint("A request is either '*' followed by bulk strings, or a line of words. The length in front of a bulk string is the "
        + "only thing that says where it ends: never look for CRLF inside one.")
class RespReaderTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static RespReader reader(String stream) {
        return new RespReader(new ByteArrayInputStream(ascii(stream)));
    }

    /** The request as text, one string per element. */
    private static List<String> strings(List<byte[]> request) {
        assertThat(request).as("a request, not the end of the stream").isNotNull();
        List<String> strings = new ArrayList<>();
        for (byte[] s : request) {
            strings.add(new String(s, StandardCharsets.ISO_8859_1));
        }
        return strings;
    }

    /** Reading {@code stream} until it fails must fail with a protocol error at {@code offset}. */
    private static AbstractThrowableAssert<?, RespProtocolException> failsAt(String stream, long offset) {
        RespReader reader = reader(stream);
        String shown = stream.length() > 40
                ? stream.substring(0, 40) + "..."
                : stream.replace("\r", "\\r").replace("\n", "\\n");
        return assertThrown(RespProtocolException.class, () -> {
            while (reader.read() != null) {
                continue;
            }
        }, "reading %s", shown)
                .satisfies(e -> assertThat(e.offset())
                        .as("the offset of the bad byte, counted from the start of the stream").isEqualTo(offset))
                .hasMessageContaining("offset " + offset);
    }

    @Test
    @DisplayName("an array of bulk strings is one request, and the end of the stream after it is a clean end")
    void readsAnArrayOfBulkStrings() throws IOException {
        RespReader reader = reader("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n");
        assertThat(strings(reader.read())).as("the one request of the stream").containsExactly("SET", "k", "hello");
        assertThat(reader.read()).as("the stream ended between requests: read returns null").isNull();
        assertThat(reader.read()).as("and keeps returning null").isNull();
        assertThat(reader("").read()).as("an empty stream has no request").isNull();
    }

    @Test
    @DisplayName("an inline command is a line of words split at spaces and tabs, ending at LF with or without CR")
    @Hint("telnet sends CRLF, a shell's printf may send a bare LF; a run of spaces separates two words, not three. "
            + "An empty line is no request at all.")
    void readsInlineCommands() throws IOException {
        RespReader reader = reader("PING\r\nSET  key\tvalue \n\r\n\nGET key\n");
        assertThat(strings(reader.read())).as("the first line, ending in CRLF").containsExactly("PING");
        assertThat(strings(reader.read())).as("a line of words split at runs of spaces and a tab, ending in a bare LF")
                .containsExactly("SET", "key", "value");
        assertThat(strings(reader.read())).as("empty lines are skipped").containsExactly("GET", "key");
        assertThat(reader.read()).as("the stream ended after the last line: read returns null").isNull();
    }

    @Test
    @Points(2)
    @DisplayName("bulk strings are binary: CR, LF, zero bytes and every byte value come through, and empty strings too")
    @Hint("Read exactly the announced number of bytes, then expect CRLF. A value may contain \\r\\n anywhere.")
    void bulkStringsAreBinarySafe() throws IOException {
        byte[] every = new byte[256];
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) i;
        }
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(ascii("*4\r\n$3\r\nSET\r\n$4\r\na\r\nb\r\n$256\r\n"));
        stream.writeBytes(every);
        stream.writeBytes(ascii("\r\n$0\r\n\r\n"));
        List<byte[]> request = new RespReader(new ByteArrayInputStream(stream.toByteArray())).read();
        assertThat(request).as("the request's bulk strings: SET, the key, the value and the empty string").hasSize(4);
        assertThat(request.get(1)).as("a key holding CRLF").isEqualTo(ascii("a\r\nb"));
        assertThat(request.get(2)).as("a value holding every byte from 0 to 255").isEqualTo(every);
        assertThat(request.get(3)).as("$0 is an empty string").isEmpty();
    }

    @Test
    @Points(2)
    @DisplayName("pipelined requests sent back to back are read one by one, however the bytes arrive")
    @Hint("A client may send a thousand requests in one write, and TCP may deliver them in pieces of any size, even "
            + "one byte: never assume one read holds exactly one request.")
    void readsPipelinedRequestsInAnyChunks() throws IOException {
        StringBuilder stream = new StringBuilder();
        List<List<String>> sent = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String value = "v\r\n" + i;
            if (i % 3 == 0) {
                stream.append("GET key").append(i).append("\r\n");
                sent.add(List.of("GET", "key" + i));
            } else {
                stream.append("*3\r\n$3\r\nSET\r\n$").append(("key" + i).length()).append("\r\nkey").append(i)
                        .append("\r\n$").append(value.length()).append("\r\n").append(value).append("\r\n");
                sent.add(List.of("SET", "key" + i, value));
            }
        }
        for (int chunk : new int[] {1, 7, 64 * 1024}) {
            RespReader reader = new RespReader(new Trickle(ascii(stream.toString()), chunk));
            List<List<String>> read = new ArrayList<>();
            for (List<byte[]> request = reader.read(); request != null; request = reader.read()) {
                read.add(strings(request));
            }
            assertThat(read).as("the requests, read from a stream that delivers %d bytes at a time", chunk)
                    .isEqualTo(sent);
        }
    }

    @Test
    @DisplayName("a string that does not start with '$' is a protocol error at the offset of that byte")
    @Hint("The offset counts every byte the stream delivered, from the first request on, not from the start of "
            + "this request: RespReader.offset() is the offset of the next byte to parse.")
    void wrongTypeByteIsAnError() {
        failsAt("*1\r\n+PING\r\n", 4).hasMessageContaining("'$'").hasMessageContaining("'+'");
        failsAt("PING\r\n*2\r\n$4\r\nECHO\r\n:1\r\n", 20);
    }

    @Test
    @DisplayName("a count or a length that is not a number is a protocol error at its first byte")
    void countOrLengthNotANumberIsAnError() {
        failsAt("*x\r\n$4\r\nPING\r\n", 1);
        failsAt("*1\r\n$\r\nPING\r\n", 5);
        failsAt("*1\r\n$four\r\nPING\r\n", 5);
    }

    @Test
    @Points(2)
    @DisplayName("a count or a length out of range is a protocol error at its first byte, before anything is allocated")
    @Hint("Check a length against the limits (RespReader.MAX_BULK_BYTES, MAX_ARGUMENTS) before making an array "
            + "of that size: a client's typo must not run the server out of memory.")
    void countOrLengthOutOfRangeIsAnError() {
        failsAt("*1\r\n$-3\r\nabc\r\n", 5);
        failsAt("*1\r\n$" + (RespReader.MAX_BULK_BYTES + 1L) + "\r\nabc\r\n", 5);
        failsAt("*1\r\n$999999999999\r\nabc\r\n", 5);
        failsAt("*" + (RespReader.MAX_ARGUMENTS + 1L) + "\r\n$4\r\nPING\r\n", 1);
    }

    @Test
    @DisplayName("a request of exactly MAX_ARGUMENTS strings, and a bulk string of exactly MAX_BULK_BYTES, are read")
    @Hint("A limit says how much is allowed: the largest value the store takes must also be settable through "
            + "the server. Is your check 'more than the limit', or 'the limit or more'?")
    void requestsAtTheLimitsAreRead() throws IOException {
        StringBuilder many = new StringBuilder("*" + RespReader.MAX_ARGUMENTS + "\r\n");
        for (int i = 0; i < RespReader.MAX_ARGUMENTS; i++) {
            many.append("$0\r\n\r\n");
        }
        List<byte[]> request = reader(many.toString()).read();
        assertThat(request).as("a request of exactly MAX_ARGUMENTS (%d) strings is within the limit, not over it",
                RespReader.MAX_ARGUMENTS).isNotNull().hasSize(RespReader.MAX_ARGUMENTS);
        String value = "v".repeat(RespReader.MAX_BULK_BYTES);
        List<byte[]> set = reader("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$" + RespReader.MAX_BULK_BYTES + "\r\n" + value + "\r\n").read();
        assertThat(set).as("SET with a value of exactly MAX_BULK_BYTES (%d bytes, the store's largest value) is within "
                + "the limit, not over it", RespReader.MAX_BULK_BYTES).isNotNull().hasSize(3);
        assertThat(set.get(2).length).as("the value of exactly MAX_BULK_BYTES is read whole").isEqualTo(RespReader.MAX_BULK_BYTES);
    }

    @Test
    @DisplayName("a bulk string not followed by CRLF is a protocol error where the CRLF should be")
    @Hint("After the announced bytes comes CRLF, and nothing else. A client whose length is wrong must be told, "
            + "or every request after it would be read askew.")
    void missingCrlfIsAnError() {
        failsAt("*1\r\n$2\r\nabc\r\n", 10).hasMessageContaining("CRLF");
        failsAt("*1\r\n$3\r\nabc\n\r", 11);
        failsAt("*1\r\n$3\r\nabc\r\n*1\r\n$3\r\nabcd\r\n", 24);
    }

    @Test
    @DisplayName("the stream ending inside a request is a protocol error at the end; between requests it is not")
    @Hint("read() returns null only when the stream ends where a request would start.")
    void endInsideARequestIsAnError() throws IOException {
        failsAt("*2\r\n$3\r\nGET\r\n", 13);
        failsAt("*1\r\n$5\r\nab", 10);
        failsAt("PING\r\nGET k", 11);
        RespReader reader = reader("PING\r\n*1\r\n$4\r\nPING\r\n");
        assertThat(strings(reader.read())).as("the inline PING").containsExactly("PING");
        assertThat(strings(reader.read())).as("the array PING").containsExactly("PING");
        assertThat(reader.read()).as("the stream ended between requests: read returns null").isNull();
    }

    @Test
    @DisplayName("an inline command of more than 64 KiB without an LF is a protocol error at its start")
    void endlessInlineCommandIsAnError() {
        failsAt("PING\r\n" + "x".repeat(RespReader.MAX_INLINE_BYTES + 10), 6).hasMessageContaining("inline");
    }

    @Test
    @DisplayName("an empty array *0 is no request: the reader skips it and reads on, as Redis does")
    @Hint("*0 is a well-formed array of no strings. There is no command to run and nothing to answer, and the "
            + "stream goes on: never return an empty request.")
    void emptyArraysAreSkipped() throws IOException {
        // Observed on redis-server 7.0.15: "*0\r\n*1\r\n$4\r\nPING\r\n" is answered "+PONG\r\n" alone, and the
        // connection stays open; "*1\r\n$4\r\nPING\r\n*0\r\n*1\r\n$4\r\nPING\r\n" gets two PONGs.
        RespReader reader = reader("*0\r\n*1\r\n$4\r\nPING\r\n*0\r\n*0\r\nGET k\r\n*0\r\n");
        assertThat(strings(reader.read())).as("*0 first: skipped, the next request is PING").containsExactly("PING");
        assertThat(strings(reader.read())).as("two *0 in a row before an inline command: both skipped")
                .containsExactly("GET", "k");
        assertThat(reader.read()).as("*0 at the end of the stream: no request, the stream ended cleanly").isNull();
        assertThat(reader("*0\r\n").read()).as("a stream of just *0 has no request").isNull();
    }

    @Test
    @DisplayName("a null bulk string $-1 inside a request is a protocol error at its length, as Redis says")
    @Hint("$-1 is how a server sends nil back, in a reply. A client's request holds strings only: a request "
            + "with a nil in it is malformed, not a request with a null argument.")
    void nullBulkStringInARequestIsAnError() {
        // Observed on redis-server 7.0.15: "*2\r\n$3\r\nGET\r\n$-1\r\n" and "*1\r\n$-1\r\n" are answered
        // "-ERR Protocol error: invalid bulk length" and the connection is closed.
        failsAt("*2\r\n$3\r\nGET\r\n$-1\r\n", 14);
        failsAt("*1\r\n$-1\r\n", 5);
        failsAt("*1\r\n$4\r\nPING\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$-1\r\n", 35);
    }

    @Test
    @DisplayName("a malformed count, a count with no strings after it, or a string of another type is an error, as in Redis")
    void otherMalformedFramesAreErrors() {
        // Observed on redis-server 7.0.15, each answered "-ERR Protocol error: ..." and the connection closed:
        // "*abc\r\n" (invalid multibulk length), "*1\r\n:5\r\n" (expected '$', got ':'), "*1\r\n$ 4\r\n" and
        // "*1\r\n$+4\r\n" (invalid bulk length), "*-\r\n" and "*\r\n" (invalid multibulk length),
        // "*2\r\n$4\r\nECHO\r\n*1..." (expected '$', got '*').
        failsAt("*abc\r\n", 1);
        failsAt("*1\r\n:5\r\n", 4).hasMessageContaining("'$'");
        failsAt("*2\r\n$4\r\nECHO\r\n*1\r\n$2\r\nhi\r\n", 14);
        failsAt("*1\r\n$ 4\r\nPING\r\n", 5);
        failsAt("*1\r\n$+4\r\nPING\r\n", 5);
        failsAt("*-\r\n", 2);
        failsAt("*\r\n", 1);
    }

    /** A stream that delivers at most {@code chunk} bytes per read, as a network may. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final int chunk;
        private int position;

        Trickle(byte[] bytes, int chunk) {
            this.bytes = bytes;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return position < bytes.length ? bytes[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            if (position == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(length, chunk), bytes.length - position);
            System.arraycopy(bytes, position, into, offset, n);
            position += n;
            return n;
        }
    }
}
