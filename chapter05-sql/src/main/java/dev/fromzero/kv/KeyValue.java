package dev.fromzero.kv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A key and its value, as the scans of {@link KvStore} return them. Compared by content. The
 * arrays are the caller's: the store keeps no reference to them.
 */
public record KeyValue(byte[] key, byte[] value) {

    public KeyValue {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    /** The key as UTF-8 text, for tests and examples. */
    public String keyString() {
        return new String(key, StandardCharsets.UTF_8);
    }

    /** The value as UTF-8 text, for tests and examples. */
    public String valueString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeyValue kv && Arrays.equals(key, kv.key) && Arrays.equals(value, kv.value);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return show(key) + "=" + show(value);
    }

    /** Printable text as itself, anything else as hex, long ones cut short. */
    private static String show(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        boolean printable = text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        String shown = printable ? '"' + text + '"' : "0x" + HexFormat.of().formatHex(bytes);
        return shown.length() > 40 ? shown.substring(0, 37) + "..." : shown;
    }
}
