package dev.fromzero.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One run of {@link Interleavings}: the actors' threads take turns, exactly one running at a time,
 * and a thread gives up its turn only at a switch point ({@link Interleavings#point}, a
 * {@link ScheduledLock} acquired or released). Which thread goes next is a choice, made from the
 * schedule's prefix and then by "keep running the same thread". A thread that cannot take a
 * scheduled lock is blocked until its holder releases it; no thread ever parks inside the lock
 * itself, so a release never wakes a thread behind the scheduler's back, and a run is a pure
 * function of its choices.
 *
 * <p>Handing the turn over is a pair of semaphores, which also orders every memory access of one
 * turn before those of the next.
 */
final class Scheduler {

    /** Thrown in a thread the scheduler stops after the run failed: it unwinds and ends. */
    static final class Aborted extends Error {
        Aborted() {
            super("the interleaving was abandoned", null, false, false);
        }
    }

    private enum Status { READY, RUNNING, BLOCKED, DONE }

    /** One actor's thread and where it stands. */
    private final class Worker {
        final int id;
        final String name;
        final Semaphore turn = new Semaphore(0);
        final Thread thread;
        Status status = Status.READY;
        String at = "starts";
        String waitsFor;
        Object blockedOn;
        Throwable failure;

        Worker(int id, Interleavings.Actor actor) {
            this.id = id;
            this.name = actor.name();
            this.thread = new Thread(() -> body(actor.body()), "interleaving-" + actor.name());
            this.thread.setDaemon(true);
        }

        private void body(Runnable body) {
            CURRENT.set(this);
            try {
                awaitTurn();
                body.run();
            } catch (Aborted e) {
                return;
            } catch (Throwable e) {
                failure = e;
            } finally {
                CURRENT.remove();
            }
            status = Status.DONE;
            reported.release();
        }

        Scheduler scheduler() {
            return Scheduler.this;
        }

        void awaitTurn() {
            try {
                turn.acquire();
            } catch (InterruptedException e) {
                throw new Aborted();
            }
            if (aborted) {
                throw new Aborted();
            }
        }
    }

    /** One decision: who could go on (the running thread first if it could), and who did. */
    record Decision(List<Integer> options, boolean currentCouldContinue, int chosen) {
    }

    /** How a run ended: its decisions, its steps (who ran from where), and what went wrong, if anything. */
    record Outcome(List<Decision> decisions, List<String> steps, String failure, Throwable cause) {
    }

    /** A thread holding a lock (one half of a read-write lock, for those). */
    private record Holder(Worker worker, String lock) {
        @Override
        public String toString() {
            return worker.name + " (" + lock + (worker.status == Status.DONE ? ", and it ended without releasing it)" : ")");
        }
    }

    private static final ThreadLocal<Worker> CURRENT = new ThreadLocal<>();

    private final List<Worker> workers = new ArrayList<>();
    private final Semaphore reported = new Semaphore(0);
    private final Map<Object, Map<Holder, Integer>> holders = new LinkedHashMap<>();
    private volatile boolean aborted;

    /** The scheduler running the calling thread, or null if no scheduler runs it. */
    static Scheduler current() {
        Worker worker = CURRENT.get();
        return worker == null ? null : worker.scheduler();
    }

    /** The name of the actor running on the calling thread, or null. */
    static String currentActor() {
        Worker worker = CURRENT.get();
        return worker == null ? null : worker.name;
    }

    /**
     * Runs {@code actors} to the end, choosing at each decision the thread {@code prefix} names
     * while it lasts, then the running thread if it can go on, else the first that can. Then runs
     * {@code finale} (if not null) alone, still scheduled: if it waits for a lock an actor never
     * released, that is reported as a deadlock instead of hanging the test.
     */
    Outcome run(List<Interleavings.Actor> actors, Interleavings.Actor finale, List<Integer> prefix,
            Duration stepTimeout) {
        for (Interleavings.Actor actor : actors) {
            workers.add(new Worker(workers.size(), actor));
        }
        workers.forEach(w -> w.thread.start());
        Worker last = null;
        List<Decision> decisions = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        Worker running = null;
        while (true) {
            List<Integer> options = new ArrayList<>();
            boolean currentCouldContinue = running != null && running.status == Status.READY;
            if (currentCouldContinue) {
                options.add(running.id);
            }
            for (Worker w : workers) {
                if (w.status == Status.READY && w != running) {
                    options.add(w.id);
                }
            }
            Worker failed = workers.stream().filter(w -> w.failure != null).findFirst().orElse(null);
            if (failed != null) {
                if (failed == last && failed.failure instanceof AssertionError) {
                    return abort(decisions, steps, failed.failure.getMessage(), null); // the message says it all
                }
                return abort(decisions, steps, failed.name + " threw " + failed.failure, failed.failure);
            }
            if (options.isEmpty()) {
                if (workers.stream().allMatch(w -> w.status == Status.DONE)) {
                    if (finale == null || last != null) {
                        return new Outcome(decisions, steps, null, null);
                    }
                    last = new Worker(workers.size(), finale);
                    workers.add(last);
                    last.thread.start();
                    options.add(last.id);
                }
            }
            if (options.isEmpty()) {
                return abort(decisions, steps, deadlock(), null);
            }
            boolean finishing = last != null;
            int next = options.get(0);
            if (!finishing && decisions.size() < prefix.size()) {
                next = prefix.get(decisions.size());
                if (!options.contains(next)) {
                    return abort(decisions, steps, "the schedule does not fit this run: at decision " + decisions.size()
                            + " it names thread " + next + ", but only " + options + " can go on", null);
                }
            }
            running = workers.get(next);
            if (!finishing) {
                decisions.add(new Decision(List.copyOf(options), currentCouldContinue, next));
                steps.add(running.name + ": " + running.at);
            } else if (steps.get(steps.size() - 1).startsWith(last.name + ": ")) {
                steps.set(steps.size() - 1, last.name + ": ... " + running.at); // its last step is the one to see
            } else {
                steps.add(running.name + ": " + running.at);
            }
            running.status = Status.RUNNING;
            running.turn.release();
            try {
                if (!reported.tryAcquire(stepTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    return abort(decisions, steps, stuck(running, stepTimeout), null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return abort(decisions, steps, "interrupted", e);
            }
        }
    }

    /** A switch point of the calling actor: it stops here until the schedule gives it the turn again. */
    void point(String what) {
        Worker me = CURRENT.get();
        if (aborted) {
            throw new Aborted();
        }
        me.at = what;
        me.status = Status.READY;
        reported.release();
        me.awaitTurn();
    }

    /**
     * What every scheduled lock's {@code lock()} does: {@code take} in a thread no schedule runs,
     * else {@link #acquire} with {@code tryTake}.
     */
    static void lock(Object lock, String name, Runnable take, BooleanSupplier tryTake) {
        Scheduler scheduler = current();
        if (scheduler == null) {
            take.run();
        } else {
            scheduler.acquire(lock, name, tryTake);
        }
    }

    /** What every scheduled lock's {@code unlock()} does after releasing: {@link #released}, if a schedule runs. */
    static void unlocked(Object lock, String name) {
        Scheduler scheduler = current();
        if (scheduler != null) {
            scheduler.released(lock, name);
        }
    }

    /**
     * Takes a scheduled lock (or one half of a read-write lock) named {@code name} for the calling
     * actor: a switch point, then {@code tryAcquire} until it succeeds, blocked (and off the schedule)
     * while other threads hold it. {@code lock} is the whole lock: releasing either half of a
     * read-write lock may let a waiter on the other half go on.
     */
    void acquire(Object lock, String name, BooleanSupplier tryAcquire) {
        point("takes " + name);
        Worker me = CURRENT.get();
        while (!tryAcquire.getAsBoolean()) {
            me.status = Status.BLOCKED;
            me.blockedOn = lock;
            me.waitsFor = name;
            me.at = "waited for " + name + ", now free";
            reported.release();
            me.awaitTurn();
        }
        me.blockedOn = null;
        holders.computeIfAbsent(lock, l -> new LinkedHashMap<>()).merge(new Holder(me, name), 1, Integer::sum);
    }

    /** After the calling actor released a scheduled lock: its waiters may go on; then a switch point. */
    void released(Object lock, String name) {
        Worker me = CURRENT.get();
        Map<Holder, Integer> held = holders.get(lock);
        if (held != null) {
            held.computeIfPresent(new Holder(me, name), (w, n) -> n == 1 ? null : n - 1);
        }
        for (Worker w : workers) {
            if (w.status == Status.BLOCKED && w.blockedOn == lock) {
                w.status = Status.READY;
            }
        }
        if (!aborted) {
            point("released " + name);
        }
    }

    /** Whether every actor's thread has ended (false if one is stuck where the scheduler cannot reach it). */
    boolean ended() {
        for (Worker w : workers) {
            if (w.status == Status.RUNNING) {
                return false;
            }
            try {
                w.thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (w.thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private String deadlock() {
        StringBuilder text = new StringBuilder("deadlock: no thread can go on.");
        for (Worker w : workers) {
            if (w.status == Status.BLOCKED) {
                Map<Holder, Integer> held = holders.getOrDefault(w.blockedOn, Map.of());
                text.append(" ").append(w.name).append(" waits for ").append(w.waitsFor).append(", held by ")
                        .append(held.isEmpty() ? "nobody" : String.join(" and ",
                                held.keySet().stream().map(Holder::toString).toList())).append(".");
            }
        }
        return text.toString();
    }

    private String stuck(Worker w, Duration timeout) {
        Thread.State state = w.thread.getState();
        Object blocker = LockSupport.getBlocker(w.thread);
        StackTraceElement[] stack = w.thread.getStackTrace();
        String where = stack.length == 0 ? "(no stack)" : String.join("\n    at ",
                java.util.Arrays.stream(stack).limit(12).map(String::valueOf).toList());
        String waiting = switch (state) {
            case BLOCKED -> "is BLOCKED entering a synchronized block";
            case WAITING, TIMED_WAITING -> "is " + state + (blocker == null ? "" : " on " + blocker)
                    + ": a lock, condition or monitor the scheduler does not control, which no other thread can"
                    + " release while this one holds the turn";
            default -> "is still " + state + " (an endless loop?)";
        };
        return w.name + " made no progress for " + timeout.toSeconds() + " s after it " + w.at + ": it " + waiting
                + "\n    at " + where;
    }

    private Outcome abort(List<Decision> decisions, List<String> steps, String failure, Throwable cause) {
        aborted = true;
        for (Worker w : workers) {
            if (w.status != Status.DONE && w.status != Status.RUNNING) {
                w.thread.interrupt();
            }
        }
        for (Worker w : workers) {
            if (w.status == Status.RUNNING) {
                continue; // stuck where the scheduler cannot reach it; it is a daemon thread
            }
            try {
                w.thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return new Outcome(decisions, steps, failure, cause);
    }
}
