package dev.fromzero.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test that takes seconds, not milliseconds, on a finished chapter, and says why (it
 * kills real child JVMs, say). The course tool prints a line before such a test starts, so that a
 * learner watching a quiet terminal knows what it is waiting for. It changes nothing else: no
 * test may rely on its speed, and no limit is relaxed for it.
 *
 * <pre>{@code
 * @Test
 * @Slow("kills a writer process with kill -9, many times")
 * void killedWriterKeepsAcknowledgedRecords(...) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Slow {
    /** Why the test is slow, as the end of "a slow test: ...". */
    String value();
}
