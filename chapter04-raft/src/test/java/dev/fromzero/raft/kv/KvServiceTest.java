package dev.fromzero.raft.kv;

import static dev.fromzero.raft.kv.KvFixtures.cas;
import static dev.fromzero.raft.kv.KvFixtures.get;
import static dev.fromzero.raft.kv.KvFixtures.put;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.raft.Entry;
import dev.fromzero.raft.Message;
import dev.fromzero.raft.RaftConfig;
import dev.fromzero.raft.RaftNode;
import dev.fromzero.raft.Role;
import dev.fromzero.raft.sim.HistoryListener.Operation;
import dev.fromzero.raft.sim.KvSimulation;
import dev.fromzero.raft.sim.Simulation;
import dev.fromzero.raft.storage.LogStorage;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 7, the service as a whole in the simulator: three KV servers and their clients, across
 * partitions and leader changes.
 */
@Seeded
@Step(chapter = 4, number = 7, title = "Linearizable reads and the client",
        guide = "docs/chapter04-raft.md#step-7-linearizable-reads-and-the-client")
@Hint("A leader cut off from the majority still believes it leads: only a round of heartbeats answered by a majority "
        + "after the read arrived proves it is still the leader.")
class KvServiceTest {

    private static final int RUNS = 4;

    private static int leader(Simulation simulation) {
        assertThat(simulation.runUntil(3_000, () -> simulation.leaders().size() == 1))
                .as("a leader is elected within 3 s").isTrue();
        return simulation.leaders().first();
    }

    @Test
    @Points(3)
    @DisplayName("a leader cut off from the majority never answers a read with a value the majority has overwritten")
    void deposedLeaderServesNoStaleRead(@Scratch Path scratch, Seed seed) {
        KvRuns.run("KvServiceTest#deposedLeaderServesNoStaleRead", seed, scratch, RUNS, 3, 0, UnaryOperator.identity(), (kv, history) -> {
            Simulation simulation = kv.simulation();
            int old = leader(simulation);
            kv.start(1, put("x", "1"));
            assertThat(KvRuns.finish(kv, 1, 5_000)).as("the first put completes").isTrue();
            kv.start(1, get("x"));
            assertThat(KvRuns.finish(kv, 1, 5_000)).as("a read on a healthy cluster completes: followers answer its round")
                    .isTrue();
            assertThat(history.get(history.size() - 1).output()).as("the read sees the put").isEqualTo("1");
            Set<Integer> minority = Set.of(old, kv.clientAddress(2));
            Set<Integer> majority = new java.util.TreeSet<>(Set.of(1, 2, 3, kv.clientAddress(1), kv.clientAddress(3)));
            majority.remove(old);
            simulation.network().partition(minority, majority);
            simulation.note("n" + old + " and client 2 cut off from the rest");
            kv.start(3, put("x", "2"));
            assertThat(KvRuns.finish(kv, 3, 10_000)).as("the majority elects a leader and the second put completes").isTrue();
            assertThat(simulation.raft(old).role()).as("without CheckQuorum the old leader still believes it leads")
                    .isEqualTo(Role.LEADER);
            kv.start(2, get("x"));
            simulation.runFor(3_000);
            List<Operation> reads = history.stream().filter(op -> op.client() == 2).toList();
            assertThat(reads).as("client 2 can reach only the deposed leader, which must not answer its read with the "
                    + "overwritten value 1: ReadIndex needs a majority's answer to a heartbeat after the read").isEmpty();
        });
    }

    @Test
    @Points(3)
    @DisplayName("a write whose answers are lost is retried across a leader change and takes effect exactly once")
    @Hint("The client retries with the same sequence number; the new leader finds the write in its session table "
            + "(or applies the second copy as a duplicate) and answers with the first outcome.")
    void retriedWriteAppliesOnceAcrossLeaderChange(@Scratch Path scratch, Seed seed) {
        KvRuns.run("KvServiceTest#retriedWriteAppliesOnceAcrossLeaderChange", seed, scratch, RUNS, 2, 0,
                UnaryOperator.identity(), (kv, history) -> {
            Simulation simulation = kv.simulation();
            int old = leader(simulation);
            for (int node = 1; node <= 3; node++) {
                simulation.network().block(node, kv.clientAddress(1)); // every answer to client 1 is lost
            }
            kv.start(1, cas("x", null, "once"));
            assertThat(simulation.runUntil(5_000, () -> allApplied(kv, "x", "once"))).as("the cas is applied everywhere").isTrue();
            simulation.crash(old);
            simulation.note("n" + old + " crashed after applying the cas, whose answer was lost");
            simulation.runFor(300);
            simulation.network().heal();
            assertThat(KvRuns.finish(kv, 1, 10_000)).as("the client's retries reach the new leader").isTrue();
            Operation done = history.get(history.size() - 1);
            assertThat(done.output()).as("the retried cas(x, absent -> once) must report its one success; 'false' means it was "
                    + "applied a second time, after the first had set x").isEqualTo("true");
            kv.start(2, put("x", "later"));
            assertThat(KvRuns.finish(kv, 2, 10_000)).isTrue();
            simulation.restart(old);
            simulation.runFor(2_000);
            assertThat(kv.machine(old).get("x")).as("the restarted node catches up to the later write").isEqualTo("later");
        });
    }

    private static boolean allApplied(KvSimulation kv, String key, String value) {
        for (int node = 1; node <= 3; node++) {
            if (kv.machine(node) == null || !value.equals(kv.machine(node).get(key))) {
                return false;
            }
        }
        return true;
    }

    @Test
    @Points(2)
    @DisplayName("a new leader answers a read only once it has applied an entry of its own term")
    @Hint("The read's index is at least the new term's no-op; the server answers when its state machine has applied "
            + "that index, not when the read is confirmed.")
    void newLeaderWaitsForItsTermBeforeReading(@Scratch Path dir) {
        List<Response> answers = new ArrayList<>();
        List<Message> sent = new ArrayList<>();
        LogStorage storage = LogStorage.open(dir.resolve("raft"));
        try (KvStateMachine machine = KvStateMachine.open(dir.resolve("kv"))) {
            KvServer server = KvServer.open(RaftConfig.of(1, List.of(1, 2, 3), 1), storage, sent::add, machine, 0, answers::add);
            Entry put = new Entry(1, 1, KvCodec.encodeRequest(KvFixtures.request(4, 1, put("x", "1"))));
            server.receive(new Message.AppendEntries(2, 1, 1, 0, 0, List.of(put), 0));
            for (int tick = 0; tick < 100 && server.replica().node().role() != Role.CANDIDATE; tick++) {
                server.tick();
            }
            long term = server.replica().node().term();
            server.receive(new Message.RequestVoteResponse(3, 1, term, false, true));
            assertThat(server.replica().node().role()).as("node 1 leads, with its predecessor's put at index 1 not known "
                    + "to be committed, and its no-op at 2").isEqualTo(Role.LEADER);
            sent.clear();
            server.request(KvFixtures.request(5, 1, get("x")));
            long round = sent.stream().filter(m -> m instanceof Message.AppendEntries).map(m -> ((Message.AppendEntries) m).round())
                    .max(Long::compare).orElseThrow();
            server.receive(new Message.AppendEntriesResponse(3, 1, term, true, 1, 0, 0, round));
            assertThat(answers).as("the read is confirmed, but the no-op is not committed yet: the put at index 1 may have "
                    + "been committed and acknowledged by the old leader, so answering now (x absent) could be stale").isEmpty();
            server.receive(new Message.AppendEntriesResponse(3, 1, term, true, 2, 0, 0, round));
            assertThat(answers).as("once the no-op commits and applies, the read sees the put")
                    .containsExactly(new Response.Ok(5, 1, "1", true));
        } finally {
            storage.close();
        }
    }

    @Test
    @Points(1)
    @DisplayName("a follower answers 'not leader' and names the leader it follows")
    void followerNamesTheLeader(@Scratch Path dir) {
        List<Response> answers = new ArrayList<>();
        List<Message> sent = new ArrayList<>();
        LogStorage storage = LogStorage.open(dir.resolve("raft"));
        try (KvStateMachine machine = KvStateMachine.open(dir.resolve("kv"))) {
            KvServer server = KvServer.open(RaftConfig.of(1, List.of(1, 2, 3), 1), storage, sent::add, machine, 0, answers::add);
            server.request(KvFixtures.request(4, 1, get("k")));
            assertThat(answers).as("a node that knows no leader").containsExactly(new Response.NotLeader(4, 1, RaftNode.NONE));
            server.receive(new Message.AppendEntries(2, 1, 1, 0, 0, List.of(), 0));
            server.request(KvFixtures.request(4, 1, get("k")));
            server.request(KvFixtures.request(4, 2, put("k", "v")));
            assertThat(answers.subList(1, 3)).as("a follower of node 2 sends reads and writes there")
                    .containsExactly(new Response.NotLeader(4, 1, 2), new Response.NotLeader(4, 2, 2));
        } finally {
            storage.close();
        }
    }
}
