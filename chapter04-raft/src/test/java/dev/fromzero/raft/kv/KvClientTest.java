package dev.fromzero.raft.kv;

import static dev.fromzero.raft.kv.KvFixtures.get;
import static dev.fromzero.raft.kv.KvFixtures.put;
import static dev.fromzero.raft.kv.KvFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 7, on the client's side and the server's: a client finds the leader by itself and
 * retries elsewhere with the same sequence number; a server that does not lead sends it on.
 */
@Step(chapter = 4, number = 7, title = "Linearizable reads and the client",
        guide = "docs/chapter04-raft.md#step-7-linearizable-reads-and-the-client")
@Hint("The client keeps one request in flight and re-sends that very request (same sequence number) wherever it "
        + "tries next: to the hinted leader at once, to the next node after a timeout.")
class KvClientTest {

    private record Sent(int server, Request request) {
    }

    @Test
    @Points(2)
    @DisplayName("a client follows leader hints, tries the next node on a timeout, and re-sends the same sequence number")
    void clientFindsTheLeader() {
        List<Sent> sent = new ArrayList<>();
        KvClient client = new KvClient(1, List.of(1, 2, 3), 5, (server, request) -> sent.add(new Sent(server, request)));
        Request first = client.start(put("k", "v"));
        assertThat(first.seq()).isEqualTo(1);
        assertThat(sent).hasSize(1);
        int tried = sent.get(0).server();
        int hint = tried == 1 ? 3 : tried - 1; // neither the node tried nor the one after it

        assertThat(client.receive(new Response.NotLeader(1, 1, hint))).as("not the end of the operation").isNull();
        assertThat(sent).as("a hint is followed at once").hasSize(2);
        assertThat(sent.get(1)).as("to the hinted node %d", hint).isEqualTo(new Sent(hint, first));
        assertThat(client.leaderGuess()).isEqualTo(hint);

        for (int tick = 0; tick < 4; tick++) {
            client.tick();
        }
        assertThat(sent).as("no retry before the timeout of 5 ticks").hasSize(2);
        client.tick();
        assertThat(sent).as("after 5 ticks without an answer the client tries again").hasSize(3);
        assertThat(sent.get(2).server()).as("elsewhere: node %d did not answer", hint).isNotEqualTo(hint);
        assertThat(sent.get(2).request()).as("with the same request and sequence number, so it applies once").isEqualTo(first);

        int now = sent.get(2).server();
        assertThat(client.receive(new Response.NotLeader(1, 1, 0))).isNull();
        client.tick();
        assertThat(sent).as("without a hint, the next node is tried at the next tick").hasSize(4);
        assertThat(sent.get(3).server()).isNotEqualTo(now);

        assertThat(client.receive(new Response.Ok(1, 0, null, true))).as("an answer to another request is ignored").isNull();
        Response done = client.receive(new Response.Ok(1, 1, null, true));
        assertThat(done).isEqualTo(new Response.Ok(1, 1, null, true));
        assertThat(client.busy()).isFalse();
        assertThat(client.receive(new Response.Ok(1, 1, null, true))).as("a duplicate answer is ignored").isNull();
        assertThat(client.start(get("k")).seq()).as("the next operation gets the next number").isEqualTo(2);
        assertThatThrownBy(() -> client.start(get("k"))).as("one operation at a time").isInstanceOf(IllegalStateException.class);
    }

    @Test
    @Points(2)
    @DisplayName("a node that does not lead answers 'not leader' with its leader; the leader answers writes and reads")
    @Hint("A follower must not serve a get from its own state machine: it may be behind. Send the client to the leader.")
    void onlyTheLeaderServes(@Scratch Path dir) {
        try (KvFixtures.OneNode node = new KvFixtures.OneNode(dir, 0)) {
            assertThat(node.call(request(5, 1, put("k", "v")))).isEqualTo(new Response.Ok(5, 1, null, true));
            assertThat(node.call(request(5, 2, get("k")))).as("a read of what was written").isEqualTo(new Response.Ok(5, 2, "v", true));
            assertThat(node.call(request(5, 3, get("absent")))).isEqualTo(new Response.Ok(5, 3, null, true));
            assertThat(node.call(request(5, 1, put("k", "v")))).as("a retry of an applied write is answered from the session")
                    .isEqualTo(new Response.Ok(5, 1, null, true));
        }
    }
}
