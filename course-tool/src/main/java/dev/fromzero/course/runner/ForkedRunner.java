package dev.fromzero.course.runner;

import dev.fromzero.testkit.Step;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The {@code main} of the child JVM that runs a chapter's tests. It runs apart from the tool so
 * that a learner's infinite loop, {@code System.exit} or leaked thread cannot take the tool down,
 * and so that a timeout can kill it.
 *
 * <pre>
 * ForkedRunner --results FILE --tests DIR[:DIR...] [--step N] [--test Class[#method]] [--fail-fast]
 *              [--already-run FILE] [--capture BYTES] [--list]
 * </pre>
 *
 * The tests are the classes under the DIRs annotated {@code @Step}; other classes there are
 * helpers. Results go to FILE in the {@link ResultsFile} format. Tests whose unique ids are
 * listed in the already-run file are skipped ({@link AlreadyRun}): this JVM continues a run
 * that an earlier one could not finish. With {@code --capture}, each test's output is kept with
 * its result (up to BYTES); otherwise, and between tests, output goes to this JVM's stdout and
 * stderr, which the tool keeps in a log. With {@code --list}, nothing runs but the test
 * factories, to list their dynamic tests: the file's PLAN lines are the plan's tests.
 */
public final class ForkedRunner {

    private ForkedRunner() {
    }

    public static void main(String[] args) throws IOException {
        Path results = Path.of(value(args, "--results"));
        String step = optional(args, "--step");
        String test = optional(args, "--test");
        String alreadyRun = optional(args, "--already-run");
        String captureBytes = optional(args, "--capture");
        boolean failFast = Arrays.asList(args).contains("--fail-fast");
        OutputCapture capture = captureBytes == null ? null : OutputCapture.install(Integer.parseInt(captureBytes));
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(results, StandardCharsets.UTF_8))) {
            List<DiscoverySelector> selectors = new ArrayList<>();
            List<Class<?>> classes = new ArrayList<>();
            for (String dir : value(args, "--tests").split(File.pathSeparator)) {
                classes.addAll(stepClasses(Path.of(dir), ForkedRunner.class.getClassLoader()));
            }
            String problem = select(classes, step, test, selectors);
            if (problem != null) {
                out.println(ResultsFile.error(problem));
            } else if (!selectors.isEmpty()) {
                LauncherDiscoveryRequestBuilder request = GuideOrder.configure(LauncherDiscoveryRequestBuilder.request().selectors(selectors));
                if (alreadyRun != null) {
                    request.configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                            .configurationParameter(AlreadyRun.FILE_PARAMETER, alreadyRun);
                }
                boolean list = Arrays.asList(args).contains("--list");
                if (list) {
                    // Test factories run, to list their dynamic tests; nothing else does (AlreadyRun).
                    request.configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                            .configurationParameter(AlreadyRun.PLAN_ONLY_PARAMETER, "true");
                }
                execute(request, new ResultsListener(out, failFast, capture, list));
            }
            out.println(ResultsFile.end());
        }
        // Tests may leave threads behind, even non-daemon ones, and shutdown hooks that never
        // return: none of them may keep this JVM alive once the results are written.
        Runtime.getRuntime().halt(0);
    }

    /**
     * Runs the tests. If a test makes the JVM exit, a shutdown hook has the listener say so; if it
     * runs out of memory, the error unwinds it (JUnit rethrows it), its memory is free again, and
     * the listener says where it was thrown. The tool reads either and runs the tests left in a
     * new JVM.
     */
    static void execute(LauncherDiscoveryRequestBuilder request, ResultsListener listener) {
        Thread hook = new Thread(listener::exiting, "report-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            LauncherFactory.create().execute(request.build(), listener);
        } catch (OutOfMemoryError e) {
            listener.died(e);
            Runtime.getRuntime().halt(3);
        }
        Runtime.getRuntime().removeShutdownHook(hook);
    }

    /** Adds the selectors for what was asked; returns a message if it names nothing. */
    private static String select(List<Class<?>> classes, String step, String test, List<DiscoverySelector> selectors) {
        List<Class<?>> chosen = classes.stream()
                .filter(c -> step == null || Integer.toString(c.getAnnotation(Step.class).number()).equals(step))
                .toList();
        if (step != null && chosen.isEmpty()) {
            return "there is no step " + step + "; the steps are "
                    + classes.stream().map(c -> c.getAnnotation(Step.class).number()).distinct().sorted().toList();
        }
        if (test == null) {
            chosen.forEach(c -> selectors.add(DiscoverySelectors.selectClass(c)));
            return null;
        }
        String className = test.contains("#") ? test.substring(0, test.indexOf('#')) : test;
        String methodName = test.contains("#") ? test.substring(test.indexOf('#') + 1) : null;
        List<Class<?>> named = chosen.stream()
                .filter(c -> c.getName().equals(className) || c.getSimpleName().equals(className)).toList();
        if (named.isEmpty()) {
            return classes.stream().filter(c -> c.getName().equals(className) || c.getSimpleName().equals(className))
                    .findFirst()
                    .map(c -> className + " is in step " + c.getAnnotation(Step.class).number() + ", not step " + step
                            + ": drop --step, or use --step " + c.getAnnotation(Step.class).number())
                    .orElse("there is no test class " + className + "; the test classes are "
                            + chosen.stream().map(Class::getSimpleName).sorted().toList());
        }
        for (Class<?> c : named) {
            if (methodName == null) {
                selectors.add(DiscoverySelectors.selectClass(c));
                continue;
            }
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(methodName)) {
                    selectors.add(DiscoverySelectors.selectMethod(c, m));
                }
            }
        }
        return selectors.isEmpty() ? "there is no test method " + methodName + " in " + className : null;
    }

    /** The top-level classes under {@code dir} annotated {@code @Step}, sorted by name, loaded by {@code loader}. */
    public static List<Class<?>> stepClasses(Path dir, ClassLoader loader) throws IOException {
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = dir.relativize(file).toString().replace('\\', '/').replace('/', '.');
                name = name.substring(0, name.length() - ".class".length());
                if (name.contains("$") || name.endsWith("package-info") || name.endsWith("module-info")) {
                    continue;
                }
                try {
                    Class<?> c = Class.forName(name, false, loader);
                    if (c.isAnnotationPresent(Step.class)) {
                        classes.add(c);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    System.err.println("skipping " + name + ": " + e);
                }
            }
        }
        return classes;
    }

    private static String value(String[] args, String name) {
        String v = optional(args, name);
        if (v == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return v;
    }

    private static String optional(String[] args, String name) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }
}
