package dev.fromzero.kv.log;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One entry of the log: a type, a key and a value, each key and value any bytes, including
 * none. A put of an empty value and a tombstone are different records: the first says "the key
 * exists and is empty", the second "the key does not exist".
 *
 * <p>Records are compared by content. The arrays are not copied: do not change them after
 * making a record.
 */
public record LogRecord(RecordType type, byte[] key, byte[] value) {

    private static final byte[] EMPTY = new byte[0];

    public LogRecord {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (type == RecordType.TOMBSTONE && value.length != 0) {
            throw new IllegalArgumentException("a tombstone has no value, but " + value.length + " bytes were given");
        }
    }

    /** A record that sets {@code key} to {@code value}. */
    public static LogRecord put(byte[] key, byte[] value) {
        return new LogRecord(RecordType.PUT, key, value);
    }

    /** A record that deletes {@code key}. */
    public static LogRecord tombstone(byte[] key) {
        return new LogRecord(RecordType.TOMBSTONE, key, EMPTY);
    }

    /** A put of UTF-8 strings, for tests and examples. */
    public static LogRecord put(String key, String value) {
        return put(key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    /** A tombstone of a UTF-8 key, for tests and examples. */
    public static LogRecord tombstone(String key) {
        return tombstone(key.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogRecord r
                && type == r.type
                && Arrays.equals(key, r.key)
                && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, Arrays.hashCode(key), Arrays.hashCode(value));
    }

    @Override
    public String toString() {
        return type + "(" + show(key) + (type == RecordType.PUT ? " = " + show(value) : "") + ")";
    }

    private static String show(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        boolean printable = text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        String shown = printable ? '"' + text + '"' : "0x" + HexFormat.of().formatHex(bytes);
        return shown.length() > 40 ? shown.substring(0, 37) + "..." : shown;
    }
}
