package dev.fromzero.testkit;

import java.util.Arrays;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * Asserts that code throws, with the test's explanation on every way the assertion can fail.
 *
 * <pre>{@code
 * assertThrown(CorruptionException.class, () -> log.replay(sink),
 *         "a torn commit in %s followed by more data is corruption", segment)
 *     .hasMessageContaining(segment.getFileName().toString());
 * }</pre>
 *
 * <p>Why not AssertJ's {@code assertThatThrownBy(code).as(why)}: when the code throws nothing,
 * {@code assertThatThrownBy} fails before {@code as} is reached, and the learner reads only
 * "Expecting code to raise a throwable." Here the explanation is an argument, so it is there
 * before the code runs, and it stays on the returned assertion for the checks that follow (the
 * message, the cause; AssertJ's {@code message()} navigation drops it, so assert on
 * {@code hasMessage…} instead).
 *
 * <p>When the code throws the wrong type, the failure names both types, includes what was thrown
 * (so a starter's {@code TODO(…)} stub shows through) and carries it as the cause, with its stack.
 */
public final class Explained {

    private Explained() {
    }

    /**
     * Runs {@code code}, which must throw a {@code type}, and returns an assertion on what it threw,
     * described by {@code why} (a {@link String#format} pattern when {@code args} are given).
     *
     * @throws AssertionError starting with {@code [why]} when {@code code} throws nothing, or
     *         throws something that is not a {@code type}
     */
    public static <T extends Throwable> AbstractThrowableAssert<?, T> assertThrown(
            Class<T> type, ThrowingCallable code, String why, Object... args) {
        String explanation = args.length == 0 ? why : String.format(why, args);
        Throwable thrown = Assertions.catchThrowable(code);
        if (thrown == null) {
            throw fromCaller(new AssertionError(String.format(
                    "[%s]%nExpecting the code to throw %s, but it threw nothing.", explanation, type.getName())));
        }
        if (!type.isInstance(thrown)) {
            throw fromCaller(new AssertionError(String.format("[%s]%nExpecting the code to throw %s, but it threw:%n  %s",
                    explanation, type.getName(), thrown), thrown));
        }
        return Assertions.<T>assertThat(type.cast(thrown)).as(explanation);
    }

    /** Drops this class's frames, so that a failure's first frame is the test's line, as with AssertJ's own. */
    private static AssertionError fromCaller(AssertionError error) {
        error.setStackTrace(Arrays.stream(error.getStackTrace())
                .filter(frame -> !frame.getClassName().equals(Explained.class.getName()))
                .toArray(StackTraceElement[]::new));
        return error;
    }
}
