package dev.fromzero.kv;

/**
 * When a {@link KvStore} merges on its own. {@link KvStore#merge()} always works when called by
 * hand; with {@code automatic}, the store also starts a merge in the background after the log
 * seals a segment, when both hold:
 * <ul>
 *   <li>the sealed segments (every segment but the active one) hold at least {@code minDeadBytes}
 *       dead bytes, and those are at least {@code deadRatio} of their size;
 *   <li>the disk has room: after writing the merge's output (at most the sealed segments' live
 *       bytes, plus their hint files) at least {@code minFreeBytes} stay free.
 * </ul>
 *
 * @param automatic whether the store merges on its own
 * @param deadRatio the share of dead bytes in the sealed segments that starts a merge, in (0, 1]
 * @param minDeadBytes the fewest dead bytes worth a merge
 * @param minFreeBytes the free disk space a merge must leave
 */
public record MergePolicy(boolean automatic, double deadRatio, long minDeadBytes, long minFreeBytes) {

    public MergePolicy {
        if (!(deadRatio > 0 && deadRatio <= 1)) {
            throw new IllegalArgumentException("deadRatio must be in (0, 1], was " + deadRatio);
        }
        if (minDeadBytes < 0 || minFreeBytes < 0) {
            throw new IllegalArgumentException("minDeadBytes and minFreeBytes must not be negative, were "
                    + minDeadBytes + " and " + minFreeBytes);
        }
    }

    /** Automatic: merge once half of at least 64 MiB of sealed data is dead, leaving 256 MiB free. */
    public static MergePolicy defaults() {
        return new MergePolicy(true, 0.5, 64L << 20, 256L << 20);
    }

    /** Only {@link KvStore#merge()} merges. */
    public static MergePolicy manual() {
        return new MergePolicy(false, 0.5, 64L << 20, 256L << 20);
    }

    /** An automatic policy with these thresholds. */
    public static MergePolicy automatic(double deadRatio, long minDeadBytes, long minFreeBytes) {
        return new MergePolicy(true, deadRatio, minDeadBytes, minFreeBytes);
    }
}
