package dev.fromzero.raft.sim;

import dev.fromzero.raft.Entry;
import dev.fromzero.raft.Message;
import dev.fromzero.raft.PersistentState;
import dev.fromzero.raft.Proposal;
import dev.fromzero.raft.RaftConfig;
import dev.fromzero.raft.RaftNode;
import dev.fromzero.raft.RaftStorage;
import dev.fromzero.raft.Ready;
import dev.fromzero.raft.Replica;
import dev.fromzero.raft.StateMachine;
import dev.fromzero.raft.Transport;

/**
 * What runs one simulated node: the learner's {@link Replica} (steps 3 to 5, on real storage),
 * or, for steps 1 and 2, which come before the replica and the storage are written, the
 * simulator's own loop around the bare {@link RaftNode}, which carries out each {@link Ready} in
 * the order its documentation gives.
 */
interface Runner {

    RaftNode node();

    void tick();

    void receive(Message message);

    Proposal propose(byte[] command);

    void compact(long index, byte[] snapshot);

    void transferLeadership(int to);

    /** The learner's replica. */
    static Runner replica(RaftConfig config, RaftStorage storage, Transport transport, StateMachine machine) {
        Replica replica = Replica.open(config, storage, transport, machine);
        return new Runner() {
            @Override
            public RaftNode node() {
                return replica.node();
            }

            @Override
            public void tick() {
                replica.tick();
            }

            @Override
            public void receive(Message message) {
                replica.receive(message);
            }

            @Override
            public Proposal propose(byte[] command) {
                return replica.propose(command);
            }

            @Override
            public void compact(long index, byte[] snapshot) {
                replica.compact(index, snapshot);
            }

            @Override
            public void transferLeadership(int to) {
                replica.transferLeadership(to);
            }
        };
    }

    /** The simulator's own loop around the node, for the steps before the replica exists. */
    static Runner direct(RaftConfig config, RaftStorage storage, Transport transport, StateMachine machine) {
        PersistentState state = storage.load();
        if (state.snapshot() != null) {
            machine.restore(state.snapshot());
        }
        RaftNode node = new RaftNode(config, state);
        return new Runner() {
            @Override
            public RaftNode node() {
                return node;
            }

            @Override
            public void tick() {
                carryOut(node.tick());
            }

            @Override
            public void receive(Message message) {
                carryOut(node.step(message));
            }

            @Override
            public Proposal propose(byte[] command) {
                Proposal proposal = node.propose(command);
                if (proposal instanceof Proposal.Accepted accepted) {
                    carryOut(accepted.ready());
                }
                return proposal;
            }

            @Override
            public void compact(long index, byte[] snapshot) {
                carryOut(node.compact(index, snapshot));
            }

            @Override
            public void transferLeadership(int to) {
                carryOut(node.transferLeadership(to));
            }

            private void carryOut(Ready ready) {
                if (ready.hardState() != null) {
                    storage.saveHardState(ready.hardState());
                }
                if (ready.snapshot() != null) {
                    storage.saveSnapshot(ready.snapshot());
                }
                storage.append(ready.entries());
                if (ready.mustPersist()) {
                    storage.sync();
                }
                ready.messages().forEach(transport::send);
                if (ready.install() != null) {
                    machine.restore(ready.install());
                }
                for (Entry entry : ready.committed()) {
                    machine.apply(entry);
                }
            }
        };
    }
}
