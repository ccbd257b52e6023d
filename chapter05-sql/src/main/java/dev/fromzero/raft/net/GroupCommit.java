package dev.fromzero.raft.net;

import dev.fromzero.raft.Entry;
import dev.fromzero.raft.HardState;
import dev.fromzero.raft.Message;
import dev.fromzero.raft.PersistentState;
import dev.fromzero.raft.RaftStorage;
import dev.fromzero.raft.Snapshot;
import dev.fromzero.raft.Transport;
import java.util.ArrayList;
import java.util.List;

/**
 * One fsync for many inputs. A {@link dev.fromzero.raft.Replica} syncs after every call that
 * wrote something, before the messages of that call leave: correct, but on a disk where a sync
 * takes milliseconds it caps a node at a few hundred writes a second. The event loop handles
 * every input that is waiting as one batch instead, through the two halves of this class: a
 * storage whose {@code sync} only notes that a sync is due, and a transport that holds every
 * message. At the end of the batch, {@link #flush} syncs once and only then lets the messages go.
 *
 * <p>Raft's order is kept: no message (no vote, no acknowledgement) leaves before what it
 * promises is durable, because none leaves before the batch's sync. Replies to clients wait for
 * the same flush (the event loop sends them after it), so nothing a client is told depends on
 * an unsynced write either. The state machine may apply an entry before this node's copy is
 * synced; that is safe, as the entry is committed, hence durable on a majority, and a restart
 * rebuilds the state machine from the snapshot and the log.
 */
final class GroupCommit {

    private final RaftStorage disk;
    private final Transport network;
    private final List<Message> held = new ArrayList<>();
    private boolean syncDue;

    GroupCommit(RaftStorage disk, Transport network) {
        this.disk = disk;
        this.network = network;
    }

    /** The storage to hand the replica: everything but {@code sync} goes straight to disk. */
    RaftStorage storage() {
        return new RaftStorage() {
            @Override
            public PersistentState load() {
                return disk.load();
            }

            @Override
            public void saveHardState(HardState state) {
                disk.saveHardState(state);
            }

            @Override
            public void append(List<Entry> entries) {
                disk.append(entries);
            }

            @Override
            public void saveSnapshot(Snapshot snapshot) {
                disk.saveSnapshot(snapshot);
            }

            @Override
            public void sync() {
                syncDue = true;
            }

            @Override
            public void close() {
                disk.close();
            }
        };
    }

    /** The transport to hand the replica: it holds every message until {@link #flush}. */
    Transport transport() {
        return held::add;
    }

    /** Syncs if any call of the batch asked to, then sends every message held, in order. */
    void flush() {
        if (syncDue) {
            disk.sync();
            syncDue = false;
        }
        for (Message message : held) {
            network.send(message);
        }
        held.clear();
    }
}
