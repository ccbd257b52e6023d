package dev.fromzero.raft.net;

import dev.fromzero.raft.Message;
import dev.fromzero.raft.MessageCodec;
import dev.fromzero.raft.Transport;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link Transport} of the real runtime: each message is encoded by {@link MessageCodec},
 * framed ({@link Frame}) with the cluster id and this node's id, and queued on the
 * {@link Outbox} of its addressee, one TCP connection per peer. Like the simulator's network it
 * never blocks and promises nothing: a message to a peer that is down is dropped, and Raft resends.
 *
 * <p>Connections are one-way: a node writes its messages on the connection it opened to a peer,
 * and reads the peer's on the connection the peer opened to it. Each side then owns its half and
 * needs no coordination to reconnect.
 */
public final class TcpTransport implements Transport, AutoCloseable {

    private final String cluster;
    private final int self;
    private final Map<Integer, Outbox> peers = new TreeMap<>();

    /** A transport for node {@code self} of {@code cluster}, to every other node of {@code addresses}. */
    public TcpTransport(String cluster, int self, Map<Integer, InetSocketAddress> addresses) {
        this.cluster = cluster;
        this.self = self;
        addresses.forEach((id, address) -> {
            if (id != self) {
                peers.put(id, Outbox.toPeer(address, "raft " + self + "->" + id));
            }
        });
    }

    @Override
    public void send(Message message) {
        Outbox outbox = peers.get(message.to());
        if (outbox == null) {
            throw new IllegalArgumentException("node " + self + " has no peer " + message.to() + " to send to: " + message);
        }
        outbox.send(new Frame(Frame.Kind.RAFT, cluster, self, MessageCodec.encode(message)));
    }

    @Override
    public void close() {
        peers.values().forEach(Outbox::close);
    }
}
