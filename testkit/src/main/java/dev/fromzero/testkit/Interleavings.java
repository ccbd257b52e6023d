package dev.fromzero.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Concurrency tests that catch a race on every run: a few threads (actors) run one at a time, and
 * every interleaving of them is tried, up to a bound on preemptions, each from a fresh start. This
 * is systematic testing in the style of Microsoft's CHESS (Musuvathi and Qadeer, "Iterative context
 * bounding for systematic testing of multithreaded programs", PLDI 2007): most concurrency bugs need
 * one or two preemptions to show, and the schedules with that few are not many.
 *
 * <p>A thread gives up its turn only at a switch point: {@link #point(String)}, or taking or
 * releasing a {@link ScheduledLock} or {@link ScheduledReadWriteLock}. A preemption is a switch to
 * another thread where the running one could have gone on; a switch because it blocked on a lock
 * or ended is free. There is no randomness and no clock: the same test explores the same schedules
 * in the same order, and a failure prints its schedule, which {@link #replay} runs again alone.
 *
 * <p>What the threads share must be made fresh for each schedule ({@link Trial}), since every
 * schedule runs from the start. A thread that stops for {@linkplain #stepTimeout a few seconds}
 * between two switch points (blocked on a lock the scheduler does not control, or looping) fails
 * the test, which names what it waits for.
 */
public final class Interleavings {

    /** A thread of a schedule: a name for the report, and what it runs. */
    public record Actor(String name, Runnable body) {
    }

    /** One schedule's world, built fresh for every schedule. */
    public interface Trial extends AutoCloseable {

        /** The threads to interleave, in a fixed order: a schedule names them by their index. */
        List<Actor> actors();

        /**
         * After every actor ended: throws (an AssertionError, typically) if what happened is wrong.
         * It runs on a scheduled thread of its own, so taking a lock an actor still holds is
         * reported as a deadlock.
         */
        void check();

        /** Frees what the trial holds (called after every schedule, also one that failed). */
        @Override
        void close();
    }

    /** What an exploration did: how many schedules ran, and whether they were all within the bound. */
    public record Report(int schedules, boolean exhaustive) {
    }

    private final int preemptions;
    private final int maxSchedules;
    private final Duration stepTimeout;

    private Interleavings(int preemptions, int maxSchedules, Duration stepTimeout) {
        if (preemptions < 0 || maxSchedules < 1 || stepTimeout.isNegative() || stepTimeout.isZero()) {
            throw new IllegalArgumentException("need preemptions >= 0, maxSchedules >= 1 and a positive step timeout, got "
                    + preemptions + ", " + maxSchedules + ", " + stepTimeout);
        }
        this.preemptions = preemptions;
        this.maxSchedules = maxSchedules;
        this.stepTimeout = stepTimeout;
    }

    /** Every schedule with at most {@code preemptions} preemptions (and at most 10,000 schedules). */
    public static Interleavings upToPreemptions(int preemptions) {
        return new Interleavings(preemptions, 10_000, Duration.ofSeconds(10));
    }

    /** Stops after {@code max} schedules, in the same order every time. */
    public Interleavings maxSchedules(int max) {
        return new Interleavings(preemptions, max, stepTimeout);
    }

    /** How long a thread may run between two switch points before the test says it hangs. */
    public Interleavings stepTimeout(Duration timeout) {
        return new Interleavings(preemptions, maxSchedules, timeout);
    }

    /** The calling thread's switch point named {@code what}; nothing if no schedule runs the thread. */
    public static void point(String what) {
        Scheduler scheduler = Scheduler.current();
        if (scheduler != null) {
            scheduler.point(what);
        }
    }

    /** The name of the actor running on the calling thread, or null if none is. */
    public static String currentActor() {
        return Scheduler.currentActor();
    }

    /**
     * Runs every schedule within the bound, depth first, each on a fresh trial, and throws an
     * {@link AssertionError} naming the schedule and its steps at the first that fails.
     */
    public Report explore(Supplier<? extends Trial> trials) {
        List<Integer> prefix = List.of();
        int schedules = 0;
        while (schedules < maxSchedules) {
            Scheduler.Outcome outcome = runOne(prefix, trials, schedules + 1);
            schedules++;
            prefix = next(outcome.decisions());
            if (prefix == null) {
                return new Report(schedules, true);
            }
        }
        return new Report(schedules, false);
    }

    /** Runs the one schedule a failure printed (thread indexes, space-separated), then as the default goes. */
    public void replay(String schedule, Supplier<? extends Trial> trials) {
        List<Integer> prefix = schedule.isBlank() ? List.of()
                : Arrays.stream(schedule.trim().split("\\s+")).map(Integer::valueOf).toList();
        runOne(prefix, trials, 1);
    }

    private Scheduler.Outcome runOne(List<Integer> prefix, Supplier<? extends Trial> trials, int number) {
        Trial trial = trials.get();
        Scheduler scheduler = new Scheduler();
        boolean failed = true;
        try {
            List<Actor> actors = trial.actors();
            Scheduler.Outcome outcome = scheduler.run(actors, new Actor("the check after every thread ended", trial::check), prefix, stepTimeout);
            if (outcome.failure() != null) {
                throw failure(outcome.failure(), outcome, actors, number, outcome.cause());
            }
            failed = false;
            return outcome;
        } finally {
            if (scheduler.ended()) {
                close(trial, failed);
            }
        }
    }

    /**
     * Closes a trial on a scheduled thread of its own, so that a lock an actor never released ends
     * in a report rather than a hang; after a failure, a close that cannot finish is left alone.
     */
    private void close(Trial trial, boolean failed) {
        Scheduler.Outcome closing = new Scheduler().run(List.of(new Actor("close", trial::close)), null, List.of(),
                stepTimeout);
        if (closing.failure() != null && !failed) {
            throw new AssertionError("closing after the schedule failed: " + closing.failure(), closing.cause());
        }
    }

    private static AssertionError failure(String what, Scheduler.Outcome outcome, List<Actor> actors, int number,
            Throwable cause) {
        String schedule = outcome.decisions().stream().map(d -> String.valueOf(d.chosen()))
                .collect(Collectors.joining(" "));
        StringBuilder text = new StringBuilder(what).append("\n\nSchedule ").append(number).append(" of the exploration");
        text.append(" (threads ");
        for (int i = 0; i < actors.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(i).append(" = ").append(actors.get(i).name());
        }
        text.append("); replay it with Interleavings.replay(\"").append(schedule).append("\", ...).\n");
        text.append("Each step runs one thread from where it stood to its next switch point:\n");
        int step = 1;
        for (String s : outcome.steps()) {
            text.append(String.format("  %3d. %s%n", step++, s));
        }
        return new AssertionError(text.toString(), cause);
    }

    /** The prefix of the next schedule, depth first, within the preemption bound; null when none is left. */
    private List<Integer> next(List<Scheduler.Decision> decisions) {
        int[] before = new int[decisions.size() + 1];
        for (int i = 0; i < decisions.size(); i++) {
            Scheduler.Decision d = decisions.get(i);
            boolean preempted = d.currentCouldContinue() && d.options().indexOf(d.chosen()) > 0;
            before[i + 1] = before[i] + (preempted ? 1 : 0);
        }
        for (int i = decisions.size() - 1; i >= 0; i--) {
            Scheduler.Decision d = decisions.get(i);
            int at = d.options().indexOf(d.chosen());
            for (int p = at + 1; p < d.options().size(); p++) {
                if (before[i] + (d.currentCouldContinue() ? 1 : 0) <= preemptions) {
                    List<Integer> prefix = new ArrayList<>();
                    for (int j = 0; j < i; j++) {
                        prefix.add(decisions.get(j).chosen());
                    }
                    prefix.add(d.options().get(p));
                    return prefix;
                }
            }
        }
        return null;
    }
}
