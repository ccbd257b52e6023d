//@ chapter 4
package dev.fromzero.raft.sim;

import dev.fromzero.raft.RaftConfig;
import dev.fromzero.raft.RaftStorage;
import dev.fromzero.raft.StateMachine;
import dev.fromzero.raft.Transport;

/**
 * A service run on a {@link Simulation}'s nodes, with clients at the network addresses after them
 * ({@link KvSimulation}): it starts each node, and carries the traffic to and from clients.
 */
interface ServiceHost {

    /** Starts node {@code id}; {@code tap} must see every entry applied and snapshot restored, for the safety checks. */
    Runner boot(int id, RaftConfig config, RaftStorage storage, Transport transport, StateMachine tap);

    /** Bytes from or to a client arrived at {@code to}. */
    void deliver(int from, int to, byte[] bytes);

    /** Node {@code id} crashed, or the simulation closed: let go of what it held. */
    void crashed(int id);
}
