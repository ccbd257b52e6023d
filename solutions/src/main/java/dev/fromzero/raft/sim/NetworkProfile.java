//@ chapter 4
package dev.fromzero.raft.sim;

/**
 * How the simulated network treats each message: its delay, and the chances that it is lost,
 * delivered twice, or held back for a long time. Delays differ per message, so messages overtake
 * each other: reordering needs no setting of its own.
 *
 * <p>The presets follow MIT 6.5840's lab network: {@link #unreliable()} delays a message 0 to 27
 * ms and drops 10% of messages; {@link #longReordering()} holds back two thirds of replies by 200
 * to 2,200 ms. MIT's network never duplicates; ours duplicates some, which only makes it harsher.
 *
 * @param minDelayMs shortest delay of a message, in virtual milliseconds
 * @param maxDelayMs longest delay of a message that is not held back
 * @param dropRate chance that a message is lost, from 0 to 1
 * @param duplicateRate chance that a delivered message is delivered a second time, later
 * @param holdBackRate chance that a reply (an answer to a request) is held back a long time
 * @param maxHoldBackMs the longest hold-back; a held-back message waits 200 ms plus up to this
 */
public record NetworkProfile(int minDelayMs, int maxDelayMs, double dropRate, double duplicateRate,
                             double holdBackRate, int maxHoldBackMs) {

    public NetworkProfile {
        if (minDelayMs < 0 || maxDelayMs < minDelayMs) {
            throw new IllegalArgumentException("delays must satisfy 0 <= min <= max, not min=" + minDelayMs + " max=" + maxDelayMs);
        }
        checkRate("dropRate", dropRate);
        checkRate("duplicateRate", duplicateRate);
        checkRate("holdBackRate", holdBackRate);
        if (maxHoldBackMs < 0) {
            throw new IllegalArgumentException("maxHoldBackMs must be >= 0, not " + maxHoldBackMs);
        }
    }

    private static void checkRate(String name, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, not " + rate);
        }
    }

    @Override
    public String toString() {
        return String.format("delay %d-%d ms, %.0f%% lost, %.0f%% twice%s", minDelayMs, maxDelayMs, dropRate * 100,
                duplicateRate * 100, holdBackRate == 0 ? "" : String.format(", %.0f%% of replies held back up to %d ms",
                        holdBackRate * 100, 200 + maxHoldBackMs));
    }

    /** Every message arrives once, after 1 to 5 ms. */
    public static NetworkProfile reliable() {
        return new NetworkProfile(1, 5, 0, 0, 0, 0);
    }

    /** MIT's unreliable network: 0 to 27 ms, 10% lost; and 2% delivered twice. */
    public static NetworkProfile unreliable() {
        return new NetworkProfile(0, 27, 0.10, 0.02, 0, 0);
    }

    /** MIT's long reordering on top of this profile: two thirds of replies held back 200 to 2,200 ms. */
    public NetworkProfile withLongReordering() {
        return new NetworkProfile(minDelayMs, maxDelayMs, dropRate, duplicateRate, 2.0 / 3, 2000);
    }

    /** The unreliable network with long reordering, as MIT's Figure 8 (unreliable) test runs it. */
    public static NetworkProfile longReordering() {
        return unreliable().withLongReordering();
    }
}
