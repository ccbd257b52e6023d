package dev.fromzero.course.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;

/**
 * Skips the tests an earlier JVM of the same run already started. When a test kills its JVM
 * ({@code System.exit}, a timeout), the tool starts a new one for the tests that remain; this
 * condition, registered through JUnit's extension auto-detection in the forked runner only,
 * keeps the new JVM from running the finished tests, and the fatal one, again. It works on
 * each invocation of a parameterized test too, which a discovery filter could not. JUnit asks no
 * condition about the dynamic tests of a {@code @TestFactory} (a sqllogictest file's records), so
 * for those it intercepts the invocation instead: the factory runs again, but a record already
 * run, or the one that hung, is not.
 *
 * <p>The configuration parameter {@value #FILE_PARAMETER} names a file with one unique id a line.
 *
 * <p>With {@value #PLAN_ONLY_PARAMETER} set to true (the runner's {@code --list}), nothing but the
 * test factories runs, and none of their dynamic tests: a factory then lists its tests (one per
 * sqllogictest record) without running them, so that a plan counts each record as a run does.
 */
public final class AlreadyRun implements ExecutionCondition, InvocationInterceptor {

    static final String FILE_PARAMETER = "fromzero.already-run";
    static final String REASON = "fromzero: already run in an earlier test JVM";
    static final String PLAN_ONLY_PARAMETER = "fromzero.plan-only";
    static final String PLAN_ONLY_REASON = "fromzero: listing the tests, not running them";

    private Set<String> ids;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (planOnly(context) && !context.getTestMethod().map(m -> m.isAnnotationPresent(TestFactory.class))
                .orElseGet(() -> context.getTestClass().map(AlreadyRun::hasFactory).orElse(true))) {
            return ConditionEvaluationResult.disabled(PLAN_ONLY_REASON);
        }
        return ids(context).contains(context.getUniqueId())
                ? ConditionEvaluationResult.disabled(REASON)
                : ConditionEvaluationResult.enabled("not run yet");
    }

    @Override
    public void interceptDynamicTest(Invocation<Void> invocation, DynamicTestInvocationContext invocationContext,
                                     ExtensionContext context) throws Throwable {
        if (planOnly(context) || ids(context).contains(context.getUniqueId())) {
            invocation.skip(); // listed only; or its result is the earlier JVM's, which the tool keeps
        } else {
            invocation.proceed();
        }
    }

    private static boolean planOnly(ExtensionContext context) {
        return context.getConfigurationParameter(PLAN_ONLY_PARAMETER).map(Boolean::parseBoolean).orElse(false);
    }

    /** Whether a test class (or a nested one in it) has a test factory, which a plan must run. */
    private static boolean hasFactory(Class<?> c) {
        return Arrays.stream(c.getDeclaredMethods()).anyMatch(m -> m.isAnnotationPresent(TestFactory.class))
                || Arrays.stream(c.getDeclaredClasses()).anyMatch(AlreadyRun::hasFactory);
    }

    private synchronized Set<String> ids(ExtensionContext context) {
        if (ids == null) {
            ids = context.getConfigurationParameter(FILE_PARAMETER).map(AlreadyRun::read).orElse(Set.of());
        }
        return ids;
    }

    private static Set<String> read(String file) {
        try {
            return new HashSet<>(Files.readAllLines(Path.of(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tests already run, " + file, e);
        }
    }
}
