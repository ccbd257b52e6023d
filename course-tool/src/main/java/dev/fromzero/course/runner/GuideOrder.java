package dev.fromzero.course.runner;

import dev.fromzero.testkit.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodDescriptor;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.MethodOrdererContext;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/**
 * Runs a step's tests in the order of the step's test table in the chapter guide, so that the
 * first failure a learner sees is the guide's first test of the step, which its hint starts with
 * too. The guide is the file that the class's {@code @Step(guide = ...)} names, found at or above
 * the working directory (a chapter module runs in its own directory, under the course's root).
 * The table's rows name tests as {@code `Class#method`}; tests the guide does not name run after
 * those it does, by name. Without a guide, every test runs by name: still the same order on every
 * run and machine.
 */
public final class GuideOrder implements MethodOrderer {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([A-Za-z0-9_$]+#[A-Za-z0-9_$]+)`");

    /** Each guide file read, as the test keys of its tables in order. */
    private static final Map<String, List<String>> GUIDES = new ConcurrentHashMap<>();

    /** A request whose classes run by step ({@link StepOrder}) and whose methods run in the guide's order. */
    public static LauncherDiscoveryRequestBuilder configure(LauncherDiscoveryRequestBuilder request) {
        return request.configurationParameter("junit.jupiter.testclass.order.default", StepOrder.class.getName())
                .configurationParameter("junit.jupiter.testmethod.order.default", GuideOrder.class.getName());
    }

    @Override
    public void orderMethods(MethodOrdererContext context) {
        Class<?> testClass = context.getTestClass();
        Step step = testClass.getAnnotation(Step.class);
        List<String> order = step == null ? List.of() : testsOf(step.guide(), Path.of("").toAbsolutePath());
        String simpleName = testClass.getSimpleName();
        context.getMethodDescriptors().sort(Comparator
                .comparingInt((MethodDescriptor d) -> {
                    int i = order.indexOf(simpleName + "#" + d.getMethod().getName());
                    return i < 0 ? Integer.MAX_VALUE : i;
                })
                .thenComparing(d -> d.getMethod().getName()));
    }

    /** The tests that the tables of the guide at {@code link} (a path, then {@code #section}) name, in order. */
    static List<String> testsOf(String link, Path from) {
        String file = link.contains("#") ? link.substring(0, link.indexOf('#')) : link;
        return GUIDES.computeIfAbsent(from + "\0" + file, k -> read(file, from));
    }

    private static List<String> read(String file, Path from) {
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            Path guide = dir.resolve(file);
            if (Files.isRegularFile(guide)) {
                try {
                    List<String> tests = new ArrayList<>();
                    for (String line : Files.readAllLines(guide, StandardCharsets.UTF_8)) {
                        Matcher row = ROW.matcher(line);
                        if (row.find() && !tests.contains(row.group(1))) {
                            tests.add(row.group(1));
                        }
                    }
                    return List.copyOf(tests);
                } catch (IOException e) {
                    return List.of(); // unreadable: by name, which is still a stable order
                }
            }
        }
        return List.of();
    }
}
