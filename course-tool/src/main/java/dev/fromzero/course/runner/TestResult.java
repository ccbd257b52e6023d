package dev.fromzero.course.runner;

/**
 * The outcome of one test, as the forked runner reports it: which test, which step of the
 * chapter it belongs to (from {@code @Step} on its class), what it is worth (from
 * {@code @Points}), and, when it failed, why and how to replay it. Parameterized and repeated
 * tests report one result per invocation; {@link dev.fromzero.course.report.SuiteReport} folds
 * them into one per method.
 *
 * <p>{@code id} is JUnit's unique id of the test (or invocation), which tells apart the
 * invocations of one method; {@code output} is what the test printed, when the run captures it
 * (truncated); {@code millis} is how long it ran. {@code bonus} says the step is a bonus one
 * ({@code @Step(bonus = true)}): its points are extra credit, counted apart from the required ones.
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
        String replay,
        String id,
        String output,
        long millis,
        boolean bonus) {

    public enum Status { PASSED, FAILED, ABORTED, SKIPPED }

    /** A result of a required step. */
    public TestResult(String className, String method, String displayName, int step, String stepTitle, String guide,
                      int points, Status status, String message, String trace, String replay, String id, String output,
                      long millis) {
        this(className, method, displayName, step, stepTitle, guide, points, status, message, trace, replay, id, output,
                millis, false);
    }

    /** A result of a required step, without an id, captured output or duration. */
    public TestResult(String className, String method, String displayName, int step, String stepTitle, String guide,
                      int points, Status status, String message, String trace, String replay) {
        this(className, method, displayName, step, stepTitle, guide, points, status, message, trace, replay, "", "", 0);
    }

    /** {@code Class#method}, with the class's simple name: how a learner names a test on the command line. */
    public String key() {
        return className.substring(className.lastIndexOf('.') + 1) + (method.isEmpty() ? "" : "#" + method);
    }

    /** Whether this is a dynamic test of a {@code @TestFactory} (a sqllogictest record), by JUnit's unique id. */
    public boolean dynamic() {
        return id.contains("/[dynamic-test:");
    }

    /** For a dynamic test, the unique id of the factory that made it; else this test's own id. */
    public String factoryId() {
        return dynamic() ? id.substring(0, id.indexOf("/[dynamic-test:")) : id;
    }

    public boolean failed() {
        return status == Status.FAILED;
    }

    /** This test, failed with {@code message} (for a test the runner could not finish). */
    public TestResult failedWith(String why) {
        return failedWith(why, "");
    }

    /** This test, failed with {@code message} and the frames {@code trace} (for a test that ended its JVM). */
    public TestResult failedWith(String why, String trace) {
        return new TestResult(className, method, displayName, step, stepTitle, guide, points, Status.FAILED, why, trace,
                replay, id, output, millis, bonus);
    }
}
