package dev.fromzero.raft.sim;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The simulated network between nodes {@code 1..n}: it carries encoded messages (bytes, never
 * objects, so nodes share nothing) with the delays, losses and duplicates of its
 * {@link NetworkProfile}, and it can be cut: a node disconnected from everyone, a partition into
 * groups, or a single direction of a single link (asymmetric and one-way partitions).
 *
 * <p>A message passes a link only if the link is up both when it is sent and when it arrives: a
 * partition that forms while a message is in flight loses it, as a cable pulled mid-transfer would.
 * All randomness comes from the simulation's one generator, in the order messages are sent.
 */
public final class Network {

    /** Where messages that made it across arrive. */
    public interface Receiver {
        void deliver(int from, int to, byte[] message);
    }

    private final int size;
    private final VirtualClock clock;
    private final Random random;
    private final Trace trace;
    private final Receiver receiver;
    private final boolean[] disconnected;
    /** blocked[from][to]: the one direction from -> to is cut. */
    private final boolean[][] blocked;
    private final TreeMap<String, Long> sentByKind = new TreeMap<>();
    private NetworkProfile profile = NetworkProfile.reliable();
    private long sent;
    private long bytes;

    Network(int size, VirtualClock clock, Random random, Trace trace, Receiver receiver) {
        this.size = size;
        this.clock = clock;
        this.random = random;
        this.trace = trace;
        this.receiver = receiver;
        this.disconnected = new boolean[size + 1];
        this.blocked = new boolean[size + 1][size + 1];
    }

    /**
     * Sends one encoded message; {@code reply} says whether it answers another (only replies are
     * held back, as in MIT's network), {@code kind} and {@code description} are for counts and the trace.
     */
    void send(int from, int to, byte[] message, boolean reply, String kind, String description) {
        sent++;
        bytes += message.length;
        sentByKind.merge(kind, 1L, Long::sum);
        String link = "n" + from + " -> n" + to;
        if (!passes(from, to)) {
            trace.add(clock.now(), link, description + "  (cut: not sent)");
            return;
        }
        if (random.nextDouble() < profile.dropRate()) {
            trace.add(clock.now(), link, description + "  (lost)");
            return;
        }
        long delay = delay(reply);
        boolean twice = random.nextDouble() < profile.duplicateRate();
        trace.add(clock.now(), link, description + "  (arrives in " + delay + " ms" + (twice ? ", twice" : "") + ")");
        schedule(from, to, message, delay);
        if (twice) {
            schedule(from, to, message.clone(), delay(reply));
        }
    }

    private long delay(boolean reply) {
        long delay = profile.minDelayMs() + random.nextInt(profile.maxDelayMs() - profile.minDelayMs() + 1);
        if (reply && profile.holdBackRate() > 0 && random.nextDouble() < profile.holdBackRate()) {
            delay += 200 + random.nextInt(1 + random.nextInt(profile.maxHoldBackMs() + 1));
        }
        return delay;
    }

    private void schedule(int from, int to, byte[] message, long delay) {
        clock.schedule(delay, () -> {
            if (passes(from, to)) {
                receiver.deliver(from, to, message);
            }
        });
    }

    /** Whether a message from {@code from} to {@code to} would get through the cuts now. */
    public boolean passes(int from, int to) {
        return !disconnected[from] && !disconnected[to] && !blocked[from][to];
    }

    /** Switches to {@code profile} for messages sent from now on. */
    public void use(NetworkProfile profile) {
        this.profile = profile;
        trace.add(clock.now(), "net", "profile " + profile);
    }

    public NetworkProfile profile() {
        return profile;
    }

    /** Cuts {@code node} off from every other node, both ways. */
    public void disconnect(int node) {
        check(node);
        disconnected[node] = true;
        trace.add(clock.now(), "net", "DISCONNECT n" + node);
    }

    /** Undoes {@link #disconnect}; one-way cuts of its links stay. */
    public void connect(int node) {
        check(node);
        disconnected[node] = false;
        trace.add(clock.now(), "net", "CONNECT n" + node);
    }

    public boolean isConnected(int node) {
        check(node);
        return !disconnected[node];
    }

    /** Cuts the one direction {@code from -> to}: {@code to} still reaches {@code from}. */
    public void block(int from, int to) {
        check(from);
        check(to);
        blocked[from][to] = true;
        trace.add(clock.now(), "net", "BLOCK n" + from + " -> n" + to + " (one way)");
    }

    /** Splits the nodes into groups that reach each other only within a group; nodes in no group reach nobody. */
    @SafeVarargs
    public final void partition(Set<Integer>... groups) {
        int[] groupOf = new int[size + 1];
        for (int g = 0; g < groups.length; g++) {
            for (int node : groups[g]) {
                check(node);
                groupOf[node] = g + 1;
            }
        }
        for (int from = 1; from <= size; from++) {
            for (int to = 1; to <= size; to++) {
                blocked[from][to] = from != to && (groupOf[from] == 0 || groupOf[from] != groupOf[to]);
            }
        }
        StringBuilder described = new StringBuilder();
        for (Set<Integer> group : groups) {
            described.append(' ').append(new java.util.TreeSet<>(group));
        }
        trace.add(clock.now(), "net", "PARTITION" + described);
    }

    /** Removes every cut: all nodes reach each other again. */
    public void heal() {
        Arrays.fill(disconnected, false);
        for (boolean[] row : blocked) {
            Arrays.fill(row, false);
        }
        trace.add(clock.now(), "net", "HEAL: every link up");
    }

    /** Messages sent so far, including lost and cut ones. */
    public long messagesSent() {
        return sent;
    }

    /** Bytes of the messages sent so far. */
    public long bytesSent() {
        return bytes;
    }

    /** Messages sent so far, by kind (the message's record name). */
    public TreeMap<String, Long> messagesByKind() {
        return new TreeMap<>(sentByKind);
    }

    private void check(int node) {
        if (node < 1 || node > size) {
            throw new IllegalArgumentException("no node " + node + ": nodes are numbered 1 to " + size);
        }
    }
}
