package dev.fromzero.kv.log;

/**
 * How a {@link Log} behaves.
 *
 * @param maxSegmentBytes the most bytes a segment file holds. A record or batch never spans two
 *     segments: if appending it would take a non-empty active segment past this size, the log
 *     starts a new segment first. So a segment is larger than this only when it holds a single
 *     record or batch that is.
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
