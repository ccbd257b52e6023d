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
 * {@code ${java.io.tmpdir}/fromzero-scratch} (or {@code -Dfromzero.scratch=DIR}), and deletes them
 * after a passing test.
 */
public final class ScratchExtension implements ParameterResolver, AfterEachCallback {

    public static final String ROOT_PROPERTY = "fromzero.scratch";

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
        for (Path dir : dirs) {
            if (context.getExecutionException().isPresent()) {
                System.err.println("The test failed; its files are kept for you to inspect in " + dir);
            } else {
                deleteRecursively(dir);
            }
        }
        dirs.clear();
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
