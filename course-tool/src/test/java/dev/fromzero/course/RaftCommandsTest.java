package dev.fromzero.course;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.course.FixtureCourse.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./course serve raft} and {@code ./course raft ...}: their argument errors on a tiny
 * course, and one run of the real course's reference cluster with a put, a get and a status.
 */
class RaftCommandsTest {

    @TempDir
    Path root;

    private Run course(String... args) {
        return new FixtureCourse(root).run(args);
    }

    private void fixture() throws IOException {
        FixtureCourse fixture = new FixtureCourse(root);
        fixture.write("pom.xml", "<project/>\n");
        fixture.write("solutions/src/main/java/demo/Empty.java", "//@ chapter 4\npackage demo;\n\nclass Empty {\n}\n");
    }

    @Test
    void serveRaftRefusesKvOptionsAndBadSizes() throws IOException {
        fixture();
        Run port = course("serve", "raft", "--port", "7000");
        assertThat(port.exit()).isEqualTo(2);
        assertThat(port.err()).contains("--port does not apply to serve raft", "./course serve --help");
        Run sync = course("serve", "raft", "--sync", "always");
        assertThat(sync.exit()).isEqualTo(2);
        assertThat(sync.err()).contains("--sync does not apply to serve raft");
        Run nodes = course("serve", "kv", "--dir", "d", "--nodes", "3");
        assertThat(nodes.exit()).isEqualTo(2);
        assertThat(nodes.err()).contains("--nodes does not apply to serve kv");
        Run zero = course("serve", "raft", "--nodes", "0");
        assertThat(zero.exit()).isEqualTo(1);
        assertThat(zero.err()).contains("--nodes 0 is not a cluster size: give 1 to 9");
        Run notANumber = course("serve", "raft", "--nodes", "three");
        assertThat(notANumber.exit()).isEqualTo(2);
        assertThat(notANumber.err()).contains("--nodes", "three");
    }

    @Test
    void raftNamesTheOperationAndTheArgumentThatIsWrong() throws IOException {
        fixture();
        Run none = course("raft");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("Missing the operation: put, get, del, cas or status", "./course raft --help");
        Run unknown = course("raft", "gte", "k");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command 'gte'; did you mean get?");
        Run noValue = course("raft", "put", "k");
        assertThat(noValue.exit()).isEqualTo(2);
        assertThat(noValue.err()).contains("Missing required parameter: 'VALUE'", "./course raft put --help");
        Run casShort = course("raft", "cas", "k", "old");
        assertThat(casShort.exit()).isEqualTo(2);
        assertThat(casShort.err()).contains("Missing required parameter: 'NEW'", "./course raft cas --help");
        Run extra = course("raft", "get", "k", "v");
        assertThat(extra.exit()).isEqualTo(2);
        assertThat(extra.err()).contains("'v'", "./course raft get --help");
        Run emptyKey = course("raft", "del", "");
        assertThat(emptyKey.exit()).isEqualTo(2);
        assertThat(emptyKey.err()).contains("KEY is empty", "./course raft del --help");
    }

    @Test
    void raftWithoutAClusterSaysHowToStartOne() throws IOException {
        fixture();
        Run run = course("raft", "get", "k");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("no cluster has been started here: start one with ./course serve raft");
        new FixtureCourse(root).write("target/course/raft/current.txt", "garbage\n");
        Run damaged = course("raft", "status");
        assertThat(damaged.exit()).isEqualTo(1);
        assertThat(damaged.err()).contains("current.txt is damaged: start the cluster again with ./course serve raft");
    }

    @Test
    void servesTheReferenceClusterToTheClient() throws Exception {
        Path course = Course.locate(null).root();
        FixtureCourse real = new FixtureCourse(course);
        Path dir = root.resolve("cluster");
        CompletableFuture<Run> serving = CompletableFuture.supplyAsync(
                () -> real.run("serve", "raft", "--reference", "--dir", dir.toString(), "--nodes", "3"));
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!Files.exists(dir.resolve("cluster.txt"))) {
                if (serving.isDone()) {
                    throw new AssertionError("./course serve raft ended before its cluster ran: " + serving.get());
                }
                assertThat(System.nanoTime() - deadline).as("the cluster to start (it compiles the reference first)").isNegative();
                Thread.sleep(100);
            }
            Run put = real.run("raft", "put", "greeting", "hello");
            assertThat(put.exit()).as("put: %s", put).isZero();
            assertThat(put.out()).isEqualTo("OK\n");
            Run get = real.run("raft", "get", "greeting");
            assertThat(get.out()).as("get: %s", get).isEqualTo("hello\n");
            Run status = real.run("raft", "status");
            assertThat(status.out()).as("status: %s", status)
                    .containsPattern("node 1: .*term \\d+.*commit \\d+, applied \\d+")
                    .contains("node 2: ", "node 3: ")
                    .containsPattern("leader: node [123] in term \\d+");
        } finally {
            List<ProcessHandle> clusters = ProcessHandle.current().children()
                    .filter(p -> p.info().commandLine().orElse("").contains("dev.fromzero.raft.net.LocalCluster")).toList();
            clusters.forEach(ProcessHandle::destroy);
        }
        Run run = serving.get(60, TimeUnit.SECONDS);
        assertThat(run.out()).as("the cluster prints to the terminal, not through the tool").isEmpty();
        assertThat(dir.resolve("cluster.txt")).as("a stopped cluster removes its cluster file").doesNotExist();
        assertThat(dir.resolve("node-1/raft")).as("each node keeps its Raft log in its own directory").isDirectory();
    }
}
