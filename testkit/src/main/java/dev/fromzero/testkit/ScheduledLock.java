package dev.fromzero.testkit;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link ReentrantLock} that {@link Interleavings} schedules: in a thread a schedule runs, taking it
 * and releasing it are switch points, and a thread that finds it held waits off the schedule until
 * its holder releases it, instead of parking inside the lock. In any other thread it is a plain
 * {@code ReentrantLock}. A test puts one in place of the lock of the code under test.
 */
public class ScheduledLock extends ReentrantLock {

    private final String name;

    public ScheduledLock(String name) {
        this.name = name;
    }

    @Override
    public void lock() {
        Scheduler.lock(this, name, super::lock, super::tryLock);
    }

    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (Scheduler.current() == null) {
            super.lockInterruptibly();
        } else {
            lock();
        }
    }

    @Override
    public boolean tryLock() {
        Scheduler scheduler = Scheduler.current();
        if (scheduler != null) {
            scheduler.point("tries " + name);
        }
        return super.tryLock();
    }

    /** Under a schedule, waits as {@link #lock()} does: taking it late is one of the outcomes of a timed wait. */
    @Override
    public boolean tryLock(long timeout, TimeUnit unit) throws InterruptedException {
        if (Scheduler.current() == null) {
            return super.tryLock(timeout, unit);
        }
        lock();
        return true;
    }

    @Override
    public void unlock() {
        super.unlock();
        Scheduler.unlocked(this, name);
    }

    @Override
    public String toString() {
        return name;
    }
}
