//@ chapter 4
package dev.fromzero.raft;

import java.util.List;

/**
 * What a node hands back from one call: the work its caller must do, in this order (a
 * {@link Replica} does it).
 * <ol>
 *   <li>Persist {@code hardState} if it is not null, then {@code snapshot} if it is not null,
 *       then {@code entries}, and sync. Appending entries whose first index is at or below the
 *       last stored index first deletes the stored entries from that index on: they are a
 *       conflicting suffix the leader has overwritten.</li>
 *   <li>Only then send {@code messages}: a vote or an acknowledgement promises something the
 *       node must still remember after a crash.</li>
 *   <li>Install {@code install} into the state machine if it is not null, then apply
 *       {@code committed} in order.</li>
 * </ol>
 *
 * @param hardState the new term and vote, or null if they did not change
 * @param snapshot a snapshot to store (the log up to its index is compacted), or null
 * @param entries entries to append to the stored log, in index order
 * @param messages messages to send once everything above is durable
 * @param install a snapshot from the leader to install into the state machine, or null
 * @param committed newly committed entries to apply, in index order
 * @param readStates reads the leader has confirmed (step 7): each may be served once the state
 *     machine has applied its index, after the committed entries above
 */
public record Ready(HardState hardState, Snapshot snapshot, List<Entry> entries, List<Message> messages,
                    Snapshot install, List<Entry> committed, List<ReadState> readStates) {

    /** Nothing to do. */
    public static final Ready EMPTY = new Ready(null, null, List.of(), List.of(), null, List.of());

    public Ready {
        entries = List.copyOf(entries);
        messages = List.copyOf(messages);
        committed = List.copyOf(committed);
        readStates = List.copyOf(readStates);
    }

    /** A Ready without confirmed reads. */
    public Ready(HardState hardState, Snapshot snapshot, List<Entry> entries, List<Message> messages,
                 Snapshot install, List<Entry> committed) {
        this(hardState, snapshot, entries, messages, install, committed, List.of());
    }

    /** Whether anything must be written and synced before the messages go out. */
    public boolean mustPersist() {
        return hardState != null || snapshot != null || !entries.isEmpty();
    }

    /** Whether there is nothing to do. */
    public boolean isEmpty() {
        return !mustPersist() && messages.isEmpty() && install == null && committed.isEmpty() && readStates.isEmpty();
    }
}
