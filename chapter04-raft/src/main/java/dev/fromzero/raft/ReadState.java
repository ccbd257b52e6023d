package dev.fromzero.raft;

/**
 * A read the leader has confirmed (ReadIndex, section 6.4 of Ongaro's thesis): once the state
 * machine has applied entry {@code index}, a read of it reflects every write that completed
 * before the read with this {@code context} was asked for, so the read may be served.
 *
 * @param context the caller's identifier of the read, as given to {@link RaftNode#readIndex}
 * @param index the commit index the read must wait for
 */
public record ReadState(long context, long index) {
}
