package dev.fromzero.course.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips the tests an earlier JVM of the same run already started. When a test kills its JVM
 * ({@code System.exit}, a timeout), the tool starts a new one for the tests that remain; this
 * condition, registered through JUnit's extension auto-detection in the forked runner only,
 * keeps the new JVM from running the finished tests, and the fatal one, again. It works on
 * each invocation of a parameterized test too, which a discovery filter could not.
 *
 * <p>The configuration parameter {@value #FILE_PARAMETER} names a file with one unique id a line.
 */
public final class AlreadyRun implements ExecutionCondition {

    static final String FILE_PARAMETER = "fromzero.already-run";
    static final String REASON = "fromzero: already run in an earlier test JVM";

    private Set<String> ids;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return ids(context).contains(context.getUniqueId())
                ? ConditionEvaluationResult.disabled(REASON)
                : ConditionEvaluationResult.enabled("not run yet");
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
