package dev.fromzero.kv;

import dev.fromzero.kv.log.RecordCodec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Puts and deletes that {@link KvStore#write} applies atomically: all of them or none, even across
 * a crash. Operations apply in the order they were added. A batch checks its input as it is
 * built, so a bad key fails here, before anything is written. Not thread-safe; a batch may be
 * written more than once.
 */
public final class WriteBatch {

    /** One operation: a put, or a delete when {@code value} is null. */
    public record Operation(byte[] key, byte[] value) {
        /** Whether this operation deletes its key. */
        public boolean isDelete() {
            return value == null;
        }
    }

    private final List<Operation> operations = new ArrayList<>();

    /**
     * Adds a put of {@code key} to {@code value}. Copies both arrays.
     *
     * @throws IllegalArgumentException if the key or value is null or over its limit
     */
    public WriteBatch put(byte[] key, byte[] value) {
        checkKey(key);
        checkValue(value);
        operations.add(new Operation(key.clone(), value.clone()));
        return this;
    }

    /**
     * Adds a delete of {@code key}. Copies the key.
     *
     * @throws IllegalArgumentException if the key is null or over the limit
     */
    public WriteBatch delete(byte[] key) {
        checkKey(key);
        operations.add(new Operation(key.clone(), null));
        return this;
    }

    /** The operations, in order. */
    public List<Operation> operations() {
        return Collections.unmodifiableList(operations);
    }

    /** How many operations the batch holds. */
    public int size() {
        return operations.size();
    }

    /** Whether the batch holds no operation. */
    public boolean isEmpty() {
        return operations.isEmpty();
    }

    /**
     * Checks a key given to the store: not null, at most {@link RecordCodec#MAX_KEY_SIZE} bytes
     * (an empty key is a key like any other).
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static void checkKey(byte[] key) {
        if (key == null) {
            throw new IllegalArgumentException("the key is null: a key is an array of 0 to "
                    + RecordCodec.MAX_KEY_SIZE + " bytes");
        }
        if (key.length > RecordCodec.MAX_KEY_SIZE) {
            throw new IllegalArgumentException("a key of " + key.length + " bytes is over the limit of "
                    + RecordCodec.MAX_KEY_SIZE + " bytes (RecordCodec.MAX_KEY_SIZE)");
        }
    }

    /**
     * Checks a value given to the store: not null, at most {@link RecordCodec#MAX_VALUE_SIZE} bytes.
     *
     * @throws IllegalArgumentException naming the problem
     */
    public static void checkValue(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("the value is null: to delete a key use delete; an empty value is "
                    + "new byte[0]");
        }
        if (value.length > RecordCodec.MAX_VALUE_SIZE) {
            throw new IllegalArgumentException("a value of " + value.length + " bytes is over the limit of "
                    + RecordCodec.MAX_VALUE_SIZE + " bytes (RecordCodec.MAX_VALUE_SIZE)");
        }
    }
}
