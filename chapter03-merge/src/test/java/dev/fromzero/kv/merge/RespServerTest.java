package dev.fromzero.kv.merge;

import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.Durability;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.MergePolicy;
import dev.fromzero.kv.StoreOptions;
import dev.fromzero.kv.resp.RespServer;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.util.SafeEncoder;

@Step(chapter = 3, number = 9, title = "Serve it: RESP", guide = "docs/chapter03-merge.md#step-9-serve-it-resp")
@Hint("These tests talk to the provided RespServer with a real Redis client (Jedis) and with redis-cli: every request "
        + "goes through your RespReader. If they all fail, start with RespReaderTest.")
class RespServerTest {

    /**
     * A store served on a free port, and a Jedis client connected to it. The store merges only when told to: these
     * tests are about the protocol, and an automatic merge policy (step 6) would have nothing to do with them.
     */
    private record Served(KvStore store, RespServer server, Jedis jedis) implements AutoCloseable {

        static Served in(Path dir) {
            KvStore store = KvStore.open(dir, new StoreOptions(Durability.never(), 1024 * 1024)
                    .withMergePolicy(MergePolicy.manual()));
            RespServer server = RespServer.start(store, 0);
            return new Served(store, server, new Jedis("127.0.0.1", server.port()));
        }

        Jedis client() {
            return new Jedis("127.0.0.1", server.port());
        }

        @Override
        public void close() {
            jedis.close();
            server.close();
            store.close();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("PING answers PONG or its argument, and ECHO its argument")
    void pingAndEcho(@Scratch Path dir) {
        try (Served s = Served.in(dir)) {
            assertThat(s.jedis().ping()).as("PING").isEqualTo("PONG");
            assertThat(s.jedis().ping("hello there")).as("PING \"hello there\"").isEqualTo("hello there");
            assertThat(s.jedis().echo("echo \r\n me")).as("ECHO of a bulk string holding CRLF")
                    .isEqualTo("echo \r\n me");
        }
    }

    @Test
    @DisplayName("SET stores a value in the store and GET reads it back; a missing key is nil")
    void setAndGet(@Scratch Path dir) {
        try (Served s = Served.in(dir)) {
            assertThat(s.jedis().set("greeting", "hello")).as("SET greeting hello").isEqualTo("OK");
            assertThat(s.jedis().get("greeting")).as("GET greeting after SET greeting hello").isEqualTo("hello");
            assertThat(s.store().get(bytes("greeting"))).as("the SET is in the store itself").isEqualTo(bytes("hello"));
            s.jedis().set("greeting", "bye");
            try (Jedis other = s.client()) {
                assertThat(other.get("greeting")).as("another client sees the latest SET").isEqualTo("bye");
            }
            assertThat(s.jedis().get("missing")).as("GET of a key never set is nil").isNull();
        }
    }

    @Test
    @DisplayName("keys and values are binary: every byte, CRLF inside, empty values and a 1 MiB value round-trip")
    void binaryKeysAndValues(@Scratch Path dir) {
        byte[] every = new byte[256];
        for (int i = 0; i < every.length; i++) {
            every[i] = (byte) (255 - i);
        }
        byte[] big = new byte[1024 * 1024];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + i / 7);
        }
        try (Served s = Served.in(dir)) {
            s.jedis().set(every, every);
            s.jedis().set(bytes("crlf\r\nkey"), bytes("\r\n"));
            s.jedis().set(bytes("empty"), new byte[0]);
            s.jedis().set(bytes("big"), big);
            assertThat(s.jedis().get(every)).as("GET of a key holding every byte value").isEqualTo(every);
            assertThat(s.jedis().get(bytes("crlf\r\nkey"))).as("GET of a key holding CRLF, whose value is CRLF")
                    .isEqualTo(bytes("\r\n"));
            assertThat(s.jedis().get(bytes("empty"))).as("an empty value is a value, not nil").isEmpty();
            assertThat(s.jedis().get(bytes("big"))).as("GET of a 1 MiB value").isEqualTo(big);
            assertThat(s.store().get(every)).as("the store itself holds the binary key and value").isEqualTo(every);
        }
    }

    @Test
    @DisplayName("DEL and EXISTS take many keys and count them: deleted ones, and existing ones (a repeat counts twice)")
    void delAndExistsCount(@Scratch Path dir) {
        try (Served s = Served.in(dir)) {
            s.jedis().set("a", "1");
            s.jedis().set("b", "2");
            s.jedis().set("c", "3");
            assertThat(s.jedis().exists("a", "b", "nope", "a")).as("EXISTS a b nope a: a counts twice").isEqualTo(3);
            assertThat(s.jedis().del("a", "b", "nope")).as("two of the three keys existed").isEqualTo(2);
            assertThat(s.jedis().exists("a")).as("EXISTS a after DEL a").isFalse();
            assertThat(s.store().contains(bytes("c"))).as("c, which no DEL named, is still in the store").isTrue();
            assertThat(s.jedis().del("a")).as("DEL of a key already deleted counts nothing").isZero();
        }
    }

    @Test
    @DisplayName("MSET writes every pair and MGET reads many keys, nil for the missing ones")
    void msetAndMget(@Scratch Path dir) {
        try (Served s = Served.in(dir)) {
            assertThat(s.jedis().mset("x", "1", "y", "2", "z", "3", "x", "4")).as("MSET x 1 y 2 z 3 x 4")
                    .isEqualTo("OK");
            assertThat(s.jedis().mget("x", "missing", "z")).as("MGET x missing z, after MSET set x twice, 4 last")
                    .containsExactly("4", null, "3");
            assertThat(s.store().get(bytes("y"))).as("the store itself holds y from MSET").isEqualTo(bytes("2"));
            assertThrown(JedisDataException.class,
                    () -> s.jedis().sendCommand(() -> SafeEncoder.encode("MSET"), "odd", "number", "of"),
                    "MSET with an odd number of arguments is an error reply")
                    .hasMessageContaining("wrong number of arguments for 'mset'");
        }
    }

    @Test
    @DisplayName("SCAN with COUNT and MATCH returns every key exactly once, even with writes between calls")
    @Hint("SCAN's cursor is the server's: what must stay true is that each call goes on where the last one stopped.")
    void scanReturnsEveryKeyOnce(@Scratch Path dir) {
        try (Served s = Served.in(dir)) {
            Pipeline load = s.jedis().pipelined();
            Set<String> all = new TreeSet<>();
            for (int i = 0; i < 3000; i++) {
                String key = "key:" + i;
                load.set(key, "v" + i);
                all.add(key);
            }
            load.sync();
            List<String> seen = scanAll(s.jedis(), new ScanParams().count(100), () -> { });
            assertThat(seen).as("every key once").hasSize(all.size()).containsExactlyInAnyOrderElementsOf(all);

            List<String> matched = scanAll(s.jedis(), new ScanParams().count(50).match("key:1?3*"), () -> { });
            assertThat(new TreeSet<>(matched)).as("the keys matching key:1?3*")
                    .isEqualTo(new TreeSet<>(all.stream().filter(k -> k.matches("key:1.3.*")).toList()));
            assertThat(matched).as("the keys matching key:1?3*, each once").doesNotHaveDuplicates();

            Set<String> untouched = new HashSet<>(all);
            int[] round = {0};
            List<String> during = scanAll(s.jedis(), new ScanParams().count(200), () -> {
                round[0]++;
                s.jedis().set("key:0-new-" + round[0], "x");
                s.jedis().set("key:9-new-" + round[0], "x");
                String deleted = "key:" + (round[0] * 197 % 3000);
                s.jedis().del(deleted);
                untouched.remove(deleted);
            });
            assertThat(during).as("keys that existed throughout are returned exactly once").doesNotHaveDuplicates();
            assertThat(during).as("keys that existed throughout are all returned").containsAll(untouched);
        }
    }

    private static List<String> scanAll(Jedis jedis, ScanParams params, Runnable betweenCalls) {
        List<String> keys = new ArrayList<>();
        String cursor = ScanParams.SCAN_POINTER_START;
        int calls = 0;
        do {
            ScanResult<String> page = jedis.scan(cursor, params);
            assertThat(page.getResult().size()).as("a SCAN call returns at most COUNT keys").isLessThanOrEqualTo(200);
            keys.addAll(page.getResult());
            cursor = page.getCursor();
            betweenCalls.run();
            assertThat(++calls).as("SCAN must end: a cursor of 0 says the iteration is over").isLessThan(10_000);
        } while (!cursor.equals("0"));
        return keys;
    }

    @Test
    @DisplayName("KEYS matches glob patterns: * ? [abc] [^a] [a-c] and backslash escapes")
    void keysMatchesGlobs(@Scratch Path dir) {
        try (Served s = Served.in(dir)) {
            for (String key : List.of("hello", "hallo", "hxllo", "hllo", "heeeello", "h*llo", "b", "c")) {
                s.jedis().set(key, "1");
            }
            assertThat(new TreeSet<>(s.jedis().keys("h?llo"))).as("KEYS h?llo: ? is one character")
                    .containsExactly("h*llo", "hallo", "hello", "hxllo");
            assertThat(new TreeSet<>(s.jedis().keys("h*llo"))).as("KEYS h*llo: * is any characters, none included")
                    .containsExactly("h*llo", "hallo", "heeeello", "hello", "hllo", "hxllo");
            assertThat(new TreeSet<>(s.jedis().keys("h[ae]llo"))).as("KEYS h[ae]llo: one of a and e")
                    .containsExactly("hallo", "hello");
            assertThat(new TreeSet<>(s.jedis().keys("h[^e]llo"))).as("KEYS h[^e]llo: any one character but e")
                    .containsExactly("h*llo", "hallo", "hxllo");
            assertThat(new TreeSet<>(s.jedis().keys("h[a-f]llo"))).as("KEYS h[a-f]llo: one character from a to f")
                    .containsExactly("hallo", "hello");
            assertThat(s.jedis().keys("h\\*llo")).as("KEYS h\\*llo: an escaped * is a plain *")
                    .containsExactly("h*llo");
            assertThat(s.jedis().keys("*")).as("KEYS *: every key").hasSize(8);
        }
    }

    @Test
    @DisplayName("DBSIZE counts the keys and INFO reports the store's keys, live and dead bytes and segments")
    void dbsizeAndInfo(@Scratch Path dir) {
        try (Served s = Served.in(dir)) {
            s.jedis().set("a", "1");
            s.jedis().set("a", "2");
            s.jedis().set("b", "1");
            assertThat(s.jedis().dbSize()).as("DBSIZE after SET a, SET a, SET b").isEqualTo(2);
            String info = s.jedis().info();
            assertThat(info).as("INFO's keyspace and store sections")
                    .contains("# Keyspace", "db0:keys=2", "# Store", "live_bytes:" + s.store().stats().liveBytes(),
                            "dead_bytes:" + s.store().stats().deadBytes(), "segments:1");
        }
    }

    @Test
    @DisplayName("10,000 pipelined commands get 10,000 replies, in order")
    @Hint("A pipeline sends many requests before reading any reply: the reader must take requests out of one buffer "
            + "one at a time, and keep what is left for the next call.")
    void pipeliningTenThousandCommands(@Scratch Path dir) {
        try (Served s = Served.in(dir)) {
            Pipeline pipeline = s.jedis().pipelined();
            List<Response<String>> gets = new ArrayList<>();
            List<Response<Long>> deletes = new ArrayList<>();
            for (int i = 0; i < 2500; i++) {
                pipeline.set("k" + i, "value " + i);
                gets.add(pipeline.get("k" + i));
                deletes.add(pipeline.del("k" + (i - 1)));
                pipeline.exists("k" + i);
            }
            pipeline.sync();
            for (int i = 0; i < 2500; i++) {
                assertThat(gets.get(i).get()).as("the GET right after SET k%d", i).isEqualTo("value " + i);
                assertThat(deletes.get(i).get()).as("DEL k%d", i - 1).isEqualTo(i == 0 ? 0 : 1);
            }
            assertThat(s.jedis().dbSize()).as("DBSIZE after the pipeline: each DEL removed the key before")
                    .isEqualTo(1);
            assertThat(s.store().get(bytes("k2499"))).as("the store itself holds the last SET")
                    .isEqualTo(bytes("value 2499"));
        }
    }

    @Test
    @DisplayName("errors are replies as in Redis: unknown commands, wrong arity, unsupported SET options; the client goes on")
    void errorsAreReplies(@Scratch Path dir) {
        try (Served s = Served.in(dir)) {
            assertThrown(JedisDataException.class,
                    () -> s.jedis().sendCommand(() -> SafeEncoder.encode("FLY"), "to", "the moon"),
                    "an unknown command is an error reply, worded as Redis words it")
                    .hasMessage("ERR unknown command 'FLY', with args beginning with: 'to' 'the moon' ");
            assertThrown(JedisDataException.class, () -> s.jedis().sendCommand(() -> SafeEncoder.encode("GET")),
                    "GET without a key is an error reply, worded as Redis words it")
                    .hasMessage("ERR wrong number of arguments for 'get' command");
            assertThrown(JedisDataException.class,
                    () -> s.jedis().sendCommand(() -> SafeEncoder.encode("SET"), "k", "v", "EX", "10"),
                    "SET with the unsupported option EX is an error reply naming it").hasMessageContaining("EX");
            assertThrown(JedisDataException.class, () -> s.jedis().set(new byte[70_000], bytes("v")),
                    "a key over the store's limit").hasMessageContaining("limit");
            assertThat(s.jedis().ping()).as("the connection goes on after errors").isEqualTo("PONG");
            assertThat(s.jedis().exists("k")).as("the refused SET wrote nothing").isFalse();
        }
    }

    @Test
    @DisplayName("a malformed request gets a protocol error and closes its connection only; other clients go on")
    @Hint("After bytes it cannot parse, the server cannot know where the next request starts: it answers with the "
            + "error and hangs up. The offset in the message is where your reader found the problem.")
    void malformedRequestClosesOnlyItsConnection(@Scratch Path dir) throws IOException {
        try (Served s = Served.in(dir)) {
            s.jedis().set("k", "v");
            try (Socket raw = rawSocket(s)) {
                raw.getOutputStream().write(bytes("*1\r\n$4\r\nPING\r\n*2\r\n+GET\r\n"));
                String replies = readUntilClosed(raw.getInputStream());
                assertThat(replies).as("PONG, then the error, then the server closes the connection")
                        .startsWith("+PONG\r\n-ERR Protocol error: ").contains("offset 18").endsWith("\r\n");
            }
            assertThat(s.jedis().get("k")).as("a client connected before goes on").isEqualTo("v");
            try (Jedis other = s.client()) {
                assertThat(other.ping()).as("and new clients are served").isEqualTo("PONG");
            }
        }
    }

    @Test
    @DisplayName("an empty array *0 gets no reply and the connection goes on, as in Redis")
    void emptyArraysGetNoReply(@Scratch Path dir) throws IOException {
        // Observed on redis-server 7.0.15: "*0\r\n*1\r\n$4\r\nPING\r\n" is answered "+PONG\r\n" and nothing else,
        // and "*0\r\n*0\r\nGET k\r\n" is answered "$-1\r\n": *0 is skipped, the connection stays open.
        try (Served s = Served.in(dir); Socket raw = rawSocket(s)) {
            raw.getOutputStream().write(bytes("*0\r\n*1\r\n$4\r\nPING\r\n*0\r\n*0\r\nGET k\r\n*0\r\nSET k v\r\n*0\r\nQUIT\r\n"));
            assertThat(readUntilClosed(raw.getInputStream()))
                    .as("one reply per request (PONG, nil, OK, OK for QUIT), none for *0, and QUIT still reached")
                    .isEqualTo("+PONG\r\n$-1\r\n+OK\r\n+OK\r\n");
            assertThat(s.store().get(bytes("k"))).as("the SET after the *0 was run").isEqualTo(bytes("v"));
        }
    }

    @Test
    @DisplayName("a null bulk string $-1 in a request is a protocol error: the server answers it and hangs up, as Redis does")
    void nullBulkStringInARequestClosesTheConnection(@Scratch Path dir) throws IOException {
        // Observed on redis-server 7.0.15: "*1\r\n$4\r\nPING\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$-1\r\n*1\r\n$4\r\nPING\r\n"
        // is answered "+PONG\r\n-ERR Protocol error: invalid bulk length\r\n", then the server closes the connection:
        // the SET is not run, the PING after it is not answered.
        try (Served s = Served.in(dir)) {
            try (Socket raw = rawSocket(s)) {
                raw.getOutputStream().write(bytes("*1\r\n$4\r\nPING\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$-1\r\n*1\r\n$4\r\nPING\r\n"));
                String replies = readUntilClosed(raw.getInputStream());
                assertThat(replies).as("PONG, then one protocol error, then the connection closed (no second PONG)")
                        .startsWith("+PONG\r\n-ERR Protocol error").endsWith("\r\n").doesNotContain("PONG\r\n+PONG");
                assertThat(replies.split("\r\n")).as("exactly two replies: %s", replies).hasSize(2);
            }
            assertThat(s.store().get(bytes("k"))).as("a SET whose value was $-1 must not store anything, not even null "
                    + "or an empty value").isNull();
            assertThat(s.jedis().ping()).as("the server goes on serving others").isEqualTo("PONG");
        }
    }

    @Test
    @DisplayName("inline commands work over a raw socket, as from telnet, and QUIT answers OK and closes")
    void inlineCommandsAndQuit(@Scratch Path dir) throws IOException {
        try (Served s = Served.in(dir); Socket raw = rawSocket(s)) {
            raw.getOutputStream().write(bytes("SET k hello\r\nGET k\nEXISTS k nope\r\nQUIT\r\nPING\r\n"));
            assertThat(readUntilClosed(raw.getInputStream()))
                    .as("nothing after QUIT is answered").isEqualTo("+OK\r\n$5\r\nhello\r\n:1\r\n+OK\r\n");
        }
    }

    @Test
    @DisplayName("requests sent a byte at a time are answered once each is whole, with the same replies")
    @Hint("TCP delivers a stream, not messages: here every request arrives in pieces. The server hands your reader "
            + "only whole requests, then the end of the stream, and calls read() again when more arrive: does your "
            + "reader remember that it once saw the end?")
    void requestsSplitIntoSingleBytes(@Scratch Path dir) throws IOException {
        byte[] requests = bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$12\r\nhello\r\nthere\r\n"
                + "GET k\r\n*2\r\n$3\r\nGET\r\n$1\r\nk\r\n*1\r\n$4\r\nQUIT\r\n");
        try (Served s = Served.in(dir); Socket raw = rawSocket(s)) {
            raw.setTcpNoDelay(true);
            for (byte b : requests) {
                raw.getOutputStream().write(b);
                raw.getOutputStream().flush();
            }
            assertThat(readUntilClosed(raw.getInputStream()))
                    .as("the replies to SET, inline GET, GET and QUIT sent a byte at a time")
                    .isEqualTo("+OK\r\n$12\r\nhello\r\nthere\r\n$12\r\nhello\r\nthere\r\n+OK\r\n");
        }
    }

    private static Socket rawSocket(Served s) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), s.server().port());
        socket.setSoTimeout(30_000); // a guard against a server that never closes, not a timing assumption
        return socket;
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        in.transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("redis-cli works against the server, command by command")
    void redisCliCommands(@Scratch Path dir) throws Exception {
        assumeRedisCli();
        try (Served s = Served.in(dir)) {
            assertThat(redisCli(s, "", "SET", "name", "fromzero")).as("redis-cli SET name fromzero").isEqualTo("OK\n");
            assertThat(redisCli(s, "", "GET", "name")).as("redis-cli GET name").isEqualTo("fromzero\n");
            assertThat(redisCli(s, "", "DBSIZE")).as("redis-cli DBSIZE").isEqualTo("1\n");
            assertThat(redisCli(s, "", "--scan", "--pattern", "n*")).as("redis-cli --scan --pattern n*")
                    .isEqualTo("name\n");
        }
    }

    @Test
    @DisplayName("redis-cli runs a script of commands piped to it")
    void redisCliPiped(@Scratch Path dir) throws Exception {
        assumeRedisCli();
        try (Served s = Served.in(dir)) {
            String out = redisCli(s, "SET a 1\nSET b 2\nMGET a b c\nDEL a\nEXISTS a b\nPING\n");
            assertThat(out).as("redis-cli's output for the piped script").isEqualTo("OK\nOK\n1\n2\n\n1\n1\nPONG\n");
            assertThat(s.store().get(bytes("b"))).as("the store itself holds b from the script").isEqualTo(bytes("2"));
        }
    }

    private static void assumeRedisCli() {
        boolean present;
        try {
            Process p = new ProcessBuilder("redis-cli", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            present = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            present = false;
        }
        Assumptions.assumeTrue(present, "redis-cli is not installed, so this test is skipped; install it to run it "
                + "(Debian and Ubuntu: apt install redis-tools; macOS: brew install redis)");
    }

    /** Runs redis-cli against the server with {@code args}, feeding it {@code stdin}; returns its output. */
    private static String redisCli(Served s, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-p", String.valueOf(s.server().port())));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().write(bytes(stdin));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("redis-cli finished").isTrue();
        assertThat(p.exitValue()).as("redis-cli's exit status; it printed: %s", out).isZero();
        return out;
    }
}
