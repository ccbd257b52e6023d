//@ chapter 4
package dev.fromzero.raft;

/**
 * How a node's messages leave it: the simulator's network, or TCP in part 2. Sending never
 * blocks and promises nothing: a message may be lost, delayed, duplicated or reordered, and
 * Raft copes with all of it.
 */
public interface Transport {

    /** Hands {@code message} to the network, addressed to {@code message.to()}. */
    void send(Message message);
}
