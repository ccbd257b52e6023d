package dev.fromzero.raft.sim;

import dev.fromzero.raft.Message;
import dev.fromzero.raft.MessageCodec;
import dev.fromzero.raft.Proposal;
import dev.fromzero.raft.RaftConfig;
import dev.fromzero.raft.RaftNode;
import dev.fromzero.raft.RaftStorage;
import dev.fromzero.raft.StateMachine;
import dev.fromzero.raft.Transport;
import dev.fromzero.raft.kv.KvClient;
import dev.fromzero.raft.kv.KvCodec;
import dev.fromzero.raft.kv.KvServer;
import dev.fromzero.raft.kv.KvStateMachine;
import dev.fromzero.raft.kv.Op;
import dev.fromzero.raft.kv.Request;
import dev.fromzero.raft.kv.Response;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The key-value service in the simulator: a {@link KvServer} on every node, on the node's own
 * disk (its Raft storage, and the chapter-3 store in {@code kv/} beside it), and {@code clients}
 * {@link KvClient}s whose requests and answers cross the simulated network like Raft's messages:
 * delayed, lost, duplicated and cut by partitions. Client {@code c} (from 1) has the network
 * address {@link #clientAddress}{@code (c)}, after the nodes, so a scenario can cut clients off
 * too; note that {@link Network#partition} cuts every address it is not given, clients included.
 *
 * <p>Every operation is reported to the {@link HistoryListener} with its virtual call and return
 * times when it returns; those still unanswered when the simulation closes are reported then,
 * with no return time. Everything else (faults, time, the safety checks) is the
 * {@link #simulation()}'s.
 */
public final class KvSimulation implements AutoCloseable {

    /** A running node's server, as the simulation's runner. */
    private record ServerRunner(KvServer server) implements Runner {
        @Override
        public RaftNode node() {
            return server.replica().node();
        }

        @Override
        public void tick() {
            server.tick();
        }

        @Override
        public void receive(Message message) {
            server.receive(message);
        }

        @Override
        public Proposal propose(byte[] command) {
            return server.replica().propose(command);
        }

        @Override
        public void compact(long index, byte[] snapshot) {
            server.replica().compact(index, snapshot);
        }

        @Override
        public void transferLeadership(int to) {
            server.replica().transferLeadership(to);
        }
    }

    /** A client's operation in flight: what it is and when it began. */
    private record Call(Op op, long at) {
    }

    private final SimConfig config;
    private final int snapshotThreshold;
    private final HistoryListener history;
    private final KvClient[] clients;
    private final Call[] calls;
    private final KvStateMachine[] machines;
    private final Simulation simulation;

    private KvSimulation(SimConfig config, int clients, int timeoutTicks, int snapshotThreshold, HistoryListener history) {
        if (config.disks() == null) {
            throw new IllegalArgumentException("the KV service keeps its store on disk: give the simulation Disks");
        }
        if (config.snapshotEvery() != 0) {
            throw new IllegalArgumentException("the KV servers decide when to snapshot (snapshotThreshold): leave snapshotEvery at 0");
        }
        if (clients < 1 || snapshotThreshold < 0) {
            throw new IllegalArgumentException("need at least one client and snapshotThreshold >= 0, got " + clients + " and "
                    + snapshotThreshold);
        }
        this.config = config;
        this.snapshotThreshold = snapshotThreshold;
        this.history = history;
        this.clients = new KvClient[clients + 1];
        this.calls = new Call[clients + 1];
        this.machines = new KvStateMachine[config.nodes() + 1];
        List<Integer> servers = IntStream.rangeClosed(1, config.nodes()).boxed().toList();
        for (int c = 1; c <= clients; c++) {
            int client = c;
            this.clients[c] = new KvClient(c, servers, timeoutTicks, (server, request) -> send(client, server, request));
        }
        this.simulation = Simulation.start(config, clients, new Host());
        for (int c = 1; c <= clients; c++) {
            int client = c;
            simulation.clock().schedule(simulation.random().nextInt(config.tickMs()), () -> tickClient(client));
        }
    }

    /**
     * Starts a cluster of {@code config.nodes()} KV servers and {@code clients} clients.
     *
     * @param timeoutTicks a client's wait for an answer, in ticks of {@code config.tickMs()}, before it tries the next node
     * @param snapshotThreshold a server snapshots once this many entries are applied after its last snapshot; 0 for never
     * @param history told of every operation (may be null)
     */
    public static KvSimulation start(SimConfig config, int clients, int timeoutTicks, int snapshotThreshold,
                                     HistoryListener history) {
        return new KvSimulation(config, clients, timeoutTicks, snapshotThreshold, history);
    }

    /** The cluster: time, faults, nodes and safety checks. */
    public Simulation simulation() {
        return simulation;
    }

    /** The number of clients, numbered 1 to {@link #clients()}. */
    public int clients() {
        return clients.length - 1;
    }

    /** Client {@code client}'s address on the network. */
    public int clientAddress(int client) {
        return config.nodes() + checkClient(client);
    }

    /** Whether client {@code client} has no operation in flight. */
    public boolean idle(int client) {
        return calls[checkClient(client)] == null;
    }

    /**
     * Client {@code client} starts {@code op}; it is reported to the history when it returns.
     *
     * @throws IllegalStateException if the client has an operation in flight
     */
    public void start(int client, Op op) {
        checkClient(client);
        if (calls[client] != null) {
            throw new IllegalStateException("client " + client + " still waits for " + calls[client].op() + ": one operation at a time");
        }
        calls[client] = new Call(op, simulation.now());
        simulation.note("client " + client + " starts " + op);
        clients[client].start(op);
    }

    /** Node {@code id}'s state machine, or null while the node is down. */
    public KvStateMachine machine(int id) {
        return simulation.isUp(id) ? machines[id] : null;
    }

    /** Stops the cluster; operations still in flight are reported with an unknown outcome. */
    @Override
    public void close() {
        for (int c = 1; c < clients.length; c++) {
            if (calls[c] != null) {
                report(c, null, null);
            }
        }
        simulation.close();
    }

    // ----- the machinery -----

    private int checkClient(int client) {
        if (client < 1 || client >= clients.length) {
            throw new IllegalArgumentException("no client " + client + ": clients are numbered 1 to " + clients());
        }
        return client;
    }

    private void tickClient(int client) {
        clients[client].tick();
        simulation.clock().schedule(config.tickMs(), () -> tickClient(client));
    }

    private void send(int client, int server, Request request) {
        simulation.sendRaw(clientAddress(client), server, KvCodec.encodeRequest(request), false, "KvRequest",
                "c" + client + " " + request.op() + " #" + request.seq());
    }

    private void answer(int server, Response response) {
        int client = (int) response.clientId();
        simulation.sendRaw(server, clientAddress(client), KvCodec.encodeResponse(response), true, "KvResponse",
                "to c" + client + ": " + response);
    }

    private void arrived(int address, byte[] bytes) {
        int client = address - config.nodes();
        Response response;
        try {
            response = KvCodec.decodeResponse(bytes);
        } catch (IllegalArgumentException e) {
            throw simulation.fail("client " + client + " got an answer that does not decode: " + e.getMessage());
        }
        Response done = clients[client].receive(response);
        if (done != null) {
            report(client, done, simulation.now());
        }
    }

    private void report(int client, Response done, Long returned) {
        Call call = calls[client];
        calls[client] = null;
        if (history == null) {
            return;
        }
        Op op = call.op();
        String output = null;
        if (done instanceof Response.Ok ok) {
            output = op instanceof Op.Get ? ok.value() : op instanceof Op.Put ? null : Boolean.toString(ok.success());
        } else if (done instanceof Response.Failed failed) {
            throw simulation.fail("client " + client + "'s " + op + " failed: " + failed.reason());
        }
        String value = op instanceof Op.Put put ? put.value() : op instanceof Op.Cas cas ? cas.value() : null;
        String expected = op instanceof Op.Cas cas ? cas.expected() : null;
        history.record(new HistoryListener.Operation(client, op.name(), op.key(), value, expected, output, call.at(), returned));
    }

    /** What the simulation calls back for the service. */
    private final class Host implements ServiceHost {
        @Override
        public Runner boot(int id, RaftConfig raftConfig, RaftStorage storage, Transport transport, StateMachine tap) {
            KvStateMachine machine = KvStateMachine.open(config.disks().directory(id).resolve("kv"));
            machines[id] = machine;
            return new ServerRunner(KvServer.open(raftConfig, storage, transport, machine, snapshotThreshold,
                    response -> answer(id, response), tap));
        }

        @Override
        public void deliver(int from, int to, byte[] bytes) {
            if (to > config.nodes()) {
                arrived(to, bytes);
                return;
            }
            Request request;
            try {
                request = KvCodec.decodeRequest(bytes);
            } catch (IllegalArgumentException e) {
                throw simulation.fail("n" + to + " got a request that does not decode: " + e.getMessage());
            }
            simulation.callUp(to, runner -> ((ServerRunner) runner).server().request(request));
        }

        @Override
        public void crashed(int id) {
            KvStateMachine machine = machines[id];
            machines[id] = null;
            if (machine != null) {
                try {
                    machine.close();
                } catch (RuntimeException ignored) {
                    // a power cut took the store's files away under it
                }
            }
        }
    }
}
