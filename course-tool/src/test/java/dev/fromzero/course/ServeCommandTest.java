package dev.fromzero.course;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.course.FixtureCourse.Run;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./course serve kv} and {@code serve sql}: argument errors and a compile error on a tiny
 * course, and smoke tests that serve the real course's reference, PING it with RESP and query it
 * with pgJDBC.
 */
class ServeCommandTest {

    private static final String BROKEN_SERVER = """
            package dev.fromzero.kv.resp;

            public final class RespServer {
                public static void main(String[] args) {
                    int port = "not an int";
                }
            }
            """;

    @TempDir
    Path root;

    private Run course(String... args) {
        return new FixtureCourse(root).run(args);
    }

    private void fixture() throws IOException {
        FixtureCourse fixture = new FixtureCourse(root);
        fixture.write("pom.xml", "<project/>\n");
        fixture.write("solutions/src/main/java/dev/fromzero/kv/resp/RespServer.java", "//@ chapter 3\n" + BROKEN_SERVER);
        fixture.write("chapter03-demo/src/main/java/dev/fromzero/kv/resp/RespServer.java", BROKEN_SERVER);
    }

    @Test
    void argumentErrorsSayWhatToGive() throws IOException {
        fixture();
        FixtureCourse fixture = new FixtureCourse(root);
        Run noTarget = course("serve", "--dir", "d");
        assertThat(noTarget.exit()).isEqualTo(2);
        assertThat(noTarget.err()).contains("Missing required parameter: 'WHAT'", "./course serve --help");
        Run badTarget = course("serve", "sqlite", "--dir", "d");
        assertThat(badTarget.exit()).isEqualTo(2);
        assertThat(badTarget.err()).contains("'sqlite'", "kv", "sql");
        Run syncForSql = course("serve", "sql", "--dir", "d", "--sync", "always");
        assertThat(syncForSql.exit()).isEqualTo(1);
        assertThat(syncForSql.err()).contains("--sync is for serve kv only");
        Run badSqlPort = course("serve", "sql", "--dir", "d", "--port", "-1");
        assertThat(badSqlPort.exit()).isEqualTo(1);
        assertThat(badSqlPort.err()).contains("--port -1 is not a port");
        fixture.write("a-file", "x");
        Run fileAsDir = course("serve", "sql", "--dir", root.resolve("a-file").toString());
        assertThat(fileAsDir.exit()).isEqualTo(1);
        assertThat(fileAsDir.err()).contains("is a file: give a directory");
        Run noDir = course("serve", "kv");
        assertThat(noDir.exit()).isEqualTo(2);
        assertThat(noDir.err()).contains("Missing required option: '--dir=DIR'");
        Run badSync = course("serve", "kv", "--dir", "d", "--sync", "sometimes");
        assertThat(badSync.exit()).isEqualTo(1);
        assertThat(badSync.err()).contains("--sync sometimes is not a mode: give always, everysec or no");
        Run badPort = course("serve", "kv", "--dir", "d", "--port", "70000");
        assertThat(badPort.exit()).isEqualTo(1);
        assertThat(badPort.err()).contains("--port 70000 is not a port");
    }

    @Test
    void codeThatDoesNotCompileIsReportedByFileAndLine() throws IOException {
        fixture();
        Run yours = course("serve", "kv", "--dir", root.resolve("store").toString());
        assertThat(yours.exit()).isEqualTo(1);
        assertThat(yours.out()).contains("your chapter 3 code does not compile",
                "chapter03-demo/src/main/java/dev/fromzero/kv/resp/RespServer.java:5: incompatible types");
        Run reference = course("serve", "kv", "--reference", "--dir", root.resolve("store").toString());
        assertThat(reference.exit()).isEqualTo(1);
        assertThat(reference.out()).contains("RespServer.java:5: incompatible types");
    }

    @Test
    void servesTheReferenceToARedisClient() throws Exception {
        Path course = Course.locate(null).root();
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        FixtureCourse real = new FixtureCourse(course);
        String[] args = {"serve", "kv", "--reference", "--dir", root.resolve("store").toString(), "--port", String.valueOf(port)};
        CompletableFuture<Run> serving = CompletableFuture.supplyAsync(() -> real.run(args));
        try (Socket socket = connect(port, serving)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write("*1\r\n$4\r\nPING\r\nSET k v\r\nGET k\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(new String(in.readNBytes("+PONG\r\n+OK\r\n$1\r\nv\r\n".length()), StandardCharsets.US_ASCII))
                    .isEqualTo("+PONG\r\n+OK\r\n$1\r\nv\r\n");
        } finally {
            List<ProcessHandle> servers = ProcessHandle.current().children()
                    .filter(p -> p.info().commandLine().orElse("").contains("dev.fromzero.kv.resp.RespServer")).toList();
            servers.forEach(ProcessHandle::destroy);
        }
        Run run = serving.get(60, TimeUnit.SECONDS);
        assertThat(run.out()).as("nothing but the server's own output, which goes to the terminal").isEmpty();
        assertThat(root.resolve("store")).as("the server opened the store in --dir").isDirectoryContaining("glob:**.log");
    }

    @Test
    void servesTheSqlReferenceToPgJdbc() throws Exception {
        Path course = Course.locate(null).root();
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        FixtureCourse real = new FixtureCourse(course);
        String[] args = {"serve", "sql", "--reference", "--dir", root.resolve("db").toString(), "--port", String.valueOf(port)};
        CompletableFuture<Run> serving = CompletableFuture.supplyAsync(() -> real.run(args));
        try {
            connect(port, serving).close();
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/x?user=x&socketTimeout=60");
                 Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT)");
                s.executeUpdate("INSERT INTO t VALUES (1, 'x')");
                try (ResultSet rs = s.executeQuery("SELECT b FROM t WHERE a = 1")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("x");
                }
            }
        } finally {
            List<ProcessHandle> servers = ProcessHandle.current().children()
                    .filter(p -> p.info().commandLine().orElse("").contains("dev.fromzero.sql.pgwire.PgServer")).toList();
            servers.forEach(ProcessHandle::destroy);
        }
        serving.get(60, TimeUnit.SECONDS);
        assertThat(root.resolve("db")).as("the server opened the database in --dir").isNotEmptyDirectory();
    }

    /** Connects once the server listens: it compiles the reference and starts a JVM first. */
    private static Socket connect(int port, CompletableFuture<Run> serving) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try {
                return new Socket(InetAddress.getLoopbackAddress(), port);
            } catch (ConnectException notYet) {
                if (serving.isDone()) {
                    throw new AssertionError("./course serve ended before it served: " + serving.get());
                }
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(100);
            }
        }
    }
}
