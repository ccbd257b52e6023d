package dev.fromzero.raft.sim;

import dev.fromzero.raft.Entry;
import dev.fromzero.raft.Message;
import dev.fromzero.raft.MessageCodec;
import dev.fromzero.raft.Proposal;
import dev.fromzero.raft.RaftConfig;
import dev.fromzero.raft.RaftNode;
import dev.fromzero.raft.RaftStorage;
import dev.fromzero.raft.Role;
import dev.fromzero.raft.Snapshot;
import dev.fromzero.raft.Transport;
import dev.fromzero.raft.storage.LogStorage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A Raft cluster in one thread and virtual time: real nodes (the learner's replicas on real
 * files, or for steps 1 and 2 bare nodes on in-memory storage, see {@link Runner}) joined by a
 * simulated {@link Network}, driven by a {@link VirtualClock}. A scenario starts
 * it, runs it for a while, proposes commands, crashes and restarts nodes, cuts links, and looks
 * at the result; the simulation meanwhile checks Raft's safety properties at every step and
 * fails at once, with the trace, when one breaks:
 * <ul>
 *   <li>election safety: at most one leader per term;</li>
 *   <li>state-machine safety: the same entry applied at the same index everywhere, in order, and
 *       only once a majority stores it ({@link SafetyChecker});</li>
 *   <li>durability: a restarted node's storage still holds everything it synced ({@link DurableView}).</li>
 * </ul>
 *
 * <p>Everything random comes from the seed: the network's delays and losses, each node's
 * election timeouts, the crashes' losses. Nothing reads the wall clock, so a failing seed fails
 * again, the same way, every time.
 */
public final class Simulation implements AutoCloseable {

    private final SimConfig config;
    private final ServiceHost host;
    private final VirtualClock clock = new VirtualClock();
    private final Random random;
    private final Trace trace = new Trace(400);
    private final Network network;
    private final SafetyChecker checker;
    private final SimNode[] nodes;
    private final Map<Long, Integer> leaderOfTerm = new HashMap<>();
    private final List<Consumer<Message>> sendWatchers = new ArrayList<>();
    private final PowerFailures failures;

    private Simulation(SimConfig config, int clients, ServiceHost host) {
        this.config = config;
        this.host = host;
        this.random = new Random(config.seed());
        this.network = new Network(config.nodes() + clients, clock, random, trace, this::deliver);
        this.network.use(config.network());
        this.nodes = new SimNode[config.nodes() + 1];
        for (int id = 1; id <= config.nodes(); id++) {
            nodes[id] = new SimNode(id, config.disks() == null);
        }
        this.checker = new SafetyChecker(config.nodes(), (id, entry) -> nodes[id].durable.holds(entry));
        this.failures = new PowerFailures(config.disks(), random, trace, clock, host);
    }

    /** Starts every node of {@code config}'s cluster, from whatever their directories hold. */
    public static Simulation start(SimConfig config) {
        return start(config, 0, null);
    }

    /** Starts a cluster that runs {@code host}'s service, with {@code clients} clients at addresses after the nodes. */
    static Simulation start(SimConfig config, int clients, ServiceHost host) {
        Simulation simulation = new Simulation(config, clients, host);
        for (int id = 1; id <= config.nodes(); id++) {
            simulation.boot(simulation.nodes[id]);
        }
        return simulation;
    }

    // ----- time -----

    /** The current virtual time, in milliseconds. */
    public long now() {
        return clock.now();
    }

    /** Runs every event of the next {@code ms} virtual milliseconds. */
    public void runFor(long ms) {
        long end = clock.now() + ms;
        while (clock.nextEventTime() <= end) {
            clock.runNext();
        }
        clock.advanceTo(end);
    }

    /** Runs until {@code done} holds (checked after each event) or {@code maxMs} have passed; whether it holds. */
    public boolean runUntil(long maxMs, BooleanSupplier done) {
        long end = clock.now() + maxMs;
        while (!done.getAsBoolean()) {
            if (clock.nextEventTime() > end) {
                clock.advanceTo(end);
                return done.getAsBoolean();
            }
            clock.runNext();
        }
        return true;
    }

    // ----- the nodes -----

    /** The number of nodes, numbered 1 to {@link #size()}. */
    public int size() {
        return config.nodes();
    }

    public boolean isUp(int id) {
        return node(id).up();
    }

    /** Node {@code id}'s Raft node, for its accessors (role, term, log), or null while it is down. */
    public RaftNode raft(int id) {
        return node(id).node();
    }

    /** The nodes that are up and believe they lead, in id order. */
    public TreeSet<Integer> leaders() {
        TreeSet<Integer> leaders = new TreeSet<>();
        for (int id = 1; id <= size(); id++) {
            RaftNode raft = raft(id);
            if (raft != null && raft.role() == Role.LEADER) {
                leaders.add(id);
            }
        }
        return leaders;
    }

    /** The index of the last entry node {@code id}'s state machine has applied (0 while down). */
    public long appliedIndex(int id) {
        SimNode node = node(id);
        return node.up() ? node.machine.lastIndex() : 0;
    }

    /** The entry applied at {@code index} (by every node that applied it), or null if no node has yet. */
    public Entry appliedEntry(long index) {
        return checker.chosen(index);
    }

    /** The highest index any node has applied. */
    public long highestApplied() {
        return checker.highestApplied();
    }

    /** Proposes {@code command} to node {@code id}, which must be up. */
    public Proposal propose(int id, byte[] command) {
        Proposal[] result = new Proposal[1];
        trace.add(now(), node(id).name(), "client proposes " + Describe.command(command));
        call(requireUp(id), replica -> result[0] = replica.propose(command));
        return result[0] == null ? new Proposal.NotLeader(RaftNode.NONE) : result[0];
    }

    /** Asks node {@code from}, which must be up, to hand leadership to {@code to}. */
    public void transferLeadership(int from, int to) {
        trace.add(now(), node(from).name(), "asked to transfer leadership to n" + to);
        call(requireUp(from), replica -> replica.transferLeadership(to));
    }

    // ----- faults -----

    public Network network() {
        return network;
    }

    /** Node {@code id}'s machine loses power: it stops, and of its unsynced writes a random part survives, perhaps torn. */
    public void crash(int id) {
        failures.cut(requireUp(id), false);
    }

    /** Node {@code id}'s machine loses power and every write it did not sync. */
    public void crashLosingUnsynced(int id) {
        failures.cut(requireUp(id), true);
    }

    /** Starts node {@code id} again from what its disk holds. */
    public void restart(int id) {
        SimNode node = node(id);
        if (node.up()) {
            throw new IllegalStateException(node.name() + " is up: crash it before restarting it");
        }
        boot(node);
    }

    /**
     * From now on, a node that sends a message for which {@code when} holds loses power right after
     * handing it to the network, losing every unsynced write: the test of persist-before-send.
     */
    public void crashOnSend(BiPredicate<Integer, Message> when) {
        failures.crashOnSend(when);
    }

    /** From now on, each sync of a node's storage is, with {@code probability}, cut short by a power cut before it reaches the disk. */
    public void crashDuringSync(double probability) {
        failures.crashDuringSync(probability);
    }

    /** How many times a node has crashed so far, by the scenario's hand or by a crash hook. */
    public int crashes() {
        return failures.count();
    }

    /** Calls {@code watcher} with every message a node sends, before the network decides its fate: for counting. */
    public void watchSends(Consumer<Message> watcher) {
        sendWatchers.add(watcher);
    }

    // ----- failures -----

    /** The seed, the replay command and the trace: what a failure must print. */
    public String report() {
        return "seed " + config.seed() + "; replay with: " + config.replay() + "\nthe last events, in virtual time:\n"
                + trace.render();
    }

    /** Fails the run now: {@code what} went wrong, with the {@link #report()}. */
    public SimulationFailure fail(String what) {
        return new SimulationFailure(what + "\n" + report());
    }

    private SimulationFailure fail(String what, Throwable cause) {
        return new SimulationFailure(what + "\n" + report(), cause);
    }

    /** Notes a scenario's own step in the trace. */
    public void note(String what) {
        trace.add(now(), "test", what);
    }

    @Override
    public void close() {
        for (int id = 1; id <= size(); id++) {
            SimNode node = nodes[id];
            if (node.up()) {
                node.storage.close();
                node.runner = null;
                if (host != null) {
                    host.crashed(id);
                }
            }
        }
    }

    // ----- the machinery -----

    private SimNode node(int id) {
        if (id < 1 || id > size()) {
            throw new IllegalArgumentException("no node " + id + ": nodes are numbered 1 to " + size());
        }
        return nodes[id];
    }

    private SimNode requireUp(int id) {
        SimNode node = node(id);
        if (!node.up()) {
            throw new IllegalStateException(node.name() + " is down: restart it first");
        }
        return node;
    }

    private void boot(SimNode node) {
        node.incarnation++;
        int incarnation = node.incarnation;
        trace.add(now(), node.name(), incarnation == 1 ? "START" : "RESTART (incarnation " + incarnation + ")");
        RaftStorage storage = node.memory != null ? node.memory : LogStorage.open(config.disks().directory(node.id));
        node.storage = new WatchedStorage(storage, node.durable, () -> failures.duringSync(node));
        node.machine = new SimStateMachine(new SimStateMachine.Observer() {
            @Override
            public void applied(Entry entry) {
                onApply(node, incarnation, entry);
            }

            @Override
            public void restored(Snapshot snapshot) {
                check(checker.restored(node.id, snapshot.lastIndex(), snapshot.data()));
            }
        });
        checker.restarted(node.id);
        long nodeSeed = new Random(config.seed() * 31 + node.id * 1_000_003L + incarnation).nextLong();
        try {
            RaftConfig raftConfig = config.raftConfig(node.id, nodeSeed);
            Transport transport = message -> send(node, message);
            node.runner = host != null ? host.boot(node.id, raftConfig, node.storage, transport, node.machine.asTap(checker))
                    : node.memory != null
                    ? Runner.direct(raftConfig, node.storage, transport, node.machine)
                    : Runner.replica(raftConfig, node.storage, transport, node.machine);
        } catch (SimulationFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw fail(node.name() + " could not start from its storage: " + e, e);
        }
        String lost = node.storage.lostOnRestart();
        if (lost != null) {
            throw fail(node.name() + "'s storage did not keep what it had synced before the crash: " + lost
                    + ". A sync must make every earlier write durable.");
        }
        node.forgetSeen();
        observe(node);
        clock.schedule(random.nextInt(config.tickMs()), () -> tick(node, incarnation));
    }

    // ----- for a service's host -----

    VirtualClock clock() {
        return clock;
    }

    Random random() {
        return random;
    }

    /** Sends bytes between a client and a node through the network. */
    void sendRaw(int from, int to, byte[] bytes, boolean reply, String kind, String description) {
        network.send(from, to, bytes, reply, kind, description);
    }

    /** Runs {@code action} on node {@code id}'s runner if it is up, as a delivery would. */
    void callUp(int id, Consumer<Runner> action) {
        SimNode node = node(id);
        if (node.up()) {
            call(node, action);
        }
    }

    private void tick(SimNode node, int incarnation) {
        if (node.up() && node.incarnation == incarnation) {
            call(node, Runner::tick);
            clock.schedule(config.tickMs(), () -> tick(node, incarnation));
        }
    }

    private void deliver(int from, int to, byte[] bytes) {
        if (from > size() || to > size()) {
            host.deliver(from, to, bytes);
            return;
        }
        SimNode node = nodes[to];
        if (!node.up()) {
            return;
        }
        Message message;
        try {
            message = MessageCodec.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw fail("a message from n" + from + " to n" + to + " does not decode: " + e.getMessage(), e);
        }
        trace.add(now(), "n" + from + " => n" + to, Describe.message(message));
        call(node, replica -> replica.receive(message));
    }

    private void send(SimNode node, Message message) {
        if (message.from() != node.id || message.to() == node.id || message.to() < 1 || message.to() > size()) {
            throw fail(node.name() + " sent a message from n" + message.from() + " to n" + message.to()
                    + ": a node sends as itself, to another node of the cluster");
        }
        for (Consumer<Message> watcher : sendWatchers) {
            watcher.accept(message);
        }
        boolean reply = message instanceof Message.RequestVoteResponse || message instanceof Message.AppendEntriesResponse
                || message instanceof Message.InstallSnapshotResponse;
        network.send(node.id, message.to(), MessageCodec.encode(message), reply, message.getClass().getSimpleName(),
                Describe.message(message));
        failures.afterSend(node, message);
    }

    private void onApply(SimNode node, int incarnation, Entry entry) {
        check(checker.applied(node.id, entry));
        if (config.snapshotEvery() > 0 && entry.index() % config.snapshotEvery() == 0) {
            byte[] snapshot = node.machine.snapshot();
            clock.schedule(0, () -> {
                if (node.up() && node.incarnation == incarnation) {
                    trace.add(now(), node.name(), "snapshot through " + entry.index());
                    call(node, replica -> replica.compact(entry.index(), snapshot));
                }
            });
        }
    }

    private void check(String violation) {
        if (violation != null) {
            throw fail(violation);
        }
    }

    /** Calls into a node's replica; a crash in the middle ends the call, any other failure fails the run. */
    private void call(SimNode node, Consumer<Runner> action) {
        try {
            action.accept(node.runner);
        } catch (PowerFailures.Crashed crashed) {
            return;
        } catch (SimulationFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw fail(node.name() + " threw " + e, e);
        }
        observe(node);
    }

    /** Traces what changed in the node, and checks that no term gets a second leader. */
    private void observe(SimNode node) {
        check(node.observe(trace, now(), leaderOfTerm));
    }
}
