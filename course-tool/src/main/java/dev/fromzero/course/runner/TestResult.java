package dev.fromzero.course.runner;

/**
 * The outcome of one test, as the forked runner reports it: which test, which step of the
 * chapter it belongs to (from {@code @Step} on its class), what it is worth (from
 * {@code @Points}), and, when it failed, why and how to replay it. Parameterized and repeated
 * tests report one result per invocation; {@link dev.fromzero.course.report.SuiteReport} folds
 * them into one per method.
 */
public record TestResult(
        String className,
        String method,
        String displayName,
        int step,
        String stepTitle,
        String guide,
        int points,
        Status status,
        String message,
        String trace,
        String replay) {

    public enum Status { PASSED, FAILED, ABORTED, SKIPPED }

    /** {@code Class#method}, with the class's simple name: how a learner names a test on the command line. */
    public String key() {
        return className.substring(className.lastIndexOf('.') + 1) + (method.isEmpty() ? "" : "#" + method);
    }

    public boolean failed() {
        return status == Status.FAILED;
    }
}
