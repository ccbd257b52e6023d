package dev.fromzero.raft.kv;

import static dev.fromzero.raft.kv.KvFixtures.cas;
import static dev.fromzero.raft.kv.KvFixtures.put;
import static dev.fromzero.raft.kv.KvFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.raft.RaftNode;
import dev.fromzero.raft.sim.Simulation;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 8: the server snapshots its store when the log has grown, a restart recovers from the
 * snapshot plus the log (keys and sessions alike), and a follower far behind gets the store by
 * InstallSnapshot.
 */
@Seeded
@Step(chapter = 4, number = 8, title = "Snapshots of the store", guide = "docs/chapter04-raft.md#step-8-snapshots-of-the-store")
@Hint("Snapshot when enough entries are applied after the last snapshot, through the index the store is at; at "
        + "restart the store is restored from the Raft snapshot unless it is already past it.")
class StoreSnapshotTest {

    /** Client 1 increments counter {@code key} from 0 to {@code to} by cas, one request per step, asserting each succeeds. */
    private static void count(KvFixtures.OneNode node, long firstSeq, int from, int to) {
        for (int i = from; i < to; i++) {
            Response answer = node.call(request(1, firstSeq + i - from, cas("counter", i == 0 ? null : Integer.toString(i),
                    Integer.toString(i + 1))));
            assertThat(answer).as("cas of the counter from %d to %d", i, i + 1).isEqualTo(new Response.Ok(1, firstSeq + i - from,
                    null, true));
        }
    }

    @Test
    @Points(2)
    @DisplayName("the server snapshots the store once the log holds the threshold's number of applied entries, and the log stays short")
    void serverCompactsTheLog(@Scratch Path dir) {
        try (KvFixtures.OneNode node = new KvFixtures.OneNode(dir, 5)) {
            count(node, 1, 0, 23);
            RaftNode raft = node.server.replica().node();
            assertThat(raft.snapshotIndex()).as("24 entries applied with a threshold of 5: the log was compacted")
                    .isGreaterThanOrEqualTo(20);
            assertThat(raft.lastIndex() - raft.snapshotIndex()).as("at most the threshold's entries after the snapshot")
                    .isLessThan(5);
            assertThat(node.machine.get("counter")).isEqualTo("23");
        }
    }

    @Test
    @Points(3)
    @DisplayName("a restart recovers the keys and the sessions from the snapshot and the log: nothing lost, nothing applied twice")
    @Hint("Keep the applied index in the store, in the same batch as each entry's effect: at restart, entries at or below "
            + "it are skipped, and a store behind the Raft snapshot is replaced by it.")
    void restartRecoversFromSnapshotAndLog(@Scratch Path dir) {
        try (KvFixtures.OneNode node = new KvFixtures.OneNode(dir, 4)) {
            count(node, 1, 0, 10);
        }
        try (KvFixtures.OneNode node = new KvFixtures.OneNode(dir, 4)) {
            assertThat(node.machine.get("counter")).as("after a restart the counter is where it was, not behind (lost entries) "
                    + "or ahead (entries applied twice)").isEqualTo("10");
            assertThat(node.call(request(1, 10, cas("counter", "9", "10")))).as("the last request's retry is answered from "
                    + "the session: the session table survived the restart").isEqualTo(new Response.Ok(1, 10, null, true));
            count(node, 11, 10, 13);
        }
        deleteTree(dir.resolve("kv"));
        try (KvFixtures.OneNode node = new KvFixtures.OneNode(dir, 4)) {
            assertThat(node.machine.get("counter")).as("with its store lost, a node rebuilds it from the Raft snapshot and log")
                    .isEqualTo("13");
            assertThat(node.call(request(1, 13, cas("counter", "12", "13")))).as("sessions included")
                    .isEqualTo(new Response.Ok(1, 13, null, true));
        }
    }

    @Test
    @Points(2)
    @DisplayName("a follower cut off while the others compacted gets the whole store by InstallSnapshot")
    void laggingFollowerGetsTheStore(@Scratch Path scratch, Seed seed) {
        KvRuns.run("StoreSnapshotTest#laggingFollowerGetsTheStore", seed, scratch, 3, 1, 8, UnaryOperator.identity(), (kv, history) -> {
            Simulation simulation = kv.simulation();
            assertThat(simulation.runUntil(3_000, () -> simulation.leaders().size() == 1)).isTrue();
            int lagging = simulation.leaders().first() % 3 + 1;
            simulation.network().disconnect(lagging);
            for (int i = 0; i < 30; i++) {
                kv.start(1, put("k" + i, "v" + i));
                assertThat(KvRuns.finish(kv, 1, 10_000)).as("put %d completes", i).isTrue();
            }
            simulation.network().connect(lagging);
            assertThat(simulation.runUntil(5_000, () -> kv.machine(lagging).appliedIndex() >= simulation.highestApplied()))
                    .as("the follower catches up").isTrue();
            assertThat(simulation.raft(lagging).snapshotIndex()).as("it got a snapshot: the entries were compacted away")
                    .isPositive();
            for (int i = 0; i < 30; i++) {
                assertThat(kv.machine(lagging).get("k" + i)).isEqualTo("v" + i);
            }
        });
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
