package dev.fromzero.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * A RaftStorage in memory that records every call, with the Transport and StateMachine that
 * record into the same list: the order of what a Replica does is the order of {@link #events}.
 * What it "holds" is what was written before the last sync.
 */
final class MemoryStorage implements RaftStorage, Transport, StateMachine {

    final List<String> events = new ArrayList<>();
    final List<Message> sent = new ArrayList<>();
    /** For each message sent, what was durable at that moment. */
    final List<PersistentState> durableAtSend = new ArrayList<>();
    final List<Entry> applied = new ArrayList<>();
    final List<Snapshot> restored = new ArrayList<>();
    private PersistentState stored;
    private HardState hardState;
    private Snapshot snapshot;
    private final List<Entry> entries = new ArrayList<>();
    private boolean dirty;

    MemoryStorage(PersistentState initial) {
        this.stored = initial;
        this.hardState = initial.hardState();
        this.snapshot = initial.snapshot();
        this.entries.addAll(initial.entries());
    }

    /** Whether something was written and not yet synced. */
    boolean dirty() {
        return dirty;
    }

    /** What survives a crash: what the last sync made durable. */
    PersistentState durable() {
        return stored;
    }

    @Override
    public PersistentState load() {
        events.add("load");
        return stored;
    }

    @Override
    public void saveHardState(HardState state) {
        events.add("hardState " + state.term() + "/" + state.votedFor());
        hardState = state;
        dirty = true;
    }

    @Override
    public void append(List<Entry> appended) {
        events.add("append " + appended.get(0).index() + ".." + appended.get(appended.size() - 1).index());
        long first = snapshot == null ? 1 : snapshot.lastIndex() + 1;
        long from = appended.get(0).index();
        entries.subList((int) Math.min(entries.size(), from - first), entries.size()).clear();
        entries.addAll(appended);
        dirty = true;
    }

    @Override
    public void saveSnapshot(Snapshot next) {
        events.add("snapshot " + next.lastIndex());
        long first = snapshot == null ? 1 : snapshot.lastIndex() + 1;
        long at = next.lastIndex() - first;
        if (at >= 0 && at < entries.size() && entries.get((int) at).term() == next.lastTerm()) {
            entries.subList(0, (int) at + 1).clear();
        } else {
            entries.clear();
        }
        snapshot = next;
        dirty = true;
    }

    @Override
    public void sync() {
        events.add("sync");
        stored = new PersistentState(hardState, snapshot, entries);
        dirty = false;
    }

    @Override
    public void close() {
    }

    @Override
    public void send(Message message) {
        events.add((dirty ? "send with unsynced writes " : "send ") + message.getClass().getSimpleName() + " to " + message.to());
        sent.add(message);
        durableAtSend.add(stored);
    }

    @Override
    public void apply(Entry entry) {
        events.add("apply " + entry.index());
        applied.add(entry);
    }

    @Override
    public void restore(Snapshot restoredSnapshot) {
        events.add("restore " + restoredSnapshot.lastIndex());
        restored.add(restoredSnapshot);
    }
}
