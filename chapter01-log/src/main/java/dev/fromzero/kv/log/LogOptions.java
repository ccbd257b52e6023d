package dev.fromzero.kv.log;

/**
 * How a {@link Log} behaves.
 *
 * @param maxSegmentBytes the size at which the log starts a new segment file. A record or batch
 *     never spans two segments, so a segment may exceed this by up to one record or batch; one
 *     larger than the limit gets a segment of its own.
 */
public record LogOptions(long maxSegmentBytes) {

    /** 64 MiB segments. */
    public static final long DEFAULT_MAX_SEGMENT_BYTES = 64L * 1024 * 1024;

    public LogOptions {
        if (maxSegmentBytes <= 0) {
            throw new IllegalArgumentException("maxSegmentBytes must be positive, was " + maxSegmentBytes);
        }
    }

    /** The defaults: {@value #DEFAULT_MAX_SEGMENT_BYTES}-byte segments. */
    public static LogOptions defaults() {
        return new LogOptions(DEFAULT_MAX_SEGMENT_BYTES);
    }

    /** These options with another segment size. */
    public LogOptions withMaxSegmentBytes(long bytes) {
        return new LogOptions(bytes);
    }
}
