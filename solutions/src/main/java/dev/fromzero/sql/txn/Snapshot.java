//@ chapter 5
package dev.fromzero.sql.txn;

import java.util.Set;

/**
 * What one transaction sees: the versions written by transactions that had committed when it
 * began. {@code version} is the transaction's own version (every transaction that began before
 * it has a smaller one, every later one a larger one); {@code active} holds the versions of the
 * transactions that were running when it began, which may commit later but stay invisible.
 *
 * <p>{@code xmin} is the smallest of {@code version} and {@code active}: every version below it
 * belongs to a transaction that had ended when this one began, so a stored version below it is
 * visible without looking at the set (PostgreSQL's snapshots keep the same bound). Most reads stop
 * there, and a lone session never needs more.
 */
public record Snapshot(long version, Set<Long> active, long xmin) {

    public Snapshot {
        active = Set.copyOf(active);
    }

    /** The snapshot of a transaction of version {@code version} that began while {@code active} ran. */
    static Snapshot of(long version, Set<Long> active) {
        long xmin = version;
        for (long running : active) {
            xmin = Math.min(xmin, running);
        }
        return new Snapshot(version, active, xmin);
    }

    /**
     * Whether a committed version stored in the key-value store is visible to this snapshot. (The
     * transaction's own writes are not in the store until it commits: it reads them from its own
     * buffer, so this is never asked about {@code version} itself.)
     */
    public boolean isVisible(long stored) {
        if (stored < xmin) {
            return true;
        }
        //@ todo 5: A version is visible if its transaction began before this one and was not running then (docs/chapter05-sql.md#step-11-transactions)
        return stored < version && !active.contains(stored);
        //@ end
    }
}
