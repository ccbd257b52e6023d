package dev.fromzero.kv;

/**
 * A test's hook into the steps of a merge: the store calls {@link #reached} at each
 * {@link FaultPoint} it passes. A test crashes the store there (halting its JVM, or throwing), or
 * pauses it to write concurrently. Production code uses {@link #none()}.
 */
@FunctionalInterface
public interface Faults {

    /** Called by the store as it passes {@code point}. Whatever this throws, the store's merge throws. */
    void reached(FaultPoint point);

    /** No faults: every point passes. */
    static Faults none() {
        return NONE;
    }

    /** The shared do-nothing hook. */
    Faults NONE = point -> { };
}
