package dev.fromzero.raft.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.raft.Entry;
import dev.fromzero.raft.Proposal;
import dev.fromzero.raft.RaftNode;
import dev.fromzero.raft.Role;
import dev.fromzero.raft.sim.Simulation;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;

/**
 * What a scenario does to a simulated cluster, in the words of MIT 6.5840's test harness
 * ({@code config.go}): wait for one leader, agree on a command ({@link #one}), count how many
 * nodes applied an index, crash, restart, disconnect. Times are virtual milliseconds; a node
 * ticks every 10, campaigns after 10 to 20 ticks of silence, and a leader heartbeats every 2.
 */
final class Cluster implements AutoCloseable {

    /** The longest election timeout: 20 ticks of 10 ms. A node that hears nothing for this long campaigns. */
    static final long ELECTION_TIMEOUT_MS = 200;
    /** Long enough for several elections, even over an unreliable network. */
    static final long ELECTION_WAIT_MS = 5_000;
    /** How long {@link #one} tries before it gives up, as MIT's harness does. */
    static final long AGREEMENT_WAIT_MS = 10_000;

    private final Simulation sim;
    private final Random random;
    private int commands;

    Cluster(Simulation sim, long seed) {
        this.sim = sim;
        this.random = new Random(seed ^ 0x5DEECE66DL);
    }

    Simulation sim() {
        return sim;
    }

    /** The scenario's own randomness (which node to crash, and so on), drawn from the run's seed. */
    Random random() {
        return random;
    }

    int size() {
        return sim.size();
    }

    boolean connected(int node) {
        return sim.isUp(node) && sim.network().isConnected(node);
    }

    // ----- leaders and terms -----

    /**
     * Runs until a connected node leads and every connected node has heard of its term, and
     * returns it; fails if that does not happen within {@link #ELECTION_WAIT_MS}.
     */
    int checkOneLeader() {
        int[] found = {0};
        boolean elected = sim.runUntil(ELECTION_WAIT_MS, () -> (found[0] = currentLeader()) != RaftNode.NONE);
        assertThat(elected)
                .as("a connected majority must elect a leader, and every connected node hear of it, within %d ms "
                        + "(terms of the nodes that are up: %s)", ELECTION_WAIT_MS, terms())
                .isTrue();
        return found[0];
    }

    /** The connected leader whose term every connected node is in, or NONE. */
    int currentLeader() {
        int leader = RaftNode.NONE;
        long term = -1;
        for (int id = 1; id <= size(); id++) {
            if (connected(id)) {
                RaftNode raft = sim.raft(id);
                if (term != -1 && raft.term() != term) {
                    return RaftNode.NONE;
                }
                term = raft.term();
                if (raft.role() == Role.LEADER) {
                    leader = id;
                }
            }
        }
        return leader;
    }

    /** Runs {@code ms} and checks that no connected node believes it leads. */
    void checkNoLeader(long ms) {
        sim.runFor(ms);
        for (int id = 1; id <= size(); id++) {
            if (connected(id)) {
                assertThat(sim.raft(id).role())
                        .as("n%d leads, but it cannot reach a majority: no leader may be elected without one", id)
                        .isNotEqualTo(Role.LEADER);
            }
        }
    }

    /** The term every connected node is in; fails if they disagree. */
    long checkTerms() {
        long term = -1;
        for (int id = 1; id <= size(); id++) {
            if (connected(id)) {
                long t = sim.raft(id).term();
                if (term == -1) {
                    term = t;
                }
                assertThat(t).as("connected nodes must agree on the term once a leader is in place: %s", terms()).isEqualTo(term);
            }
        }
        return term;
    }

    /** Each up node's term, for failure messages. */
    TreeMap<Integer, Long> terms() {
        TreeMap<Integer, Long> terms = new TreeMap<>();
        for (int id = 1; id <= size(); id++) {
            if (sim.isUp(id)) {
                terms.put(id, sim.raft(id).term());
            }
        }
        return terms;
    }

    // ----- agreement -----

    /** A command no other command of this run equals. */
    byte[] command() {
        return ("cmd-" + (++commands) + "-" + Integer.toHexString(random.nextInt())).getBytes(StandardCharsets.US_ASCII);
    }

    /** A command of {@code bytes} bytes, unique in this run. */
    byte[] command(int bytes) {
        byte[] command = Arrays.copyOf(command(), Math.max(bytes, 16));
        for (int i = 16; i < command.length; i++) {
            command[i] = (byte) ('a' + random.nextInt(26));
        }
        return command;
    }

    /** How many up nodes have applied index {@code index}. */
    int nCommitted(long index) {
        int count = 0;
        for (int id = 1; id <= size(); id++) {
            if (sim.appliedIndex(id) >= index) {
                count++;
            }
        }
        return count;
    }

    /** Whether {@code command} is what was applied at {@code index}. */
    boolean appliedAt(long index, byte[] command) {
        Entry entry = sim.appliedEntry(index);
        return entry != null && Arrays.equals(entry.command(), command);
    }

    /**
     * MIT's {@code one()}: offers {@code command} to each up node in turn until a leader takes it,
     * then waits up to 2 s for {@code expected} nodes to apply it. With {@code retry}, a command
     * that a deposed leader took and lost is offered again. Returns its index; fails if it is not
     * agreed within {@link #AGREEMENT_WAIT_MS}.
     */
    long one(byte[] command, int expected, boolean retry) {
        long deadline = sim.now() + AGREEMENT_WAIT_MS;
        int start = 1;
        while (sim.now() < deadline) {
            long index = -1;
            for (int k = 0; k < size() && index < 0; k++) {
                int id = (start + k - 1) % size() + 1;
                if (connected(id) && sim.propose(id, command) instanceof Proposal.Accepted accepted) {
                    index = accepted.index();
                }
            }
            start = start % size() + 1;
            if (index >= 0) {
                long at = index;
                sim.runUntil(2_000, () -> nCommitted(at) >= expected && appliedAt(at, command));
                if (nCommitted(at) >= expected && appliedAt(at, command)) {
                    return at;
                }
                assertThat(retry)
                        .as("command %s was accepted at index %d but %d nodes did not apply it within 2 s (applied by %d)",
                                new String(command, StandardCharsets.US_ASCII), at, expected, nCommitted(at))
                        .isTrue();
            } else {
                sim.runFor(50);
            }
        }
        throw new AssertionError("no agreement on " + new String(command, StandardCharsets.US_ASCII) + " among "
                + expected + " nodes within " + AGREEMENT_WAIT_MS + " ms (terms: " + terms() + ")");
    }

    /**
     * Proposes {@code command} to {@code leader} and returns its index, or -1 if it is no longer
     * leader (MIT's {@code Start}).
     */
    long start(int leader, byte[] command) {
        return sim.propose(leader, command) instanceof Proposal.Accepted accepted ? accepted.index() : -1;
    }

    // ----- faults -----

    void crash(int node) {
        sim.crash(node);
    }

    void restart(int node) {
        sim.restart(node);
    }

    void disconnect(int node) {
        sim.network().disconnect(node);
    }

    void connect(int node) {
        sim.network().connect(node);
    }

    /** Restarts every node that is down (crashed by the scenario or by the simulator's crash hooks). */
    void restartAll() {
        for (int id = 1; id <= size(); id++) {
            if (!sim.isUp(id)) {
                sim.restart(id);
            }
        }
    }

    /** Heals the network and restarts every crashed node. */
    void healAll() {
        sim.network().heal();
        restartAll();
    }

    /**
     * Runs {@code ms} in steps of 5 ms; after each step each node that is down restarts with
     * chance {@code restartChance}: for crashes the simulator makes in the middle of a node's work.
     */
    void runRestarting(long ms, double restartChance) {
        for (long t = 0; t < ms; t += 5) {
            sim.runFor(5);
            for (int id = 1; id <= size(); id++) {
                if (!sim.isUp(id) && random.nextDouble() < restartChance) {
                    sim.restart(id);
                }
            }
        }
    }

    /** {@code count} distinct random nodes. */
    int[] pick(int count) {
        int[] all = new int[size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i + 1;
        }
        for (int i = all.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return Arrays.copyOf(all, count);
    }

    @Override
    public void close() {
        sim.close();
    }
}
