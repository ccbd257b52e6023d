package dev.fromzero.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a test a fresh, empty directory: annotate a {@link java.nio.file.Path} parameter.
 *
 * <pre>{@code
 * @Test
 * void reopensTheLog(@Scratch Path dir) { ... }
 * }</pre>
 *
 * <p>The directory is deleted when the test passes. When it fails, the directory is kept and its
 * path printed, so that the files the test left behind can be inspected (with {@code xxd}, say).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
@ExtendWith(ScratchExtension.class)
public @interface Scratch {
}
