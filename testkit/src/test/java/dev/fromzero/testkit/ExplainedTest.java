package dev.fromzero.testkit;

import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ExplainedTest {

    private static final String WHY = "a torn commit is corruption";

    /** Runs an assertion that must fail, and returns its failure. */
    private static AssertionError failure(Runnable assertion) {
        Throwable failure = catchThrowable(assertion::run);
        assertThat(failure).as("the assertion under test must fail").isInstanceOf(AssertionError.class);
        return (AssertionError) failure;
    }

    @Test
    @DisplayName("code that throws nothing fails with the explanation and the expected type")
    void nothingThrown() {
        AssertionError e = failure(() -> assertThrown(IllegalStateException.class, () -> { }, WHY));
        assertThat(e.getMessage()).as("the failure of code that threw nothing")
                .startsWith("[" + WHY + "]")
                .contains("java.lang.IllegalStateException", "threw nothing");
        assertThat(e.getStackTrace()[0].getClassName()).as("the failure's first frame: the caller, not Explained")
                .isNotEqualTo(Explained.class.getName());
    }

    @Test
    @DisplayName("code that throws the wrong type fails with the explanation, both types, and the thrown as cause")
    void wrongType() {
        UnsupportedOperationException todo = new UnsupportedOperationException("TODO(chapter01): write the log");
        AssertionError e = failure(() -> assertThrown(IllegalStateException.class, () -> {
            throw todo;
        }, WHY));
        assertThat(e.getMessage()).as("the failure of code that threw the wrong type")
                .startsWith("[" + WHY + "]")
                .contains("java.lang.IllegalStateException", "UnsupportedOperationException", todo.getMessage());
        assertThat(e.getCause()).as("the wrong throwable, kept as the cause for its stack trace").isSameAs(todo);
    }

    @Test
    @DisplayName("a subtype of the expected type passes, and the throwable is returned")
    void subtypePasses() {
        UncheckedIOException thrown = new UncheckedIOException(new IOException("disk"));
        Throwable returned = assertThrown(RuntimeException.class, () -> {
            throw thrown;
        }, WHY).actual();
        assertThat(returned).as("assertThrown returns an assertion on what the code threw").isSameAs(thrown);
    }

    @Test
    @DisplayName("checks chained after assertThrown keep the explanation: message, type, cause")
    void chainedChecksKeepIt() {
        ThrowingRunnable code = () -> {
            throw new IllegalArgumentException("key too large");
        };
        for (Runnable chained : new Runnable[] {
                () -> assertThrown(IllegalArgumentException.class, code::run, WHY).hasMessageContaining("segment"),
                () -> assertThrown(IllegalArgumentException.class, code::run, WHY).hasMessage("other"),
                () -> assertThrown(RuntimeException.class, code::run, WHY).isInstanceOf(IllegalStateException.class),
                () -> assertThrown(IllegalArgumentException.class, code::run, WHY).hasCauseInstanceOf(IOException.class),
                () -> assertThrown(IllegalArgumentException.class, code::run, WHY)
                        .satisfies(e -> assertThat(e.getMessage()).isEmpty()),
        }) {
            assertThat(failure(chained).getMessage().strip()).as("a failing check chained after assertThrown")
                    .startsWith("[" + WHY + "]");
        }
    }

    @Test
    @DisplayName("the explanation is a format when arguments are given, and taken literally otherwise")
    void formats() {
        assertThat(failure(() -> assertThrown(IllegalStateException.class, () -> { }, "segment %d of %s", 3, "log"))
                .getMessage()).as("a formatted explanation").startsWith("[segment 3 of log]");
        assertThat(failure(() -> assertThrown(IllegalStateException.class, () -> { }, "100% sure")).getMessage())
                .as("an explanation without arguments, holding a %").startsWith("[100% sure]");
        assertThat(failure(() -> assertThrown(IllegalStateException.class, () -> {
            throw new IllegalStateException("x");
        }, "100% sure").hasMessage("y")).getMessage())
                .as("a chained check under an explanation holding a %").startsWith("[100% sure]");
    }

    /** A lambda that may throw anything, like AssertJ's ThrowingCallable. */
    private interface ThrowingRunnable {
        void run() throws Throwable;
    }
}
