package dev.fromzero.kv;

/**
 * The steps of a merge at which a test may crash the store, in the order a merge reaches them.
 * A store calls {@link Faults#reached} with each one as it passes it (see
 * {@link StoreOptions#faults()}); a crash there, followed by a reopen, must give exactly the
 * state the store had, with no write lost, no deleted key back, and nothing twice.
 *
 * <p>The layout these steps build is in {@code docs/chapter03-merge.md#the-files-during-a-merge}.
 */
public enum FaultPoint {
    /** After each live record appended to the merge's output in {@code merge/}, before it is synced. */
    WRITING_MERGED_DATA,
    /** Every merged data file is written and synced; their hint files exist only under temporary names ({@code .hint.tmp}). */
    BEFORE_HINTS,
    /** Every hint file is written and synced; the merge has no completion marker yet. */
    AFTER_HINTS,
    /** About to write the completion marker {@code merge/MERGED}. */
    BEFORE_MARKER,
    /** The completion marker is durable: from here on the merge is committed and a reopen finishes it. */
    AFTER_MARKER,
    /** After each merged data file (and its hint) moved from {@code merge/} into the store's directory. */
    INSTALLING,
    /** After each old segment (and its hint, if any) deleted, oldest first. */
    REMOVING_OLD,
    /** Every old segment is gone; the marker is about to become the store's {@code MERGED} record. */
    AFTER_INSTALL
}
