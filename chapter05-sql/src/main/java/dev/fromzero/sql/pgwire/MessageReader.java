package dev.fromzero.sql.pgwire;

import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of one message body: big-endian integers and NUL-terminated UTF-8 strings. A
 * body that ends too soon is the client's error, reported as a (non-fatal) protocol violation: the
 * frame's length already says where the next message starts.
 */
final class MessageReader {

    private final byte[] body;
    private final char type;
    private int pos;

    MessageReader(Frames.Frame frame) {
        this.body = frame.body();
        this.type = frame.type();
    }

    int int16() throws ProtocolException {
        need(2);
        int value = (short) (((body[pos] & 0xff) << 8) | (body[pos + 1] & 0xff));
        pos += 2;
        return value;
    }

    int int32() throws ProtocolException {
        need(4);
        int value = ((body[pos] & 0xff) << 24) | ((body[pos + 1] & 0xff) << 16) | ((body[pos + 2] & 0xff) << 8)
                | (body[pos + 3] & 0xff);
        pos += 4;
        return value;
    }

    byte int8() throws ProtocolException {
        need(1);
        return body[pos++];
    }

    /** A NUL-terminated string. */
    String string() throws ProtocolException {
        for (int end = pos; end < body.length; end++) {
            if (body[end] == 0) {
                String s = new String(body, pos, end - pos, StandardCharsets.UTF_8);
                pos = end + 1;
                return s;
            }
        }
        throw malformed("a string without its terminating NUL byte");
    }

    byte[] bytes(int n) throws ProtocolException {
        if (n < 0) {
            throw malformed("a negative length " + n);
        }
        need(n);
        byte[] out = java.util.Arrays.copyOfRange(body, pos, pos + n);
        pos += n;
        return out;
    }

    boolean atEnd() {
        return pos == body.length;
    }

    private void need(int n) throws ProtocolException {
        if (body.length - pos < n) {
            throw malformed("it ends after " + body.length + " bytes, in the middle of a field");
        }
    }

    ProtocolException malformed(String what) {
        String name = type == 0 ? "the startup packet" : "a message of type '" + type + "'";
        return new ProtocolException("malformed " + name + ": " + what, false);
    }
}
