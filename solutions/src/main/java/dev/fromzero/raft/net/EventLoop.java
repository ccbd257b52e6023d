//@ chapter 4
package dev.fromzero.raft.net;

import dev.fromzero.raft.Message;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The one thread that drives a node. The node and the KV server above it are single-threaded
 * and deterministic, as in the simulator; here their inputs come from other threads (a ticker,
 * the listener's readers) through one queue, and this thread alone calls them. The simulator's
 * virtual clock becomes a real one: a tick every {@code tickMillis}.
 *
 * <p>The loop takes every input waiting, handles them all, and then flushes the
 * {@link GroupCommit} once: one sync and one burst of messages per batch, however many inputs it
 * held. Replies to clients go out after the flush.
 */
final class EventLoop implements Listener.Inbound, AutoCloseable {

    /** What the loop drives: the KV server on its replica. All calls come from the loop's thread. */
    interface Driven {
        void tick();

        void receive(Message message);

        /** A client's request; whatever replies it produces are handed back by {@link #replies}. */
        void request(byte[] payload, Outbox replies);

        /** The node's status now. */
        NodeStatus status();

        /** The replies produced since the last call, each with the connection it goes to. */
        List<Reply> replies();
    }

    /** A reply and where it goes. */
    record Reply(Outbox to, Frame frame) {
    }

    private sealed interface Input {
    }

    private record Tick() implements Input {
    }

    private record Receive(Message message) implements Input {
    }

    private record Request(byte[] payload, Outbox replies) implements Input {
    }

    private record Status(Outbox replies) implements Input {
    }

    /** Ends the loop. Not an interrupt: that would close the log's file channel in the middle of a sync. */
    private record Stop() implements Input {
    }

    private static final int MAX_BATCH = 1024;

    private final String cluster;
    private final int self;
    private final Driven driven;
    private final GroupCommit commit;
    private final PrintStream log;
    private final Runnable onFailure;
    private final long tickMillis;
    private final BlockingQueue<Input> inputs = new LinkedBlockingQueue<>();
    private final AtomicBoolean tickWaiting = new AtomicBoolean();
    private final ScheduledExecutorService ticker;
    private final Thread thread;

    /** A loop, not yet started; {@code onFailure} runs on the loop's thread if a call fails and the loop stops. */
    EventLoop(String cluster, int self, Driven driven, GroupCommit commit, long tickMillis, PrintStream log, Runnable onFailure) {
        this.cluster = cluster;
        this.self = self;
        this.driven = driven;
        this.commit = commit;
        this.log = log;
        this.onFailure = onFailure;
        this.thread = new Thread(this::run, "raft " + self + " loop");
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "raft " + self + " ticker");
            t.setDaemon(true);
            return t;
        });
        this.tickMillis = tickMillis;
    }

    /** Starts the loop and its ticker. Inputs that came before are handled first. */
    void start() {
        thread.start();
        ticker.scheduleAtFixedRate(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * A tick, unless one is still waiting: a loop held up by a slow sync must not then run
     * through a backlog of ticks at once and call an election it had no reason to call.
     */
    private void tick() {
        if (tickWaiting.compareAndSet(false, true)) {
            inputs.add(new Tick());
        }
    }

    @Override
    public void message(Message message) {
        inputs.add(new Receive(message));
    }

    @Override
    public void request(byte[] payload, Outbox replies) {
        inputs.add(new Request(payload, replies));
    }

    @Override
    public void status(Outbox replies) {
        inputs.add(new Status(replies));
    }

    private void run() {
        List<Input> batch = new ArrayList<>();
        List<Reply> replies = new ArrayList<>();
        try {
            while (true) {
                batch.add(inputs.take());
                inputs.drainTo(batch, MAX_BATCH);
                for (Input input : batch) {
                    if (input instanceof Stop) {
                        commit.flush();
                        return;
                    }
                    handle(input, replies);
                }
                batch.clear();
                replies.addAll(driven.replies());
                commit.flush();
                for (Reply reply : replies) {
                    reply.to().send(reply.frame());
                }
                replies.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // The node's state is unknown after a failed call (a disk error, a bug): stop, as a crash would.
            log.println("node " + self + ": stopped: " + e);
            e.printStackTrace(log);
            ticker.shutdownNow();
            onFailure.run();
        }
    }

    private void handle(Input input, List<Reply> replies) {
        if (input instanceof Tick) {
            tickWaiting.set(false);
            driven.tick();
        } else if (input instanceof Receive receive) {
            driven.receive(receive.message());
        } else if (input instanceof Request request) {
            driven.request(request.payload(), request.replies());
        } else if (input instanceof Status status) {
            replies.add(new Reply(status.replies(), new Frame(Frame.Kind.REPLY, cluster, self, driven.status().encode())));
        }
    }

    /** Stops the ticker, and the loop after the batch under way and a last flush. */
    @Override
    public void close() {
        ticker.shutdownNow();
        inputs.add(new Stop());
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
