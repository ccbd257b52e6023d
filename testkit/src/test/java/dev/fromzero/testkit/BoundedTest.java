package dev.fromzero.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BoundedTest {

    private static final Duration SHORT = Duration.ofMillis(200);

    @Test
    @DisplayName("call returns the action's result, and rethrows what it threw, checked exceptions included, unchanged")
    void callPassesResultsAndExceptionsThrough() {
        assertThat(Bounded.call("a sum", () -> 1 + 1)).isEqualTo(2);
        IOException io = new IOException("disk");
        assertThatThrownBy(() -> Bounded.call("a read", () -> {
            throw io;
        })).isSameAs(io);
        AssertionError failed = new AssertionError("inner assertion");
        assertThatThrownBy(() -> Bounded.run("a check", () -> {
            throw failed;
        })).isSameAs(failed);
    }

    @Test
    @DisplayName("an action stuck where no interrupt reaches fails after the limit, naming what was awaited and where it hung")
    void aHangFailsWithWhatAndWhere() {
        ReentrantLock lock = new ReentrantLock();
        CountDownLatch held = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            lock.lock();
            held.countDown();
        });
        holder.setDaemon(true);
        holder.start();
        Bounded.await("the holder to take the lock", held);
        assertThatThrownBy(() -> Bounded.run("the lock to be free", SHORT, lock::lock))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the lock to be free")
                .hasMessageContaining("hang")
                .cause()
                .hasMessageContaining("stuck")
                .satisfies(cause -> assertThat(cause.getStackTrace())
                        .as("the stuck thread's stack, showing where it waited")
                        .anySatisfy(frame -> assertThat(frame.getClassName()).contains("ReentrantLock")));
    }

    @Test
    @DisplayName("closing closes its resource at the end of a try block, and a close that hangs fails after the limit")
    void closingIsBounded() {
        boolean[] closed = {false};
        try (Bounded.Closing c = Bounded.closing("a quick close", () -> closed[0] = true)) {
            assertThat(closed[0]).as("not closed before the block ends").isFalse();
        }
        assertThat(closed[0]).as("closed when the block ended").isTrue();
        CountDownLatch never = new CountDownLatch(1);
        IllegalStateException inBlock = new IllegalStateException("the block failed");
        Throwable thrown = catchThrowable(() -> {
            try (Bounded.Closing c = Bounded.closing("a close that waits on a latch", SHORT, never::await)) {
                throw inBlock;
            }
        });
        assertThat(thrown).as("what the block threw stays the failure").isSameAs(inBlock);
        assertThat(thrown.getSuppressed()).as("the hung close, suppressed into it").hasSize(1);
        assertThat(thrown.getSuppressed()[0]).hasMessageContaining("a close that waits on a latch").hasMessageContaining("200 ms");
    }

    @Test
    @DisplayName("get, await, join and until fail after the limit with what they waited for, and pass what finishes")
    void otherWaits() throws Exception {
        assertThatThrownBy(() -> Bounded.get("a future nobody completes", SHORT, new CompletableFuture<>()))
                .isInstanceOf(AssertionError.class).hasMessageContaining("a future nobody completes");
        CompletableFuture<String> failed = CompletableFuture.failedFuture(new IllegalStateException("inside"));
        assertThatThrownBy(() -> Bounded.get("a failed task", failed))
                .as("what the task threw, not an ExecutionException").isInstanceOf(IllegalStateException.class);
        assertThat(Bounded.get("a done task", CompletableFuture.completedFuture("done"))).isEqualTo("done");
        CountDownLatch open = new CountDownLatch(0);
        Bounded.await("an open latch", open);
        Thread quick = new Thread(() -> { });
        quick.start();
        Bounded.join("a thread that ends", quick);
        Bounded.until(() -> "a condition already true", () -> true);
    }
}
