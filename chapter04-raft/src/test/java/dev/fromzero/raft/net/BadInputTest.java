package dev.fromzero.raft.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.raft.Message;
import dev.fromzero.raft.MessageCodec;
import dev.fromzero.testkit.Bounded;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Step;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step 9: a node on a real network gets bytes from anyone who connects. Whatever they are
 * (garbage, a frame too large to read, a frame of another cluster, a message from a node that is
 * not a peer), the node logs an error that names what is wrong and which connection it came
 * from, closes that connection, and goes on serving. The node here is a one-node cluster in this
 * JVM, so that its log can be read and it serves puts on its own; the tests share it, each on
 * connections of its own.
 */
@Step(chapter = 4, number = 9, title = "Running for real", guide = "docs/chapter04-raft.md#step-9-running-for-real")
@Hint("The runtime is given: these tests fail while your Raft and KV service do. A node that stops serving after bad "
        + "input has let an exception escape into its event loop: RaftNode.step refuses a message from outside the cluster.")
class BadInputTest {

    private static final String CLUSTER = "bad-input";

    private static final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private static NetNode node;
    private static Members members;

    @BeforeAll
    static void start(@TempDir Path dir) {
        PrintStream log = new PrintStream(logged, true, StandardCharsets.UTF_8);
        node = NetNode.start(new NetNode.Options(CLUSTER, 1, Members.onLoopback(List.of(0)), dir, 10), log);
        members = Members.onLoopback(List.of(node.port()));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    private static String log() {
        synchronized (logged) {
            return logged.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    @Points(1)
    @DisplayName("garbage on a node's port is logged as not a frame, with where it came from, and the node goes on serving")
    void garbageIsRefused() throws IOException {
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertRefused(socket, "not a fromzero Raft frame");
        }
        assertStillServes();
    }

    @Test
    @Points(1)
    @DisplayName("a frame that claims to be 2 GB long is refused before it is read, and the node goes on serving")
    void oversizedFrameIsRefused() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(Frame.MAGIC);
        out.writeByte(Frame.VERSION);
        out.writeByte(1);
        out.writeInt(Integer.MAX_VALUE);
        try (Socket socket = connect()) {
            send(socket, bytes.toByteArray());
            assertRefused(socket, "frame length 2147483647");
        }
        assertStillServes();
    }

    @Test
    @Points(1)
    @DisplayName("a Raft message of another cluster is refused, naming both cluster ids, and changes nothing")
    void wrongClusterIsRefused() throws IOException {
        Message vote = new Message.RequestVote(2, 1, 100, 50, 50, false, false);
        try (Socket socket = connect()) {
            send(socket, frame(new Frame(Frame.Kind.RAFT, "another-cluster", 2, MessageCodec.encode(vote))));
            assertRefused(socket, "wrong cluster id 'another-cluster'");
        }
        assertThat(log()).as("the error names this node's cluster too").contains("'" + CLUSTER + "'");
        assertStillServes();
        assertThat(status().term()).as("a vote request of term 100 from another cluster must not reach the node").isLessThan(100);
    }

    @Test
    @Points(1)
    @DisplayName("a Raft message from a node outside the configuration is refused, naming the node, and changes nothing")
    void nodeOutsideTheConfigurationIsRefused() throws IOException {
        Message vote = new Message.RequestVote(7, 1, 100, 50, 50, false, false);
        try (Socket socket = connect()) {
            send(socket, frame(new Frame(Frame.Kind.RAFT, CLUSTER, 7, MessageCodec.encode(vote))));
            assertRefused(socket, "from node 7, which is not one of this node's peers");
        }
        assertStillServes();
        assertThat(status().term()).as("a vote request of term 100 from node 7, which is not a member, must not reach the node")
                .isLessThan(100);
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), node.port());
        socket.setSoTimeout((int) Bounded.LIMIT.toMillis());
        return socket;
    }

    private static void send(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    private static byte[] frame(Frame frame) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        frame.write(bytes);
        return bytes.toByteArray();
    }

    /** The node closes the connection, and its log says why and names the connection, as host:port. */
    private static void assertRefused(Socket socket, String why) throws IOException {
        InputStream in = socket.getInputStream();
        assertThat(Bounded.call("the node to close a connection that sent a bad frame", () -> in.read()))
                .as("the node must close the connection the bad frame came on, sending nothing").isEqualTo(-1);
        String from = "127.0.0.1:" + socket.getLocalPort();
        Bounded.until(() -> "the node to log the bad frame from " + from + " (" + why + "); its log: " + log(),
                () -> log().contains(from) && log().contains(why));
    }

    private static void assertStillServes() {
        try (RaftClient client = new RaftClient(CLUSTER, members, Duration.ofSeconds(20))) {
            client.put("after", "bad input");
            assertThat(client.get("after")).as("after bad input, the node must still serve a put and a get").isEqualTo("bad input");
        }
    }

    private static NodeStatus status() throws IOException {
        return RaftClient.status(CLUSTER, members, 1, Duration.ofSeconds(20));
    }
}
