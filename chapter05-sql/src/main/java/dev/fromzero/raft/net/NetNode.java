package dev.fromzero.raft.net;

import dev.fromzero.raft.RaftConfig;
import dev.fromzero.raft.kv.KvServer;
import dev.fromzero.raft.kv.KvStateMachine;
import dev.fromzero.raft.storage.LogStorage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * One node of the replicated store, for real: the same {@link KvServer} the simulator runs, on
 * the same {@link LogStorage} (whose log syncs to disk), driven by an {@link EventLoop} in real
 * time, talking to its peers and its clients over TCP on 127.0.0.1. Nothing here is new Raft:
 * this class only wires the deterministic pieces to threads, a clock, files and sockets.
 *
 * <p>Files: {@code dir/raft/} holds the Raft log and snapshot, {@code dir/kv/} the chapter-3
 * store the state machine keeps.
 */
public final class NetNode implements AutoCloseable {

    /**
     * How a node runs.
     *
     * @param cluster the cluster id every frame carries; a node refuses frames of another cluster
     * @param id this node's id, one of {@code members}
     * @param members every node of the cluster and where it listens
     * @param dir this node's data directory
     * @param tickMillis the real duration of one tick of the node's logical clock
     */
    public record Options(String cluster, int id, Members members, Path dir, long tickMillis) {

        /** 10 ms: elections after 300 to 600 ms of silence, heartbeats every 50 ms. */
        public static final long DEFAULT_TICK_MILLIS = 10;

        public Options {
            if (!members.addresses().containsKey(id)) {
                throw new IllegalArgumentException("node " + id + " is not one of the members " + members.ids());
            }
            if (tickMillis < 1) {
                throw new IllegalArgumentException("a tick lasts at least 1 ms, not " + tickMillis);
            }
            new Frame(Frame.Kind.RAFT, cluster, id, new byte[0]); // checks the cluster id
        }
    }

    /** Election timeout and heartbeat, in ticks: an election timeout is ten heartbeats or more, as etcd advises. */
    private static final int ELECTION_MIN = 30;
    private static final int ELECTION_MAX = 60;
    private static final int HEARTBEAT = 5;
    /**
     * Entries applied between snapshots: etcd 3.4's default ({@code --snapshot-count}). A snapshot
     * copies the whole store on the event loop, so every client waits while it is taken; taking
     * one every 5,000 entries put 32 MB copies into the benchmark's p99.
     */
    private static final int SNAPSHOT_EVERY = 100_000;

    private final LogStorage storage;
    private final KvStateMachine machine;
    private final TcpTransport transport;
    private final EventLoop loop;
    private final Listener listener;

    private NetNode(LogStorage storage, KvStateMachine machine, TcpTransport transport, EventLoop loop, Listener listener) {
        this.storage = storage;
        this.machine = machine;
        this.transport = transport;
        this.loop = loop;
        this.listener = listener;
    }

    /**
     * Opens the node's storage and state machine, and starts serving; errors and bad input go to
     * {@code log}. If a call of the event loop fails (a disk error, a bug), the node stops
     * listening, so that clients and peers see it as down, and {@code onFailure} runs.
     * PreVote and CheckQuorum are on: a node that restarts or comes back from a partition must not
     * depose a healthy leader.
     */
    public static NetNode start(Options options, PrintStream log, Runnable onFailure) {
        try {
            Files.createDirectories(options.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + options.dir() + ": " + e.getMessage(), e);
        }
        LogStorage storage = LogStorage.open(options.dir().resolve("raft"));
        KvStateMachine machine = KvStateMachine.open(options.dir().resolve("kv"));
        TcpTransport transport = new TcpTransport(options.cluster(), options.id(), options.members().addresses());
        GroupCommit commit = new GroupCommit(storage, transport);
        RaftConfig config = new RaftConfig(options.id(), options.members().ids(), ELECTION_MIN, ELECTION_MAX, HEARTBEAT,
                new SecureRandom().nextLong(), true, true);
        KvDriver driver = new KvDriver(options.cluster(), options.id(), log);
        driver.serve(KvServer.open(config, commit.storage(), commit.transport(), machine, SNAPSHOT_EVERY, driver::answer));
        Listener[] listener = new Listener[1];
        EventLoop loop = new EventLoop(options.cluster(), options.id(), driver, commit, options.tickMillis(), log, () -> {
            listener[0].close();
            transport.close();
            onFailure.run();
        });
        try {
            listener[0] = Listener.start(options.cluster(), options.id(), options.members().ids(),
                    options.members().address(options.id()).getPort(), loop, log);
        } catch (RuntimeException e) {
            transport.close();
            machine.close();
            storage.close();
            throw e;
        }
        loop.start();
        return new NetNode(storage, machine, transport, loop, listener[0]);
    }

    /** {@link #start(Options, PrintStream, Runnable)} with nothing more to do on a failure than to stop listening. */
    public static NetNode start(Options options, PrintStream log) {
        return start(options, log, () -> { });
    }

    /** The port the node listens on. */
    public int port() {
        return listener.port();
    }

    /** Stops taking input, lets the loop finish its batch, and closes the connections, the state machine and the storage. */
    @Override
    public void close() {
        listener.close();
        loop.close();
        transport.close();
        machine.close();
        storage.close();
    }
}
