package dev.fromzero.raft;

/** What {@link RaftNode#propose} did with a command. */
public sealed interface Proposal {

    /**
     * The leader appended the command at {@code index} in {@code term}. It is not committed yet:
     * it is applied when a later {@link Ready} lists it, and if another leader overwrites index
     * {@code index} first, an entry of a later term is applied there instead.
     */
    record Accepted(long index, long term, Ready ready) implements Proposal {
    }

    /**
     * The node is not a leader that can take commands (or is handing leadership over): send the
     * command to {@code leader} instead, if it is not {@link RaftNode#NONE}.
     */
    record NotLeader(int leader) implements Proposal {
    }
}
