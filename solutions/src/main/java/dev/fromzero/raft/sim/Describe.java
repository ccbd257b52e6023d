//@ chapter 4
package dev.fromzero.raft.sim;

import dev.fromzero.raft.Entry;
import dev.fromzero.raft.Message;
import dev.fromzero.raft.Message.AppendEntries;
import dev.fromzero.raft.Message.AppendEntriesResponse;
import dev.fromzero.raft.Message.InstallSnapshot;
import dev.fromzero.raft.Message.InstallSnapshotResponse;
import dev.fromzero.raft.Message.RequestVote;
import dev.fromzero.raft.Message.RequestVoteResponse;
import dev.fromzero.raft.Message.TimeoutNow;
import java.util.List;

/** One line per message for the trace: its kind and the fields that matter, entries as index@term. */
final class Describe {

    private static final int SHOWN_ENTRIES = 3;

    private Describe() {
    }

    static String message(Message message) {
        if (message instanceof RequestVote m) {
            return (m.preVote() ? "PreVote" : "RequestVote") + " term=" + m.term() + " last=" + m.lastLogIndex() + "@"
                    + m.lastLogTerm() + (m.transfer() ? " (transfer)" : "");
        } else if (message instanceof RequestVoteResponse m) {
            return (m.preVote() ? "PreVote " : "Vote ") + (m.granted() ? "granted" : "refused") + " term=" + m.term();
        } else if (message instanceof AppendEntries m) {
            return "AppendEntries term=" + m.term() + " prev=" + m.prevLogIndex() + "@" + m.prevLogTerm()
                    + " entries=" + entries(m.entries()) + " commit=" + m.leaderCommit();
        } else if (message instanceof AppendEntriesResponse m) {
            return m.success()
                    ? "AppendEntries ok term=" + m.term() + " match=" + m.index()
                    : "AppendEntries rejected term=" + m.term() + " at=" + m.index() + " conflict=" + m.conflictIndex()
                            + "@" + m.conflictTerm();
        } else if (message instanceof InstallSnapshot m) {
            return "InstallSnapshot term=" + m.term() + " through=" + m.snapshot().lastIndex() + "@"
                    + m.snapshot().lastTerm();
        } else if (message instanceof InstallSnapshotResponse m) {
            return "InstallSnapshot done term=" + m.term() + " through=" + m.lastIndex();
        } else if (message instanceof TimeoutNow m) {
            return "TimeoutNow term=" + m.term();
        }
        return message.toString();
    }

    /** A command as an entry shows it: quoted if it is printable ASCII, else in hex; shortened if long. */
    static String command(byte[] command) {
        return new Entry(1, 1, command).toString().substring("1@1:".length());
    }

    static String entries(List<Entry> entries) {
        if (entries.isEmpty()) {
            return "[]";
        }
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < Math.min(entries.size(), SHOWN_ENTRIES); i++) {
            out.append(i == 0 ? "" : " ").append(entries.get(i));
        }
        if (entries.size() > SHOWN_ENTRIES) {
            Entry last = entries.get(entries.size() - 1);
            out.append(" ... ").append(last.index()).append('@').append(last.term())
                    .append(" (").append(entries.size()).append(" entries)");
        }
        return out.append(']').toString();
    }
}
