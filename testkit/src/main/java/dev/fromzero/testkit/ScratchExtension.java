package dev.fromzero.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Creates the directories behind {@link Scratch} parameters under
 * {@code ${java.io.tmpdir}/fromzero-scratch} (or {@code -Dfromzero.scratch=DIR}, which the course
 * tool sets to a directory of its own that each run clears), and deletes them after a passing
 * test, and after a test that failed on a {@code TODO} stub: there is nothing to inspect in the
 * files of code not yet written, and a starter's suite would otherwise leave hundreds behind.
 *
 * <p>A directory kept after a failure is printed, and published as a report entry
 * ({@link #KEPT_KEY}) so that the course tool can show it with the failure.
 */
public final class ScratchExtension implements ParameterResolver, AfterEachCallback {

    public static final String ROOT_PROPERTY = "fromzero.scratch";

    /** The report entry that names a directory kept after a failure. */
    public static final String KEPT_KEY = "fromzero.scratch.kept";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ScratchExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.isAnnotated(Scratch.class) && parameter.getParameter().getType() == Path.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        try {
            Path root = Path.of(System.getProperty(ROOT_PROPERTY,
                    Path.of(System.getProperty("java.io.tmpdir"), "fromzero-scratch").toString()));
            Files.createDirectories(root);
            String name = context.getRequiredTestClass().getSimpleName() + "-"
                    + context.getTestMethod().map(m -> m.getName()).orElse("test") + "-";
            Path dir = Files.createTempDirectory(root, name);
            directories(context).add(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory: " + e.getMessage(), e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<Path> dirs = directories(context);
        boolean keep = context.getExecutionException().filter(e -> !todoStub(e)).isPresent();
        for (Path dir : dirs) {
            if (keep) {
                System.err.println("The test failed; its files are kept for you to inspect in " + dir);
                context.publishReportEntry(KEPT_KEY, dir.toString());
            } else {
                deleteRecursively(dir);
            }
        }
        dirs.clear();
    }

    /** Whether {@code e} is, or reports, a starter's {@code TODO(chapterNN): ...} stub. */
    static boolean todoStub(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof UnsupportedOperationException && message.startsWith("TODO(")
                    || message.contains("UnsupportedOperationException: TODO(")) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static List<Path> directories(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent("dirs", k -> new ArrayList<Path>(), List.class);
    }

    /** Deletes a directory tree; a missing directory is fine. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }
}
