package dev.fromzero.testkit;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Resolves {@link Seed} parameters and, when a test that took one fails, tells how to replay it.
 *
 * <p>The seed is the same for every test of a run: {@code -Dfromzero.seed=N} when given,
 * otherwise one drawn at random when the run starts. A test that uses only its seed is then
 * replayed exactly by running it again with that seed. The replay lines are printed to stderr
 * (Maven shows them) and published as the report entry {@value #REPLAY_KEY} (the course tool
 * shows them).
 */
public final class SeedExtension implements ParameterResolver, TestExecutionExceptionHandler {

    /** The system property that fixes the seed. */
    public static final String SEED_PROPERTY = "fromzero.seed";
    /** The report entry key under which the replay command is published. */
    public static final String REPLAY_KEY = "fromzero.replay";

    private static final long RUN_SEED = chooseRunSeed();
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(SeedExtension.class);

    /** The seed every test of this run gets. */
    public static long runSeed() {
        return RUN_SEED;
    }

    private static long chooseRunSeed() {
        String fixed = System.getProperty(SEED_PROPERTY, "").trim();
        if (fixed.isEmpty()) {
            return new SecureRandom().nextLong() & Long.MAX_VALUE;
        }
        try {
            return Long.parseLong(fixed);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "-D" + SEED_PROPERTY + "=" + fixed + " is not a seed: give a whole number, as printed by a failing test", e);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Seed.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        context.getStore(NAMESPACE).put("used", Boolean.TRUE);
        return new Seed(RUN_SEED);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        if (context.getStore(NAMESPACE).get("used") != null) {
            String replay = replayCommand(context);
            System.err.printf("%n%s failed with seed %d. Replay it exactly with:%n  %s%n",
                    context.getDisplayName(), RUN_SEED, replay);
            context.publishReportEntry(REPLAY_KEY, replay);
            failure.addSuppressed(new SeedReplay(RUN_SEED, replay));
        }
        throw failure;
    }

    private static String replayCommand(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        String test = testClass.getSimpleName() + context.getTestMethod().map(m -> "#" + m.getName()).orElse("");
        Optional<Step> step = Optional.ofNullable(testClass.getAnnotation(Step.class));
        String course = step.map(s -> "./course test " + s.chapter() + " --test " + test + " --seed " + RUN_SEED)
                .orElse(null);
        String module = Path.of(System.getProperty("user.dir")).getFileName().toString();
        String maven = module.matches("chapter\\d\\d-.*")
                ? "./mvnw test -pl " + module + " -Dtest='" + test + "' -D" + SEED_PROPERTY + "=" + RUN_SEED
                : null;
        if (course == null) {
            return maven != null ? maven : "-D" + SEED_PROPERTY + "=" + RUN_SEED;
        }
        return maven == null ? course : course + "   (or: " + maven + ")";
    }

    /** Attached to a failure as a suppressed exception, so that the seed travels with it. */
    public static final class SeedReplay extends RuntimeException {
        SeedReplay(long seed, String replay) {
            super("seed " + seed + "; replay with: " + replay, null, false, false);
        }
    }
}
