package dev.fromzero.raft;

import dev.fromzero.raft.Message.AppendEntries;
import dev.fromzero.raft.Message.AppendEntriesResponse;
import dev.fromzero.raft.Message.InstallSnapshot;
import dev.fromzero.raft.Message.InstallSnapshotResponse;
import dev.fromzero.raft.Message.RequestVote;
import dev.fromzero.raft.Message.RequestVoteResponse;
import dev.fromzero.raft.Message.TimeoutNow;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Raft node as a deterministic state machine: no threads, no clock, no I/O. Its caller feeds
 * it ticks of a logical clock ({@link #tick}), messages from other nodes ({@link #step}) and
 * commands from clients ({@link #propose}), and gets back from each call a {@link Ready}: what
 * to persist, what to send, what to apply. Because the node only reacts to its inputs, a
 * simulator can run a whole cluster in one thread and replay any run from its seed, and part 2
 * runs the very same node over TCP.
 *
 * <p>This class holds the state every role shares (Figure 2's term, vote, log and commit index)
 * and the rule every message obeys first: a higher term makes the node a follower of that term,
 * a lower one marks the message stale. What each role does with the rest is in {@link Voter},
 * {@link Candidate}, {@link Follower} and {@link Leader}.
 */
public final class RaftNode {

    /** The id of no node: no vote cast, no leader known. */
    public static final int NONE = 0;

    /** The most entries one AppendEntries carries, so that a far-behind follower catches up in steps. */
    static final int MAX_ENTRIES_PER_MESSAGE = 64;

    final RaftConfig config;
    final RaftLog log;
    final Output out = new Output();
    private final SplittableRandom random;
    private HardState persisted;

    long term;
    int votedFor;
    int leaderId = NONE;
    Role role = Role.FOLLOWER;
    long commitIndex;
    long applied;
    /** Ticks since the last reset: a follower's wait for a leader, a leader's wait for its next quorum check. */
    int electionElapsed;
    /** This wait's election timeout, drawn anew at each reset. */
    int electionTimeout;
    /** The election under way, or null. */
    Candidate campaign;
    /** The leader's bookkeeping while this node leads, or null. */
    Leader leading;

    /** A node restarted from what its storage holds ({@link PersistentState#EMPTY} for a new one). */
    public RaftNode(RaftConfig config, PersistentState state) {
        this.config = config;
        this.random = new SplittableRandom(config.seed());
        this.persisted = state.hardState();
        this.term = state.hardState().term();
        this.votedFor = state.hardState().votedFor();
        this.log = new RaftLog(state.snapshot(), state.entries());
        // Only what the snapshot holds is known to be committed; the leader tells the rest.
        this.commitIndex = log.snapshotIndex();
        this.applied = log.snapshotIndex();
        resetElectionTimer();
    }

    /** One tick of the logical clock: followers count towards an election, leaders towards a heartbeat. */
    public Ready tick() {
        if (role == Role.LEADER) {
            leading.tick();
        } else {
            tickElection();
        }
        return ready();
    }

    /**
     * Handles a message from another node.
     *
     * @throws IllegalArgumentException if the message is not addressed to this node or does not come from one of its peers
     */
    public Ready step(Message message) {
        if (message.to() != config.id()) {
            throw new IllegalArgumentException("node " + config.id() + " got a message addressed to node " + message.to() + ": " + message);
        }
        if (message.from() == config.id() || !config.nodes().contains(message.from())) {
            throw new IllegalArgumentException("node " + config.id() + " got a message from " + message.from()
                    + ", which is not one of its peers " + config.nodes() + ": " + message);
        }
        if (isCurrent(message)) {
            dispatch(message);
        }
        return ready();
    }

    /**
     * Appends {@code command} to the log if this node is the leader; it is applied once a later
     * {@link Ready} lists it as committed.
     *
     * @throws IllegalArgumentException if the command is empty: the empty command is the leader's no-op
     */
    public Proposal propose(byte[] command) {
        if (command.length == 0) {
            throw new IllegalArgumentException("a command must have at least one byte: the empty command is the leader's no-op");
        }
        if (role != Role.LEADER) {
            return new Proposal.NotLeader(leaderId);
        }
        long index = leading.propose(command);
        if (index < 0) {
            return new Proposal.NotLeader(leading.transferee());
        }
        return new Proposal.Accepted(index, term, ready());
    }

    /**
     * The application has a snapshot of its state through entry {@code index}: the node keeps it
     * in place of the entries up to {@code index}, and the Ready asks to store it. An index the
     * current snapshot already covers changes nothing.
     *
     * @throws IllegalArgumentException if entry {@code index} has not been applied yet
     */
    public Ready compact(long index, byte[] snapshot) {
        if (index > applied) {
            throw new IllegalArgumentException("cannot compact through entry " + index + ": only entries up to " + applied + " are applied");
        }
        if (index > log.snapshotIndex()) {
            takeSnapshot(index, snapshot);
        }
        return ready();
    }

    /**
     * Asks for a linearizable read (ReadIndex): if this node leads, it notes the index the read
     * must wait for and confirms with a round of heartbeats that a majority still follows it; a
     * later {@link Ready} then lists a {@link ReadState} with {@code context}. On a node that does
     * not lead this does nothing, and a leader that loses office drops its unconfirmed reads: a
     * caller asks {@link #role()} first, and gives up on a read when the node stops leading.
     */
    public Ready readIndex(long context) {
        if (role == Role.LEADER) {
            leading.read(context);
        }
        return ready();
    }

    /**
     * Hands leadership to node {@code to}: brings its log up to date, then tells it to campaign
     * at once. Until that leader takes over (or an election timeout passes) this leader takes no
     * proposals. On a node that is not the leader this does nothing.
     *
     * @throws IllegalArgumentException if {@code to} is not a node of the cluster
     */
    public Ready transferLeadership(int to) {
        if (!config.nodes().contains(to)) {
            throw new IllegalArgumentException("cannot hand leadership to " + to + ": not one of the nodes " + config.nodes());
        }
        if (role == Role.LEADER && to != config.id()) {
            leading.transfer(to);
        }
        return ready();
    }

    /** This node's id. */
    public int id() {
        return config.id();
    }

    /** What this node is doing in its term. */
    public Role role() {
        return role;
    }

    /** The current term. */
    public long term() {
        return term;
    }

    /** Whom this node voted for in its current term, or {@link #NONE}. */
    public int votedFor() {
        return votedFor;
    }

    /** The leader of the current term as far as this node knows, or {@link #NONE}. */
    public int leader() {
        return leaderId;
    }

    /** The highest index known to be committed. */
    public long commitIndex() {
        return commitIndex;
    }

    /** The highest index handed to the state machine (in a {@link Ready}, or by a snapshot). */
    public long appliedIndex() {
        return applied;
    }

    /** The index of the last entry of the log (the snapshot's if the log after it is empty; 0 if none). */
    public long lastIndex() {
        return log.lastIndex();
    }

    /** The term of the last entry of the log (the snapshot's if the log after it is empty; 0 if none). */
    public long lastTerm() {
        return log.lastTerm();
    }

    /** The last index the snapshot covers, 0 if there is none. */
    public long snapshotIndex() {
        return log.snapshotIndex();
    }

    /** The entries after the snapshot, in index order. */
    public List<Entry> entries() {
        return log.entries();
    }

    @Override
    public String toString() {
        return "node " + config.id() + " (" + role + ", term " + term + ", log ..." + log.lastIndex() + "@" + log.lastTerm()
                + ", commit " + commitIndex + ")";
    }

    // ---- shared by the roles ----

    List<Integer> peers() {
        return config.nodes().stream().filter(n -> n != config.id()).toList();
    }

    void resetElectionTimer() {
        electionElapsed = 0;
        electionTimeout = random.nextInt(config.electionTimeoutMin(), config.electionTimeoutMax() + 1);
    }

    /** Becomes a follower in {@code newTerm} (which is never lower than the current term), following {@code leader} if known. */
    void becomeFollower(long newTerm, int leader) {
        if (newTerm > term) {
            term = newTerm;
            votedFor = NONE;
        }
        role = Role.FOLLOWER;
        leaderId = leader;
        campaign = null;
        leading = null;
        resetElectionTimer();
    }

    /** A leader of the current term was heard from: follow it and postpone any election. */
    void heardFromLeader(int leader) {
        if (role != Role.FOLLOWER) {
            becomeFollower(term, leader);
        }
        leaderId = leader;
        electionElapsed = 0;
    }

    /** Won the election of the current term. */
    void becomeLeader() {
        role = Role.LEADER;
        leaderId = config.id();
        campaign = null;
        leading = new Leader(this);
    }

    // ---- private ----

    private void tickElection() {
        electionElapsed++;
        if (electionElapsed >= electionTimeout) {
            Candidate.campaign(this, false);
        }
    }

    /**
     * The term rule, before anything else: a message of a higher term makes this node a follower
     * of that term; a message of a lower term is stale, and its sender is told the newer term.
     * Pre-vote traffic is the exception: it carries a term nobody has entered yet.
     *
     * @return whether the message is of the current term and should be handled
     */
    private boolean isCurrent(Message m) {
        if (m.term() > term) {
            if (m instanceof RequestVote request) {
                if (Voter.inLease(this, request)) {
                    return false;
                }
                if (request.preVote()) {
                    return true;
                }
            }
            if (m instanceof RequestVoteResponse response && response.preVote() && response.granted()) {
                return true;
            }
            boolean fromLeader = m instanceof AppendEntries || m instanceof InstallSnapshot || m instanceof TimeoutNow;
            becomeFollower(m.term(), fromLeader ? m.from() : NONE);
            return true;
        }
        if (m.term() < term) {
            if (m instanceof AppendEntries || m instanceof InstallSnapshot) {
                out.send(new AppendEntriesResponse(id(), m.from(), term, false, 0, 0, 0));
            } else if (m instanceof RequestVote request) {
                out.send(new RequestVoteResponse(id(), m.from(), term, request.preVote(), false));
            }
            return false;
        }
        return true;
    }

    private void dispatch(Message m) {
        if (m instanceof RequestVote request) {
            Voter.handle(this, request);
        } else if (m instanceof RequestVoteResponse response) {
            if (campaign != null) {
                campaign.handle(this, response);
            }
        } else if (m instanceof AppendEntries append) {
            if (role != Role.LEADER) {
                Follower.appendEntries(this, append);
            }
        } else if (m instanceof AppendEntriesResponse response) {
            if (leading != null) {
                leading.handle(response);
            }
        } else if (m instanceof InstallSnapshot install) {
            if (role != Role.LEADER) {
                Follower.installSnapshot(this, install);
            }
        } else if (m instanceof InstallSnapshotResponse response) {
            if (leading != null) {
                leading.handle(response);
            }
        } else if (m instanceof TimeoutNow timeout) {
            if (role != Role.LEADER) {
                Candidate.timeoutNow(this, timeout);
            }
        }
    }

    private void takeSnapshot(long index, byte[] data) {
        Snapshot snapshot = new Snapshot(index, log.term(index), data);
        log.replaceSnapshot(snapshot);
        out.snapshot = snapshot;
    }

    /** Everything this call produced, with the newly committed entries; they count as applied from here on. */
    private Ready ready() {
        HardState now = new HardState(term, votedFor);
        HardState changed = now.equals(persisted) ? null : now;
        persisted = now;
        List<Entry> committed = applied < commitIndex ? log.slice(applied + 1, commitIndex, Integer.MAX_VALUE) : List.of();
        applied = commitIndex;
        return out.drain(changed, committed);
    }
}
