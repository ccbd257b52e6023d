package dev.fromzero.kv;

import java.util.Objects;

/**
 * How a {@link KvStore} behaves. Immutable: each {@code with...} returns new options.
 *
 * @param durability when writes reach the disk; see {@link Durability}
 * @param mergePolicy when the store merges on its own (chapter 3)
 * @param faults a test's hook into the steps of a merge; {@link Faults#none()} but in tests
 * @param maxSegmentBytes the size at which the log starts a new segment file (chapter 1)
 */
public record StoreOptions(
        Durability durability,
        MergePolicy mergePolicy,
        Faults faults,
        long maxSegmentBytes) {

    /** 64 MiB segments. */
    public static final long DEFAULT_MAX_SEGMENT_BYTES = 64L * 1024 * 1024;

    /** Positions in the keydir keep a segment offset in 40 bits: a segment holds less than 1 TiB. */
    public static final long MAX_SEGMENT_BYTES = 1L << 40;

    public StoreOptions {
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(mergePolicy, "mergePolicy");
        Objects.requireNonNull(faults, "faults");
        if (maxSegmentBytes <= 0 || maxSegmentBytes >= MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("maxSegmentBytes must be between 1 and " + (MAX_SEGMENT_BYTES - 1)
                    + ", was " + maxSegmentBytes);
        }
    }

    /** These durability and segment options, with the default merge policy and no faults. */
    public StoreOptions(Durability durability, long maxSegmentBytes) {
        this(durability, MergePolicy.defaults(), Faults.none(), maxSegmentBytes);
    }

    /** Sync on every write ({@link Durability#always()}), 64 MiB segments. */
    public static StoreOptions defaults() {
        return new StoreOptions(Durability.always(), DEFAULT_MAX_SEGMENT_BYTES);
    }

    /** These options with another durability. */
    public StoreOptions withDurability(Durability durability) {
        return new StoreOptions(durability,
                mergePolicy, faults,
                maxSegmentBytes);
    }

    /** These options with another segment size. */
    public StoreOptions withMaxSegmentBytes(long bytes) {
        return new StoreOptions(durability,
                mergePolicy, faults,
                bytes);
    }

    /** These options with another merge policy. */
    public StoreOptions withMergePolicy(MergePolicy policy) {
        return new StoreOptions(durability, policy, faults, maxSegmentBytes);
    }

    /** These options with a test's hook into the steps of a merge. */
    public StoreOptions withFaults(Faults hook) {
        return new StoreOptions(durability, mergePolicy, hook, maxSegmentBytes);
    }
}
