package dev.fromzero.sql.pgwire;

import dev.fromzero.sql.Result;
import dev.fromzero.sql.types.Value;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the server's messages: each is built in a buffer, then framed (type byte, length, body)
 * and queued; {@link #flush} sends what is queued, so that a whole response (RowDescription, the
 * DataRows, CommandComplete, ReadyForQuery) leaves in one write.
 */
final class MessageWriter {

    private final OutputStream out;
    private final ByteArrayOutputStream queued = new ByteArrayOutputStream();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    MessageWriter(OutputStream out) {
        this.out = out;
    }

    private MessageWriter int16(int v) {
        body.write(v >>> 8);
        body.write(v);
        return this;
    }

    private MessageWriter int32(int v) {
        body.write(v >>> 24);
        body.write(v >>> 16);
        body.write(v >>> 8);
        body.write(v);
        return this;
    }

    private MessageWriter string(String s) {
        body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        body.write(0);
        return this;
    }

    /** A field that may be NULL: its length (-1 for NULL), then its bytes. */
    private MessageWriter field(byte[] bytes) {
        if (bytes == null) {
            return int32(-1);
        }
        int32(bytes.length);
        body.writeBytes(bytes);
        return this;
    }

    /** Frames the body built so far as a message of {@code type} and queues it. */
    private void send(char type) {
        queued.write(type);
        int length = body.size() + 4;
        queued.write(length >>> 24);
        queued.write(length >>> 16);
        queued.write(length >>> 8);
        queued.write(length);
        queued.writeBytes(body.toByteArray());
        body.reset();
    }

    void flush() throws IOException {
        queued.writeTo(out);
        queued.reset();
        out.flush();
    }

    /** A single byte without framing: the answer to an SSLRequest or GSSENCRequest. */
    void raw(char answer) throws IOException {
        queued.write(answer);
        flush();
    }

    void authenticationOk() {
        int32(0).send('R');
    }

    void parameterStatus(String name, String value) {
        string(name).string(value).send('S');
    }

    void backendKeyData(int processId, int secret) {
        int32(processId).int32(secret).send('K');
    }

    /** Asks the client to speak protocol 3.0 instead of the newer minor version it asked for. */
    void negotiateProtocolVersion(int newestMinor, List<String> unknownOptions) {
        int32((3 << 16) | newestMinor).int32(unknownOptions.size());
        unknownOptions.forEach(this::string);
        send('v');
    }

    /** {@code status}: 'I' idle, 'T' in a transaction, 'E' in a failed transaction. */
    void readyForQuery(char status) {
        body.write(status);
        send('Z');
    }

    /**
     * The columns of the rows to come: for each, its name, no table (0, 0), its type OID and size,
     * no type modifier (-1), and the format its values will come in ({@code formats[i]}: 0 text, 1 binary).
     */
    void rowDescription(List<Result.Column> columns, int[] formats) {
        throw new UnsupportedOperationException("TODO(chapter05): Write the column count (int16), then per column its name, table OID 0, attribute 0, type OID, type size, modifier -1 and format; send as 'T' (docs/chapter05-sql.md#step-13-the-postgresql-wire-protocol)");
    }

    /** One row: each value in its column's format, NULL as a length of -1. */
    void dataRow(List<Value> row, int[] oids, int[] formats) {
        throw new UnsupportedOperationException("TODO(chapter05): Write the value count (int16), then each value as a length-prefixed field (NULL: length -1) in text or binary format; send as 'D' (docs/chapter05-sql.md#step-13-the-postgresql-wire-protocol)");
    }

    void commandComplete(String tag) {
        string(tag).send('C');
    }

    void emptyQueryResponse() {
        send('I');
    }

    void parseComplete() {
        send('1');
    }

    void bindComplete() {
        send('2');
    }

    void closeComplete() {
        send('3');
    }

    void noData() {
        send('n');
    }

    void portalSuspended() {
        send('s');
    }

    void parameterDescription(int[] oids) {
        int16(oids.length);
        for (int oid : oids) {
            int32(oid);
        }
        send('t');
    }

    /** An ErrorResponse: severity (ERROR or FATAL), SQLSTATE and message. */
    void error(String severity, String sqlState, String message) {
        body.write('S');
        string(severity);
        body.write('V');
        string(severity);
        body.write('C');
        string(sqlState);
        body.write('M');
        string(message);
        body.write(0);
        send('E');
    }
}
