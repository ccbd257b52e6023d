package dev.fromzero.kv.log;

/**
 * What a record means. The code is the low seven bits of the type byte on disk; the eighth bit
 * marks a member of a batch (see {@link RecordCodec}).
 */
public enum RecordType {
    /** Sets a key to a value. */
    PUT(1),
    /** Deletes a key. It carries no value; a put of an empty value is something else. */
    TOMBSTONE(2),
    /** Ends a batch: the batch's members before it take effect together, or not at all. */
    BATCH_COMMIT(3);

    private final int code;

    RecordType(int code) {
        this.code = code;
    }

    /** The code written on disk. */
    public int code() {
        return code;
    }

    /** The type with this code, or {@code null} if no type has it (a sign of corruption). */
    public static RecordType fromCode(int code) {
        for (RecordType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
