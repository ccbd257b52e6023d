package dev.fromzero.raft.kv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.raft.Entry;
import dev.fromzero.raft.RaftConfig;
import dev.fromzero.raft.Role;
import dev.fromzero.raft.storage.LogStorage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Entries of KV commands, and a one-node service on real files, for the KV tests. */
final class KvFixtures {

    private KvFixtures() {
    }

    static Request request(long client, long seq, Op op) {
        return new Request(client, seq, op);
    }

    /** The log entry at {@code index} of term 1 that carries client {@code client}'s request {@code seq}. */
    static Entry entry(long index, long client, long seq, Op op) {
        return new Entry(index, 1, KvCodec.encodeRequest(new Request(client, seq, op)));
    }

    static Op put(String key, String value) {
        return new Op.Put(key, value);
    }

    static Op get(String key) {
        return new Op.Get(key);
    }

    static Op delete(String key) {
        return new Op.Delete(key);
    }

    static Op cas(String key, String expected, String value) {
        return new Op.Cas(key, expected, value);
    }

    /**
     * A cluster of one node: a KV server on a {@link LogStorage} in {@code dir/raft} and a
     * state machine in {@code dir/kv}, led by itself once it has ticked through an election.
     */
    static final class OneNode implements AutoCloseable {
        final List<Response> answers = new ArrayList<>();
        final LogStorage storage;
        final KvStateMachine machine;
        final KvServer server;

        OneNode(Path dir, int snapshotThreshold) {
            storage = LogStorage.open(dir.resolve("raft"));
            machine = KvStateMachine.open(dir.resolve("kv"));
            server = KvServer.open(RaftConfig.of(1, List.of(1), 7), storage, message -> {
                throw new AssertionError("a cluster of one node has nobody to send " + message + " to");
            }, machine, snapshotThreshold, answers::add);
            for (int tick = 0; tick < 100 && server.replica().node().role() != Role.LEADER; tick++) {
                server.tick();
            }
            assertThat(server.replica().node().role()).as("a node alone elects itself within 100 ticks").isEqualTo(Role.LEADER);
        }

        /** Sends {@code request} and ticks until its answer comes (at most 50 ticks). */
        Response call(Request request) {
            int before = answers.size();
            server.request(request);
            for (int tick = 0; tick < 50 && answers.size() == before; tick++) {
                server.tick();
            }
            assertThat(answers).as("%s was answered within 50 ticks", request).hasSizeGreaterThan(before);
            return answers.get(answers.size() - 1);
        }

        /** Closes the files as a process exit would (the Raft log is synced; the store need not be). */
        @Override
        public void close() {
            storage.close();
            machine.close();
        }
    }
}
