package dev.fromzero.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.fromzero.raft.Message.AppendEntries;
import dev.fromzero.raft.Message.AppendEntriesResponse;
import dev.fromzero.raft.Message.RequestVote;
import dev.fromzero.raft.Message.RequestVoteResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Helpers for the node-level tests: nodes built with a given log, driven by hand with messages,
 * and the messages they send picked out of their Readies.
 */
final class NodeFixtures {

    private NodeFixtures() {
    }

    static List<Integer> ids(int size) {
        return IntStream.rangeClosed(1, size).boxed().toList();
    }

    /** Node {@code id} of a cluster of {@code size}: election timeout 10–20 ticks, heartbeat every 2, no PreVote or CheckQuorum. */
    static RaftConfig config(int id, int size) {
        return RaftConfig.of(id, ids(size), 1000 + id);
    }

    static RaftNode fresh(int id, int size) {
        return new RaftNode(config(id, size), PersistentState.EMPTY);
    }

    /** A node restarted in {@code term} (no vote) whose log holds one entry per given term, at indexes 1, 2, ... */
    static RaftNode withLog(RaftConfig config, long term, long... entryTerms) {
        return new RaftNode(config, new PersistentState(new HardState(term, RaftNode.NONE), null, entries(1, entryTerms)));
    }

    static RaftNode withLog(int id, int size, long term, long... entryTerms) {
        return withLog(config(id, size), term, entryTerms);
    }

    /** Entries from {@code from} on, one per given term, with commands "c1", "c2", ... after their index. */
    static List<Entry> entries(long from, long... terms) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < terms.length; i++) {
            entries.add(entry(from + i, terms[i]));
        }
        return entries;
    }

    static Entry entry(long index, long term) {
        return new Entry(index, term, command("c" + index));
    }

    static byte[] command(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static long[] terms(List<Entry> entries) {
        return entries.stream().mapToLong(Entry::term).toArray();
    }

    /** The messages of {@code type} in {@code ready}. */
    static <T extends Message> List<T> sent(Ready ready, Class<T> type) {
        return ready.messages().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** The one message of {@code type} to {@code to} in {@code ready}, failing if there is not exactly one. */
    static <T extends Message> T sentTo(Ready ready, Class<T> type, int to) {
        List<T> found = sent(ready, type).stream().filter(m -> m.to() == to).toList();
        assertThat(found).as("exactly one %s to node %d in %s", type.getSimpleName(), to, ready.messages()).hasSize(1);
        return found.get(0);
    }

    /** Ticks {@code node} until it has the role {@code role}, at most {@code max} ticks; returns the Ready of the tick that got there. */
    static Ready tickUntil(RaftNode node, Role role, int max) {
        for (int i = 1; i <= max; i++) {
            Ready ready = node.tick();
            if (node.role() == role) {
                return ready;
            }
        }
        return fail("node %d was still %s after %d ticks; expected it to become %s", node.id(), node.role(), max, role);
    }

    /** A vote request of {@code term} from {@code from} to {@code to} whose log ends at {@code lastIndex}@{@code lastTerm}. */
    static RequestVote vote(int from, int to, long term, long lastIndex, long lastTerm) {
        return new RequestVote(from, to, term, lastIndex, lastTerm, false, false);
    }

    static RequestVoteResponse grant(int from, int to, long term) {
        return new RequestVoteResponse(from, to, term, false, true);
    }

    static AppendEntries append(int from, int to, long term, long prevIndex, long prevTerm, List<Entry> entries, long commit) {
        return new AppendEntries(from, to, term, prevIndex, prevTerm, entries, commit);
    }

    static AppendEntriesResponse ack(int from, int to, long term, long index) {
        return new AppendEntriesResponse(from, to, term, true, index, 0, 0);
    }

    /**
     * Makes {@code node} (a follower) campaign and win: ticks it to an election (granting its
     * pre-votes if it asks for them), then grants it the votes of every peer. Returns the Ready
     * of the vote that made it leader.
     */
    static Ready elect(RaftNode node) {
        Ready campaign = Ready.EMPTY;
        for (int tick = 0; tick < 50 && node.role() == Role.FOLLOWER; tick++) {
            campaign = node.tick();
        }
        if (node.role() == Role.PRE_CANDIDATE) {
            for (RequestVote request : sent(campaign, RequestVote.class)) {
                Ready next = node.step(new RequestVoteResponse(request.to(), node.id(), request.term(), true, true));
                if (node.role() == Role.CANDIDATE) {
                    campaign = next;
                    break;
                }
            }
        }
        assertThat(node.role()).as("node %d campaigns", node.id()).isEqualTo(Role.CANDIDATE);
        for (RequestVote request : sent(campaign, RequestVote.class)) {
            Ready last = node.step(grant(request.to(), node.id(), node.term()));
            if (node.role() == Role.LEADER) {
                return last;
            }
        }
        return fail("node %d did not become leader after every peer granted its vote; it is %s", node.id(), node.role());
    }
}
