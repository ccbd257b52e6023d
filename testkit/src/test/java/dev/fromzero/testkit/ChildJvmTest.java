package dev.fromzero.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ChildJvmTest {

    /** Prints numbered lines forever, or fails at once when asked to. */
    public static final class Counter {
        public static void main(String[] args) throws InterruptedException {
            if (args.length > 0 && args[0].equals("fail")) {
                System.err.println("asked to fail");
                System.exit(3);
            }
            for (int i = 0; ; i++) {
                System.out.println("line " + i);
                Thread.sleep(1);
            }
        }
    }

    @Test
    @DisplayName("killAfterLines kills the child and returns every line it printed, in order")
    void killsAfterLines() {
        try (ChildJvm child = ChildJvm.start(Counter.class)) {
            List<String> lines = child.killAfterLines(5, Duration.ofSeconds(30));
            assertThat(lines.size()).isGreaterThanOrEqualTo(5);
            for (int i = 0; i < lines.size(); i++) {
                assertThat(lines.get(i)).isEqualTo("line " + i);
            }
        }
    }

    @Test
    @DisplayName("a child that dies early fails the wait with its stderr instead of hanging")
    void reportsEarlyDeath() {
        try (ChildJvm child = ChildJvm.start(Counter.class, "fail")) {
            assertThatThrownBy(() -> child.killAfterLines(1, Duration.ofSeconds(30)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("printed only 0 of 1 lines")
                    .hasMessageContaining("asked to fail");
        }
    }
}
