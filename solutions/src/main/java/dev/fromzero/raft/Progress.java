//@ chapter 4
package dev.fromzero.raft;

/**
 * What a leader knows about one follower: the next index to send it and the highest index known
 * to match. {@code next} moves only on the follower's answers, so a lost message is simply sent
 * again with the next heartbeat; {@code active} records whether the follower answered since the
 * last quorum check (step 5); {@code round}, the latest read round it answered (step 7).
 */
final class Progress {

    long next;
    long match;
    boolean active;
    /** The latest read round the follower answered (step 7). */
    long round;

    Progress(long next) {
        this.next = next;
    }
}
