package dev.fromzero.raft.kv;

import static dev.fromzero.raft.kv.KvFixtures.cas;
import static dev.fromzero.raft.kv.KvFixtures.delete;
import static dev.fromzero.raft.kv.KvFixtures.entry;
import static dev.fromzero.raft.kv.KvFixtures.get;
import static dev.fromzero.raft.kv.KvFixtures.put;
import static dev.fromzero.raft.kv.KvFixtures.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fromzero.raft.Entry;
import dev.fromzero.raft.Snapshot;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Step 6: the state machine applies committed requests to the chapter-3 store, exactly once per
 * client request, and its snapshot carries the store and the session table.
 */
@Step(chapter = 4, number = 6, title = "The KV state machine and sessions",
        guide = "docs/chapter04-raft.md#step-6-the-kv-state-machine-and-sessions")
@Hint("Each client's last sequence number and answer live in the session table, in the store beside the keys; a "
        + "request at or below it is answered from there, never applied again.")
class KvStateMachineTest {

    /** Whether an answer says the operation succeeded (a cas set its value). */
    private static boolean swapped(Response answer) {
        assertThat(answer).isInstanceOf(Response.Ok.class);
        return ((Response.Ok) answer).success();
    }

    @Test
    @Points(2)
    @DisplayName("put, get and delete: a get of an absent key is null, a delete says whether the key existed")
    void putGetDelete(@Scratch Path dir) {
        try (KvStateMachine machine = KvStateMachine.open(dir)) {
            assertThat(machine.execute(entry(1, 1, 1, get("k")))).as("a get of a key never put")
                    .isEqualTo(new Response.Ok(1, 1, null, true));
            assertThat(machine.execute(entry(2, 1, 2, put("k", "v1")))).isEqualTo(new Response.Ok(1, 2, null, true));
            assertThat(machine.execute(entry(3, 1, 3, put("k", "v2")))).isEqualTo(new Response.Ok(1, 3, null, true));
            assertThat(machine.get("k")).as("the later put wins").isEqualTo("v2");
            assertThat(machine.execute(entry(4, 1, 4, delete("k")))).as("deleting a key that exists")
                    .isEqualTo(new Response.Ok(1, 4, null, true));
            assertThat(machine.get("k")).as("a deleted key is absent").isNull();
            assertThat(machine.execute(entry(5, 1, 5, delete("k")))).as("deleting a key that does not exist")
                    .isEqualTo(new Response.Ok(1, 5, null, false));
            assertThat(machine.execute(entry(6, 2, 1, put("", "")))).as("the empty key and the empty value are a key and a value")
                    .isEqualTo(new Response.Ok(2, 1, null, true));
            assertThat(machine.get("")).isEqualTo("");
            assertThat(machine.appliedIndex()).isEqualTo(6);
        }
    }

    @Test
    @Points(2)
    @DisplayName("compare-and-set sets the value only if the current one is the expected one, null meaning absent")
    @Hint("Compare strings with equals, and treat an expected null as 'the key must not exist'.")
    void compareAndSet(@Scratch Path dir) {
        try (KvStateMachine machine = KvStateMachine.open(dir)) {
            assertThat(swapped(machine.execute(entry(1, 1, 1, cas("k", "x", "a")))))
                    .as("cas expecting a value on an absent key fails").isFalse();
            assertThat(machine.get("k")).isNull();
            assertThat(swapped(machine.execute(entry(2, 1, 2, cas("k", null, "a")))))
                    .as("cas expecting absence on an absent key succeeds").isTrue();
            assertThat(machine.get("k")).isEqualTo("a");
            assertThat(swapped(machine.execute(entry(3, 1, 3, cas("k", null, "b")))))
                    .as("cas expecting absence on a present key fails").isFalse();
            assertThat(swapped(machine.execute(entry(4, 1, 4, cas("k", "b", "c")))))
                    .as("cas with the wrong expected value fails").isFalse();
            assertThat(machine.get("k")).as("a failed cas changes nothing").isEqualTo("a");
            assertThat(swapped(machine.execute(entry(5, 1, 5, cas("k", new String("a"), "c")))))
                    .as("cas with the current value (an equal string, not the same object) succeeds").isTrue();
            assertThat(machine.get("k")).isEqualTo("c");
        }
    }

    @Test
    @Points(3)
    @DisplayName("a retried request that reaches the log twice is applied once, and the retry gets the first answer")
    @Hint("A leader that crashed after committing a write but before answering leaves the client to retry with the same "
            + "sequence number: a second copy lands in the log. Look the client up in the session table before applying.")
    void retriedRequestAppliesOnce(@Scratch Path dir) {
        try (KvStateMachine machine = KvStateMachine.open(dir)) {
            Response first = machine.execute(entry(1, 7, 1, cas("k", null, "mine")));
            assertThat(first).isEqualTo(new Response.Ok(7, 1, null, true));
            machine.execute(entry(2, 8, 1, put("k", "theirs")));
            Response retry = machine.execute(entry(3, 7, 1, cas("k", null, "mine")));
            assertThat(retry).as("the retry of client 7's request 1 must get the answer of its first application, not a "
                    + "new one").isEqualTo(first);
            assertThat(machine.get("k")).as("applying the retry again would have undone client 8's later put")
                    .isEqualTo("theirs");
            machine.execute(entry(4, 7, 2, put("j", "1")));
            machine.execute(entry(5, 8, 2, put("j", "2")));
            machine.execute(entry(6, 7, 2, put("j", "1")));
            assertThat(machine.get("j")).as("a retried put must not overwrite a later write").isEqualTo("2");
            assertThat(machine.lastSeq(7)).isEqualTo(2);
            assertThat(machine.answered(request(7, 1, put("j", "x")))).as("a request older than the client's latest is refused")
                    .isInstanceOf(Response.Failed.class);
        }
    }

    @Test
    @Points(3)
    @DisplayName("a snapshot carries the keys and the sessions: a machine restored from it answers a retry and does not re-apply it")
    @Hint("The snapshot is every record of the store, the session table included; restoring replaces the whole store.")
    void snapshotRoundTrip(@Scratch Path dir) {
        byte[] data;
        try (KvStateMachine source = KvStateMachine.open(dir.resolve("a"))) {
            source.execute(entry(1, 1, 1, put("x", "1")));
            source.execute(entry(2, 2, 1, put("y", "2")));
            source.execute(entry(3, 2, 2, delete("y")));
            source.execute(entry(4, 3, 1, cas("z", null, "3")));
            source.execute(Entry.noop(5, 2));
            data = source.snapshot();
        }
        try (KvStateMachine target = KvStateMachine.open(dir.resolve("b"))) {
            target.execute(entry(1, 9, 1, put("stale", "gone")));
            target.restore(new Snapshot(5, 2, data));
            assertThat(target.appliedIndex()).isEqualTo(5);
            assertThat(target.get("x")).isEqualTo("1");
            assertThat(target.get("y")).as("deleted before the snapshot").isNull();
            assertThat(target.get("z")).isEqualTo("3");
            assertThat(target.get("stale")).as("a restore replaces the whole state, not merges into it").isNull();
            Response retry = target.execute(new Entry(6, 2, KvCodec.encodeRequest(request(3, 1, cas("z", null, "3")))));
            assertThat(retry).as("the session of client 3 came with the snapshot: its retried cas gets its first answer")
                    .isEqualTo(new Response.Ok(3, 1, null, true));
            assertThat(target.lastSeq(2)).isEqualTo(2);
            assertThat(target.lastSeq(9)).as("the replaced machine's sessions are gone too").isZero();
        }
    }

    @Test
    @Points(1)
    @DisplayName("bytes that are not a request, a response or a snapshot are a clear error, never a wrong value")
    void badEncodingsAreErrors(@Scratch Path dir) {
        byte[] good = KvCodec.encodeRequest(request(1, 1, cas("k", null, "v")));
        assertThat(KvCodec.decodeRequest(good)).isEqualTo(request(1, 1, cas("k", null, "v")));
        assertThatThrownBy(() -> KvCodec.decodeRequest(new byte[] {9, 0, 0})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("operation");
        byte[] cut = java.util.Arrays.copyOf(good, good.length - 1);
        assertThatThrownBy(() -> KvCodec.decodeRequest(cut)).isInstanceOf(IllegalArgumentException.class);
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> KvCodec.decodeRequest(longer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("left over");
        Response ok = new Response.Ok(3, 4, "é€😀", false);
        assertThat(KvCodec.decodeResponse(KvCodec.encodeResponse(ok))).isEqualTo(ok);
        assertThat(KvCodec.decodeResponse(KvCodec.encodeResponse(new Response.NotLeader(3, 4, 2))))
                .isEqualTo(new Response.NotLeader(3, 4, 2));
        try (KvStateMachine machine = KvStateMachine.open(dir)) {
            assertThatThrownBy(() -> machine.execute(new Entry(1, 1, new byte[] {42})))
                    .as("an entry that is not a command names its index").isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("entry 1");
            byte[] snapshot = machine.snapshot();
            snapshot[snapshot.length / 2] ^= 1;
            assertThatThrownBy(() -> machine.restore(new Snapshot(3, 1, snapshot))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("snapshot");
        }
    }
}
