package dev.fromzero.testkit;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link ReentrantReadWriteLock} that {@link Interleavings} schedules, as {@link ScheduledLock}
 * does: under a schedule, taking and releasing either half is a switch point, and a thread that
 * cannot take it (the write lock is held by another thread; or, for the write lock, any other
 * thread holds either) waits off the schedule. Readers do not queue behind a waiting writer here:
 * the order in which blocked threads go on is the schedule's choice.
 */
public class ScheduledReadWriteLock extends ReentrantReadWriteLock {

    private final Read read;
    private final Write write;

    public ScheduledReadWriteLock(String name) {
        this.read = new Read(this, name + " read lock");
        this.write = new Write(this, name + " write lock");
    }

    @Override
    public ReentrantReadWriteLock.ReadLock readLock() {
        return read;
    }

    @Override
    public ReentrantReadWriteLock.WriteLock writeLock() {
        return write;
    }

    private static final class Read extends ReentrantReadWriteLock.ReadLock {
        private final ReentrantReadWriteLock whole;
        private final String name;

        Read(ReentrantReadWriteLock lock, String name) {
            super(lock);
            this.whole = lock;
            this.name = name;
        }

        @Override
        public void lock() {
            Scheduler.lock(whole, name, super::lock, super::tryLock);
        }

        @Override
        public void unlock() {
            super.unlock();
            Scheduler.unlocked(whole, name);
        }
    }

    private static final class Write extends ReentrantReadWriteLock.WriteLock {
        private final ReentrantReadWriteLock whole;
        private final String name;

        Write(ReentrantReadWriteLock lock, String name) {
            super(lock);
            this.whole = lock;
            this.name = name;
        }

        @Override
        public void lock() {
            Scheduler.lock(whole, name, super::lock, super::tryLock);
        }

        @Override
        public void unlock() {
            super.unlock();
            Scheduler.unlocked(whole, name);
        }
    }
}
