package dev.fromzero.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Makes a test class's randomness replayable. Each test method may take a {@link Seed}
 * parameter; all randomness of the test must come from it. When such a test fails, the seed
 * and the exact command that replays it are printed (and attached to the failure for the course
 * tool). {@code -Dfromzero.seed=N} fixes the seed for a run.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(SeedExtension.class)
public @interface Seeded {
}
