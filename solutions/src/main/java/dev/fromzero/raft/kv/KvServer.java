//@ chapter 4
package dev.fromzero.raft.kv;

import dev.fromzero.raft.Entry;
import dev.fromzero.raft.Message;
import dev.fromzero.raft.Proposal;
import dev.fromzero.raft.RaftConfig;
import dev.fromzero.raft.RaftNode;
import dev.fromzero.raft.RaftStorage;
import dev.fromzero.raft.ReadState;
import dev.fromzero.raft.Replica;
import dev.fromzero.raft.Role;
import dev.fromzero.raft.Snapshot;
import dev.fromzero.raft.StateMachine;
import dev.fromzero.raft.Transport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One node of the replicated key-value service: a {@link Replica} with a {@link KvStateMachine},
 * taking clients' requests and answering them once they took effect.
 *
 * <p>Like the Raft node it wraps, the server is deterministic and single-threaded: no threads, no
 * clock, no sockets. Its host calls {@link #tick}, {@link #receive} and {@link #request} from one
 * thread (the simulator in virtual time, part 2's runtime from its event loop) and gets the
 * answers through the {@code responses} callback, each naming its client.
 *
 * <ul>
 *   <li>A write is proposed to the log and answered when its entry is applied. If another
 *       entry is applied at its index, or this node stops leading first, the client is told to
 *       go to the leader: the write may still take effect, and the client's retry with the same
 *       sequence number is answered from its session instead of applied twice.</li>
 *   <li>A get takes the ReadIndex path: the leader confirms it still leads after the read
 *       arrived, and the read is served once the state machine has applied the index the leader
 *       noted. Reads never enter the log.</li>
 *   <li>Once {@code snapshotThreshold} entries are applied after the last snapshot, the server
 *       snapshots the state machine and compacts the log behind it.</li>
 * </ul>
 */
public final class KvServer {

    /** A write waiting for its entry: the request, and the term it was proposed in. */
    private record PendingWrite(Request request, long term) {
    }

    /** A read waiting for the state machine to apply {@code index}. */
    private record ConfirmedRead(Request request, long index) {
    }

    private final KvStateMachine machine;
    private final Consumer<Response> responses;
    private final int snapshotThreshold;
    private final StateMachine tap;
    private final Map<Long, PendingWrite> writes = new TreeMap<>();
    private final Map<Long, Request> reads = new HashMap<>();
    private final List<ConfirmedRead> confirmed = new ArrayList<>();
    private Replica replica;
    private long nextReadContext = 1;
    /** The term this node leads in, while it is serving clients as leader; 0 otherwise. */
    private long servingTerm;

    private KvServer(KvStateMachine machine, int snapshotThreshold, Consumer<Response> responses, StateMachine tap) {
        this.machine = machine;
        this.snapshotThreshold = snapshotThreshold;
        this.responses = responses;
        this.tap = tap;
    }

    /**
     * Starts (or restarts) a node of the service from {@code storage} and {@code machine}.
     *
     * @param snapshotThreshold snapshot once this many entries are applied after the last
     *     snapshot; 0 for never
     * @param responses where answers go, each naming its client
     */
    public static KvServer open(RaftConfig config, RaftStorage storage, Transport transport, KvStateMachine machine,
                                int snapshotThreshold, Consumer<Response> responses) {
        return open(config, storage, transport, machine, snapshotThreshold, responses, null);
    }

    /**
     * The same, with {@code tap} told of every entry applied and snapshot restored after the
     * state machine (the simulator checks them); null for none.
     */
    public static KvServer open(RaftConfig config, RaftStorage storage, Transport transport, KvStateMachine machine,
                                int snapshotThreshold, Consumer<Response> responses, StateMachine tap) {
        if (snapshotThreshold < 0) {
            throw new IllegalArgumentException("snapshotThreshold must be 0 (never) or positive, got " + snapshotThreshold);
        }
        KvServer server = new KvServer(machine, snapshotThreshold, responses, tap);
        server.replica = Replica.open(config, storage, transport, server.new Applier());
        return server;
    }

    /** The replica, for its node's accessors and for leadership transfer. */
    public Replica replica() {
        return replica;
    }

    /** The state machine. */
    public KvStateMachine machine() {
        return machine;
    }

    /** One tick of the logical clock. */
    public void tick() {
        replica.tick();
        settle();
    }

    /** A message from another node. */
    public void receive(Message message) {
        replica.receive(message);
        settle();
    }

    /** A client's request: answered through the callback, now or later, or never if this node crashes first. */
    public void request(Request request) {
        RaftNode node = replica.node();
        if (node.role() != Role.LEADER) {
            responses.accept(new Response.NotLeader(request.clientId(), request.seq(), node.leader()));
            return;
        }
        if (request.op().isWrite()) {
            write(request);
        } else {
            long context = nextReadContext++;
            reads.put(context, request);
            replica.readIndex(context);
        }
        settle();
    }

    private void write(Request request) {
        //@ todo 4: Answer a request the session has already applied; else propose it and remember it by its index, or send the client to the leader (docs/chapter04-raft.md#step-6-the-kv-state-machine-and-sessions)
        Response seen = machine.answered(request);
        if (seen != null) {
            responses.accept(seen);
            return;
        }
        Proposal proposal = replica.propose(KvCodec.encodeRequest(request));
        if (proposal instanceof Proposal.Accepted accepted && machine.appliedIndex() >= accepted.index()) {
            responses.accept(machine.answered(request)); // a cluster of one commits and applies at once
        } else if (proposal instanceof Proposal.Accepted accepted) {
            writes.put(accepted.index(), new PendingWrite(request, accepted.term()));
        } else if (proposal instanceof Proposal.NotLeader notLeader) {
            responses.accept(new Response.NotLeader(request.clientId(), request.seq(), notLeader.leader()));
        }
        //@ end
    }

    /** After every call: serve the reads that can be, let go of what a lost leadership cannot answer, snapshot if due. */
    private void settle() {
        RaftNode node = replica.node();
        for (ReadState state : replica.takeReadStates()) {
            Request read = reads.remove(state.context());
            if (read != null) {
                confirmed.add(new ConfirmedRead(read, state.index()));
            }
        }
        serveReads();
        boolean leads = node.role() == Role.LEADER;
        if (!leads || node.term() != servingTerm) {
            abandonAll(leads ? RaftNode.NONE : node.leader());
            servingTerm = leads ? node.term() : 0;
        }
        maybeSnapshot();
    }

    private void serveReads() {
        //@ todo 4: Answer each confirmed read whose index the state machine has applied, with the value it has now (docs/chapter04-raft.md#step-7-linearizable-reads-and-the-client)
        for (Iterator<ConfirmedRead> it = confirmed.iterator(); it.hasNext(); ) {
            ConfirmedRead read = it.next();
            if (machine.appliedIndex() >= read.index()) {
                it.remove();
                Request request = read.request();
                responses.accept(new Response.Ok(request.clientId(), request.seq(), machine.get(request.op().key()), true));
            }
        }
        //@ end
    }

    /** This node stopped leading (or leads in a new term): nothing it was waiting for can be answered by it. */
    private void abandonAll(int leader) {
        for (PendingWrite write : writes.values()) {
            responses.accept(new Response.NotLeader(write.request().clientId(), write.request().seq(), leader));
        }
        for (Request read : reads.values()) {
            responses.accept(new Response.NotLeader(read.clientId(), read.seq(), leader));
        }
        for (ConfirmedRead read : confirmed) {
            responses.accept(new Response.NotLeader(read.request().clientId(), read.request().seq(), leader));
        }
        writes.clear();
        reads.clear();
        confirmed.clear();
    }

    private void maybeSnapshot() {
        //@ todo 4: Once enough entries are applied after the snapshot, and the machine is exactly at the node's applied index, compact through it (docs/chapter04-raft.md#step-8-snapshots-of-the-store)
        RaftNode node = replica.node();
        long applied = machine.appliedIndex();
        if (snapshotThreshold > 0 && applied == node.appliedIndex() && applied - node.snapshotIndex() >= snapshotThreshold) {
            replica.compact(applied, machine.snapshot());
        }
        //@ end
    }

    /** Applies committed entries to the machine, and answers the write waiting at each one's index. */
    private final class Applier implements StateMachine {

        @Override
        public void apply(Entry entry) {
            Response answer = machine.execute(entry);
            if (tap != null) {
                tap.apply(entry);
            }
            //@ todo 4: Answer the write waiting at this index if this is its entry; if another entry took its place, send its client to the leader (docs/chapter04-raft.md#step-6-the-kv-state-machine-and-sessions)
            PendingWrite waiting = writes.remove(entry.index());
            if (waiting == null) {
                return;
            }
            Request request = waiting.request();
            if (entry.term() == waiting.term() && answer != null && answer.clientId() == request.clientId()
                    && answer.seq() == request.seq()) {
                responses.accept(answer);
            } else {
                responses.accept(new Response.NotLeader(request.clientId(), request.seq(), replica.node().leader()));
            }
            //@ end
        }

        @Override
        public void restore(Snapshot snapshot) {
            machine.restore(snapshot);
            if (tap != null) {
                tap.restore(snapshot);
            }
        }
    }
}
