package dev.fromzero.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * The pieces of the next {@link Ready}, gathered while a node handles one call.
 */
final class Output {

    Snapshot snapshot;
    Snapshot install;
    final List<Entry> entries = new ArrayList<>();
    final List<Message> messages = new ArrayList<>();
    final List<ReadState> readStates = new ArrayList<>();

    /** Entries to store; an entry at an index already pending replaces it and those after it. */
    void append(Entry entry) {
        entries.removeIf(e -> e.index() >= entry.index());
        entries.add(entry);
    }

    void send(Message message) {
        messages.add(message);
    }

    /** A Ready of what was gathered, with {@code hardState} (null if unchanged) and {@code committed}; then starts afresh. */
    Ready drain(HardState hardState, List<Entry> committed) {
        Ready ready = new Ready(hardState, snapshot, entries, messages, install, committed, readStates);
        snapshot = null;
        install = null;
        entries.clear();
        messages.clear();
        readStates.clear();
        return ready;
    }
}
