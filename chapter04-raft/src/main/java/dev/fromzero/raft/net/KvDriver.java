package dev.fromzero.raft.net;

import dev.fromzero.raft.Message;
import dev.fromzero.raft.kv.KvCodec;
import dev.fromzero.raft.kv.KvServer;
import dev.fromzero.raft.kv.Request;
import dev.fromzero.raft.kv.Response;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The KV server as the event loop drives it: requests arrive as frame payloads from a client's
 * connection, and the server's answers, which name their client, go back on the connection that
 * client used last. A client that reconnects (to retry, or after this node restarted) is simply
 * found on its new connection.
 */
final class KvDriver implements EventLoop.Driven {

    private final String cluster;
    private final int self;
    private final PrintStream log;
    private final Map<Long, Outbox> clients = new HashMap<>();
    private final List<Response> answers = new ArrayList<>();
    private KvServer server;

    KvDriver(String cluster, int self, PrintStream log) {
        this.cluster = cluster;
        this.self = self;
        this.log = log;
    }

    /** Where the server's answers go: the server calls it, on the loop's thread. */
    void answer(Response response) {
        answers.add(response);
    }

    void serve(KvServer server) {
        this.server = server;
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
    public void request(byte[] payload, Outbox replies) {
        Request request;
        try {
            request = KvCodec.decodeRequest(payload);
        } catch (IllegalArgumentException e) {
            log.println("node " + self + ": bad request on " + replies + ": " + e.getMessage() + "; closing that connection");
            replies.close();
            return;
        }
        if (clients.size() > 10_000) {
            clients.values().removeIf(Outbox::isClosed);
        }
        clients.put(request.clientId(), replies);
        server.request(request);
    }

    @Override
    public NodeStatus status() {
        return NodeStatus.of(server.replica().node());
    }

    @Override
    public List<EventLoop.Reply> replies() {
        List<EventLoop.Reply> replies = new ArrayList<>();
        for (Response response : answers) {
            Outbox to = clients.get(response.clientId());
            if (to != null && !to.isClosed()) {
                replies.add(new EventLoop.Reply(to, new Frame(Frame.Kind.REPLY, cluster, self, KvCodec.encodeResponse(response))));
            }
        }
        answers.clear();
        return replies;
    }
}
