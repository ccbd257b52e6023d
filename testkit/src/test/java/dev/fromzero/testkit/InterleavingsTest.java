package dev.fromzero.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class InterleavingsTest {

    /** An account: withdraw checks the balance, then takes the money, each under the lock, or both under one hold. */
    private static final class Account implements Interleavings.Trial {
        final ScheduledLock lock = new ScheduledLock("account lock");
        final boolean checkInsideLock;
        int balance = 100;
        boolean[] paid = new boolean[2];

        Account(boolean checkInsideLock) {
            this.checkInsideLock = checkInsideLock;
        }

        boolean withdraw(int amount) {
            if (!checkInsideLock) {
                lock.lock();
                boolean enough;
                try {
                    enough = balance >= amount;
                } finally {
                    lock.unlock();
                }
                if (!enough) {
                    return false;
                }
            }
            lock.lock();
            try {
                if (checkInsideLock && balance < amount) {
                    return false;
                }
                balance -= amount;
                return true;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public List<Interleavings.Actor> actors() {
            return List.of(new Interleavings.Actor("first", () -> paid[0] = withdraw(80)),
                    new Interleavings.Actor("second", () -> paid[1] = withdraw(80)));
        }

        @Override
        public void check() {
            assertThat(balance).as("the balance after two withdrawals of 80 from 100 (paid %s and %s)", paid[0], paid[1])
                    .isEqualTo(20);
        }

        @Override
        public void close() {
        }
    }

    @Test
    @DisplayName("a check-then-act across two holds of a lock is caught, with its schedule and steps")
    void findsCheckThenAct() {
        assertThatThrownBy(() -> Interleavings.upToPreemptions(1).explore(() -> new Account(false)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the balance after two withdrawals")
                .hasMessageContaining("Interleavings.replay(\"")
                .hasMessageContaining("first: released account lock");
    }

    @Test
    @DisplayName("the same account with one hold passes every schedule within the bound, and says how many it ran")
    void passesCorrectCode() {
        Interleavings.Report report = Interleavings.upToPreemptions(2).explore(() -> new Account(true));
        assertThat(report.exhaustive()).isTrue();
        assertThat(report.schedules()).isGreaterThan(2);
        assertThat(Interleavings.upToPreemptions(2).explore(() -> new Account(true)))
                .as("a second exploration runs exactly the same schedules").isEqualTo(report);
    }

    @Test
    @DisplayName("without preemptions the bug cannot show: the bound is what finds it")
    void zeroPreemptionsRunsThreadsWhole() {
        Interleavings.Report report = Interleavings.upToPreemptions(0).explore(() -> new Account(false));
        assertThat(report).isEqualTo(new Interleavings.Report(2, true));
    }

    @Test
    @DisplayName("a failure is the same on every run, and its printed schedule replays it")
    void failuresAreDeterministicAndReplay() {
        Supplier<Account> buggy = () -> new Account(false);
        String first = failureOf(() -> Interleavings.upToPreemptions(2).explore(buggy));
        String second = failureOf(() -> Interleavings.upToPreemptions(2).explore(buggy));
        assertThat(second).isEqualTo(first);
        Matcher schedule = Pattern.compile("replay\\(\"([0-9 ]*)\"").matcher(first);
        assertThat(schedule.find()).isTrue();
        assertThat(failureOf(() -> Interleavings.upToPreemptions(0).replay(schedule.group(1), buggy)))
                .startsWith(first.substring(0, first.indexOf('\n')));
        Interleavings.upToPreemptions(0).replay("", () -> new Account(false)); // no preemption: passes
    }

    @Test
    @DisplayName("two threads taking two locks in opposite orders: the deadlock is reported with who waits for what")
    void reportsDeadlocks() {
        Supplier<Interleavings.Trial> trial = () -> new Interleavings.Trial() {
            final ScheduledLock a = new ScheduledLock("lock A");
            final ScheduledLock b = new ScheduledLock("lock B");

            @Override
            public List<Interleavings.Actor> actors() {
                return List.of(new Interleavings.Actor("ab", () -> both(a, b)), new Interleavings.Actor("ba", () -> both(b, a)));
            }

            private void both(ScheduledLock first, ScheduledLock second) {
                first.lock();
                try {
                    second.lock();
                    second.unlock();
                } finally {
                    first.unlock();
                }
            }

            @Override
            public void check() {
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> Interleavings.upToPreemptions(1).explore(trial))
                .hasMessageContaining("deadlock")
                .hasMessageContaining("ab waits for lock B, held by ba (lock B)")
                .hasMessageContaining("ba waits for lock A, held by ab (lock A)");
    }

    @Test
    @DisplayName("a reader that skips the read lock sees a writer's half-done update; readers with the lock never do")
    void readWriteLock() {
        for (boolean locked : new boolean[] {true, false}) {
            Supplier<Interleavings.Trial> trial = () -> new Interleavings.Trial() {
                final ScheduledReadWriteLock lock = new ScheduledReadWriteLock("pair");
                int x;
                int y;
                final AtomicReference<String> seen = new AtomicReference<>();

                @Override
                public List<Interleavings.Actor> actors() {
                    return List.of(new Interleavings.Actor("writer", () -> {
                        lock.writeLock().lock();
                        try {
                            x = 1;
                            Interleavings.point("between x and y");
                            y = 1;
                        } finally {
                            lock.writeLock().unlock();
                        }
                    }), new Interleavings.Actor("reader", () -> {
                        if (locked) {
                            lock.readLock().lock();
                        }
                        try {
                            seen.set(x + "," + y);
                        } finally {
                            if (locked) {
                                lock.readLock().unlock();
                            }
                        }
                    }));
                }

                @Override
                public void check() {
                    assertThat(seen.get()).as("the reader sees the pair before or after the write").isIn("0,0", "1,1");
                }

                @Override
                public void close() {
                }
            };
            if (locked) {
                assertThat(Interleavings.upToPreemptions(2).explore(trial).exhaustive()).isTrue();
            } else {
                assertThatThrownBy(() -> Interleavings.upToPreemptions(1).explore(trial))
                        .hasMessageContaining("before or after the write");
            }
        }
    }

    @Test
    @DisplayName("a lock a thread never released makes the check after it fail at once, naming the lock and the thread")
    void reportsLocksNeverReleased() {
        Supplier<Interleavings.Trial> trial = () -> new Interleavings.Trial() {
            final ScheduledReadWriteLock lock = new ScheduledReadWriteLock("index");

            @Override
            public List<Interleavings.Actor> actors() {
                return List.of(new Interleavings.Actor("reader", () -> lock.readLock().lock()));
            }

            @Override
            public void check() {
                lock.writeLock().lock();
                lock.writeLock().unlock();
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> Interleavings.upToPreemptions(1).explore(trial))
                .hasMessageStartingWith("deadlock: no thread can go on. the check after every thread ended waits for "
                        + "index write lock, held by reader (index read lock, and it ended without releasing it).");
    }

    @Test
    @DisplayName("a thread that waits on something the scheduler does not control fails within the step timeout, saying on what")
    void reportsHangs() {
        CountDownLatch never = new CountDownLatch(1);
        Supplier<Interleavings.Trial> trial = () -> new Interleavings.Trial() {
            @Override
            public List<Interleavings.Actor> actors() {
                return List.of(new Interleavings.Actor("waiter", () -> {
                    try {
                        never.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }));
            }

            @Override
            public void check() {
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> Interleavings.upToPreemptions(1).stepTimeout(Duration.ofMillis(500)).explore(trial))
                .hasMessageContaining("waiter made no progress")
                .hasMessageContaining("WAITING on java.util.concurrent.CountDownLatch")
                .hasMessageContaining("CountDownLatch.await");
        never.countDown();
    }

    @Test
    @DisplayName("an exception in a thread fails the schedule and names the thread")
    void reportsExceptions() {
        Supplier<Interleavings.Trial> trial = () -> new Interleavings.Trial() {
            @Override
            public List<Interleavings.Actor> actors() {
                return List.of(new Interleavings.Actor("thrower", () -> {
                    throw new IllegalStateException("boom");
                }));
            }

            @Override
            public void check() {
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> Interleavings.upToPreemptions(1).explore(trial))
                .hasMessageStartingWith("thrower threw java.lang.IllegalStateException: boom")
                .hasRootCauseMessage("boom");
    }

    private static String failureOf(Runnable run) {
        try {
            run.run();
        } catch (AssertionError e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the exploration to fail");
    }
}
