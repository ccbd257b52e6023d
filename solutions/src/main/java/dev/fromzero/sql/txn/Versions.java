//@ chapter 5
package dev.fromzero.sql.txn;

import dev.fromzero.kv.log.RecordCodec;
import dev.fromzero.sql.SqlException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * How a transaction's writes are kept in the key-value store: every key a transaction writes is
 * stored once per version, under the key followed by the version, and the value says whether that
 * version is a value or a delete (a tombstone).
 *
 * <pre>
 *   stored key     the key, then 8 bytes: NOT version, big-endian   so a key's versions sort newest first
 *   stored value   01, then the value                              a put
 *                  00                                              a delete (tombstone)
 *   counter        the key 00 (alone): the next version, 8 bytes   written by every commit
 * </pre>
 *
 * <p>The versions of one key are one contiguous run of stored keys: keys written through a view
 * are prefix-free ({@link dev.fromzero.sql.storage.KvView}), so no other key's versions fall
 * between them. Inverting the version puts the newest first, so a read finds the version it wants
 * near the start of the run. A value is tagged because an empty value is a value, not a delete.
 */
final class Versions {

    /** The store key of the version counter; no row or index key is this short. */
    static final byte[] COUNTER = {0x00};

    private static final byte PUT = 0x01;
    private static final byte[] TOMBSTONE = {0x00};

    private Versions() {
    }

    /** The stored key of {@code version} of {@code key}. */
    static byte[] key(byte[] key, long version) {
        return ByteBuffer.allocate(key.length + Long.BYTES).put(key).putLong(~version).array();
    }

    /** The key a stored key is a version of. */
    static byte[] keyOf(byte[] stored) {
        return Arrays.copyOf(stored, stored.length - Long.BYTES);
    }

    /** The version of a stored key. */
    static long versionOf(byte[] stored) {
        return ~ByteBuffer.wrap(stored, stored.length - Long.BYTES, Long.BYTES).getLong();
    }

    /** Whether {@code stored} is a version of {@code key}. */
    static boolean isVersionOf(byte[] stored, byte[] key) {
        return stored.length == key.length + Long.BYTES
                && Arrays.equals(stored, 0, key.length, key, 0, key.length);
    }

    /** The stored value of a put of {@code value}, or of a delete if it is null. */
    static byte[] stored(byte[] value) {
        if (value == null) {
            return TOMBSTONE;
        }
        byte[] stored = new byte[value.length + 1];
        stored[0] = PUT;
        System.arraycopy(value, 0, stored, 1, value.length);
        return stored;
    }

    /** The value a stored value holds; null for a tombstone. */
    static byte[] valueOf(byte[] stored) {
        return stored[0] == PUT ? Arrays.copyOfRange(stored, 1, stored.length) : null;
    }

    /**
     * Checks that a key and value written through a transaction fit the store once versioned.
     *
     * @throws SqlException if the version or the tag would take them over the store's limits
     */
    static void checkFits(byte[] key, byte[] value) {
        if (key.length + Long.BYTES > RecordCodec.MAX_KEY_SIZE) {
            throw new SqlException("a key of " + key.length + " bytes is over the limit of "
                    + (RecordCodec.MAX_KEY_SIZE - Long.BYTES) + " bytes for a key written in a transaction "
                    + "(the store's limit less 8 bytes of version): keep TEXT in a primary key shorter");
        }
        if (value != null && value.length + 1 > RecordCodec.MAX_VALUE_SIZE) {
            throw new SqlException("a row of " + value.length + " bytes is over the limit of "
                    + (RecordCodec.MAX_VALUE_SIZE - 1) + " bytes for a value written in a transaction");
        }
    }
}
