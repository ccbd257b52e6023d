package dev.fromzero.kv.resp;

/**
 * Finds where the whole requests in a connection's input end, without parsing them: the event
 * loop hands {@link RespReader} only whole requests, so that a request split across two TCP
 * reads waits for its rest instead of failing. It follows the grammar just far enough to skip
 * over each request (bulk strings by their length, never reading their bytes), so looking again
 * after more bytes arrive costs a few header bytes per string.
 *
 * <p>Anything that does not follow the grammar counts as whole: the reader then parses it and
 * reports the error, with its offset, as it would on a blocking stream.
 */
final class RespFrames {

    private static final int INCOMPLETE = -1;
    private static final int MALFORMED = -2;

    private RespFrames() {
    }

    /**
     * The end of the last whole request in {@code bytes[from..to)}, where {@code from} is the
     * start of a request: {@code from} itself if none is whole yet, {@code to} if what follows is
     * malformed.
     */
    static int wholeRequestsEnd(byte[] bytes, int from, int to) {
        int at = from;
        while (at < to) {
            int end = requestEnd(bytes, at, to);
            if (end == INCOMPLETE) {
                return at;
            }
            if (end == MALFORMED) {
                return to;
            }
            at = end;
        }
        return at;
    }

    private static int requestEnd(byte[] bytes, int at, int to) {
        if (bytes[at] != '*') {
            for (int i = at; i < to; i++) {
                if (bytes[i] == '\n') {
                    return i + 1;
                }
            }
            return to - at > RespReader.MAX_INLINE_BYTES ? MALFORMED : INCOMPLETE;
        }
        long[] number = new long[2];
        int state = integer(bytes, at + 1, to, number);
        if (state < 0) {
            return state;
        }
        long count = number[0];
        if (count < 0 || count > RespReader.MAX_ARGUMENTS) {
            return MALFORMED;
        }
        long position = number[1];
        for (long i = 0; i < count; i++) {
            if (position >= to) {
                return INCOMPLETE;
            }
            if (bytes[(int) position] != '$') {
                return MALFORMED;
            }
            state = integer(bytes, (int) position + 1, to, number);
            if (state < 0) {
                return state;
            }
            if (number[0] < 0 || number[0] > RespReader.MAX_BULK_BYTES) {
                return MALFORMED;
            }
            position = number[1] + number[0] + 2; // the bytes, then CRLF (which the reader checks)
            if (position > to) {
                return INCOMPLETE;
            }
        }
        return (int) position;
    }

    /**
     * Reads a decimal integer and its CRLF from {@code at}, as {@link RespReader#readInteger}
     * accepts it, into {@code result}: {value, the offset after the CRLF}. Returns 0, or
     * {@link #INCOMPLETE} or {@link #MALFORMED}.
     */
    private static int integer(byte[] bytes, int at, int to, long[] result) {
        int i = at;
        if (i < to && bytes[i] == '-') {
            i++;
        }
        long value = 0;
        int digits = 0;
        while (true) {
            if (i >= to) {
                return INCOMPLETE;
            }
            byte b = bytes[i];
            if (b == '\r' && digits > 0) {
                if (i + 1 >= to) {
                    return INCOMPLETE;
                }
                if (bytes[i + 1] != '\n') {
                    return MALFORMED;
                }
                result[0] = bytes[at] == '-' ? -value : value;
                result[1] = i + 2;
                return 0;
            }
            if (b < '0' || b > '9' || digits == 18) {
                return MALFORMED;
            }
            value = value * 10 + (b - '0');
            digits++;
            i++;
        }
    }
}
