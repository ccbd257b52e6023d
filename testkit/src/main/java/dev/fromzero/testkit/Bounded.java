package dev.fromzero.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits with a bound, for tests: a wrong implementation that hangs (a lock that waits instead of
 * failing, a wake-up that never comes, a merge that never ends, a close that waits forever) fails
 * its test within seconds, with a message naming what the test waited for and, where it can,
 * where the stuck thread was. Without it a hang runs into the grader's per-test limit and says
 * nothing.
 *
 * <p>The bounds guard against hangs only. A correct implementation finishes far sooner (the
 * default, {@link #LIMIT}, is many times what any wait of the course takes on a loaded 2-core
 * machine), so no test passes or fails because of timing. Every method takes {@code what}, the
 * thing waited for, as a noun phrase: "the merge to finish", "close() to return while a merge
 * runs".
 *
 * <p>{@link #call} and {@link #run} run the action on a thread of their own, so that even a thread
 * stuck where an interrupt cannot reach it (a {@code synchronized} block, {@code lock()}) cannot
 * hold the test: on timeout the thread is interrupted and abandoned (it is a daemon), and its stack
 * is the cause of the failure.
 */
public final class Bounded {

    /** How long a wait may take before it counts as a hang. */
    public static final Duration LIMIT = Duration.ofSeconds(30);

    private Bounded() {
    }

    /** An action that may throw anything, for {@link #run}. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    /** Runs {@code action} and returns its result, failing if it takes longer than {@link #LIMIT}. */
    public static <T> T call(String what, Callable<T> action) {
        return call(what, LIMIT, action);
    }

    /**
     * Runs {@code action} on a thread of its own and returns its result, or throws what it threw
     * (unchanged, so {@code assertThatThrownBy} sees the real exception).
     *
     * @throws AssertionError if it has not finished after {@code limit}; its cause carries the
     *     stuck thread's stack
     */
    public static <T> T call(String what, Duration limit, Callable<T> action) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                result.set(action.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "bounded: " + what);
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join(limit.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
        if (worker.isAlive()) {
            AssertionError stuck = new AssertionError("where the thread waiting for " + what + " was stuck");
            stuck.setStackTrace(worker.getStackTrace());
            worker.interrupt();
            throw new AssertionError(hung(what, limit), stuck);
        }
        Throwable thrown = failure.get();
        if (thrown != null) {
            throw Bounded.<RuntimeException>sneaky(thrown);
        }
        return result.get();
    }

    /** Runs {@code action}, failing if it takes longer than {@link #LIMIT}. */
    public static void run(String what, Action action) {
        run(what, LIMIT, action);
    }

    /** Runs {@code action}, failing if it takes longer than {@code limit}; see {@link #call(String, Duration, Callable)}. */
    public static void run(String what, Duration limit, Action action) {
        call(what, limit, () -> {
            action.run();
            return null;
        });
    }

    /** A resource whose close is bounded; see {@link #closing}. */
    @FunctionalInterface
    public interface Closing extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * {@code resource}, closed with a bound when the try-with-resources block ends: {@code try (Bounded.Closing c =
     * Bounded.closing("close() while a merge runs", store)) { ... }}. A close that waits forever (for a merge or a
     * flusher that never ends) fails within {@link #LIMIT}; what the block threw stays the failure, with the
     * close's failure suppressed into it, as try-with-resources does.
     */
    public static Closing closing(String what, AutoCloseable resource) {
        return closing(what, LIMIT, resource);
    }

    /** {@code resource}, closed with the bound {@code limit}; see {@link #closing(String, AutoCloseable)}. */
    public static Closing closing(String what, Duration limit, AutoCloseable resource) {
        return () -> run(what, limit, resource::close);
    }

    /** The result of {@code future}, waiting at most {@link #LIMIT}; what the task threw is rethrown as it was. */
    public static <T> T get(String what, Future<T> future) {
        return get(what, LIMIT, future);
    }

    /** The result of {@code future}, waiting at most {@code limit}; what the task threw is rethrown as it was. */
    public static <T> T get(String what, Duration limit, Future<T> future) {
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError(hung(what, limit));
        } catch (ExecutionException e) {
            throw Bounded.<RuntimeException>sneaky(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    /** Waits for {@code latch} to reach zero, at most {@link #LIMIT}. */
    public static void await(String what, CountDownLatch latch) {
        try {
            if (!latch.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(hung(what, LIMIT));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    /** Waits for {@code thread} to end, at most {@link #LIMIT}; on timeout its stack is the cause. */
    public static void join(String what, Thread thread) {
        try {
            thread.join(LIMIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
        if (thread.isAlive()) {
            AssertionError stuck = new AssertionError("where " + thread.getName() + " was stuck");
            stuck.setStackTrace(thread.getStackTrace());
            throw new AssertionError(hung(what, LIMIT), stuck);
        }
    }

    /**
     * Polls {@code condition} until it holds, at most {@link #LIMIT}. For conditions that another
     * thread makes true (a background merge, a flusher); {@code what} is asked only on failure,
     * so it may describe the state at that moment.
     */
    public static void until(Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(hung(what.get(), LIMIT));
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what.get(), e);
            }
        }
    }

    private static String hung(String what, Duration limit) {
        String waited = limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
        return "waited " + waited + " for " + what + ", and it never came: a hang (a lock that waits "
                + "instead of failing, a wake-up that is never sent, a loop that never ends?)";
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
