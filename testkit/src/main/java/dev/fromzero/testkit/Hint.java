package dev.fromzero.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A hint for a learner who is stuck on a test (on a method) or on a whole step (on a
 * {@link Step} class). This is the one place hints live: {@code ./course hint <test or step>}
 * prints them, and the guides link here rather than repeat them.
 *
 * <p>A hint nudges; it does not give the answer away. Say which concept the test exercises and
 * where a typical wrong implementation goes astray, e.g. "the tombstone must be replayed too:
 * a delete that only drops the key from memory is forgotten on reopen".
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Hint {
    /** The hint, one or more sentences of plain text. */
    String value();
}
