package dev.fromzero.course.verify;

import dev.fromzero.course.runner.ForkedRunner;

import dev.fromzero.course.runner.StepOrder;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The {@code main} of the test JVM that runs one chapter's mutants, one after another, warm: a
 * fresh JVM per mutant spent a second or more on start-up and JUnit's warm-up, more than most
 * killing tests take. Each mutant's classes load in a class loader of their own (JUnit, testkit
 * and this class stay loaded in the parent), so a run sees only its own mutant.
 *
 * <p>It stays a separate JVM so that a mutant that hangs, exits or runs out of memory costs only
 * this JVM: {@link MutantRunner} watches it, kills it when a test outlives its limit, and starts
 * another. Requests come on stdin, one per line, fields separated by tabs; replies go to stdout:
 * <pre>
 * RUN    main-classes  test-classes  first-test (Class#method, or -)
 * START  Class#method                    a test method starts
 * PASS   Class#method                    it passed (or was skipped or aborted: that kills nothing)
 * FAIL   Class#method                    it failed: the mutant is killed, nothing more runs
 * DONE   [LEAKED n]                      the run is over; LEAKED: its tests left n threads behind
 * </pre>
 * The first test runs first; the others follow in step order, each method alone, and the run
 * stops at the first failure. What the tests print goes to stderr, which the runner logs.
 */
public final class MutantWorker {

    private MutantWorker() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream replies = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        String classpath = System.getProperty("java.class.path");
        Launcher launcher = LauncherFactory.create();
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = requests.readLine(); line != null; line = requests.readLine()) {
            String[] f = line.split("\t", -1);
            if (f.length != 4 || !f[0].equals("RUN")) {
                replies.println("ERROR\tbad request: " + line);
                continue;
            }
            Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
            ClassLoader loader = run(launcher, Path.of(f[1]), Path.of(f[2]), f[3].equals("-") ? null : f[3], classpath, replies);
            long leaked = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive()
                            && (!t.isDaemon() || t.getContextClassLoader() == loader))
                    .count();
            replies.println(leaked == 0 ? "DONE" : "DONE\tLEAKED " + leaked);
        }
    }

    /** Runs the tests against one mutant; returns the class loader the run used. */
    private static ClassLoader run(Launcher launcher, Path mainClasses, Path testClasses, String first, String classpath,
                                   PrintStream replies) throws IOException {
        // A test that starts a child JVM with "this JVM's class path" (testkit's ChildJvm) needs these classes too.
        System.setProperty("java.class.path", testClasses + File.pathSeparator + classpath + File.pathSeparator + mainClasses);
        Thread current = Thread.currentThread();
        ClassLoader saved = current.getContextClassLoader();
        URLClassLoader loader = new URLClassLoader(
                new URL[] {testClasses.toUri().toURL(), mainClasses.toUri().toURL()}, MutantWorker.class.getClassLoader());
        try (loader) {
            current.setContextClassLoader(loader);
            for (TestIdentifier test : order(tests(launcher, ForkedRunner.stepClasses(testClasses, loader)), first)) {
                String key = key(test);
                replies.println("START\t" + key);
                if (failed(launcher, test)) {
                    replies.println("FAIL\t" + key);
                    break;
                }
                replies.println("PASS\t" + key);
            }
        } catch (RuntimeException | LinkageError e) {
            replies.println("ERROR\tthe mutant runner failed: " + e.toString().replace('\t', ' ').replace('\n', ' '));
        } finally {
            current.setContextClassLoader(saved);
            System.setProperty("java.class.path", classpath);
        }
        return loader;
    }

    /** The test methods of the suite, in the order a run executes them (steps in order). */
    private static List<TestIdentifier> tests(Launcher launcher, List<Class<?>> classes) {
        if (classes.isEmpty()) {
            return List.of();
        }
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(classes.stream().map(DiscoverySelectors::selectClass).toList())
                .configurationParameter("junit.jupiter.testclass.order.default", StepOrder.class.getName())
                .build();
        TestPlan plan = launcher.discover(request);
        List<TestIdentifier> methods = new ArrayList<>();
        plan.getRoots().forEach(root -> collect(plan, root, methods));
        return methods;
    }

    /** Depth first, in the plan's order: each test method (a parameterized one counts once). */
    private static void collect(TestPlan plan, TestIdentifier node, List<TestIdentifier> methods) {
        if (node.getSource().filter(MethodSource.class::isInstance).isPresent()) {
            methods.add(node);
            return;
        }
        plan.getChildren(node).forEach(child -> collect(plan, child, methods));
    }

    /** {@code tests} with {@code first}, if it is one of them, moved to the front. */
    static List<TestIdentifier> order(List<TestIdentifier> tests, String first) {
        List<TestIdentifier> ordered = new ArrayList<>(tests.size());
        tests.stream().filter(t -> key(t).equals(first)).forEach(ordered::add);
        tests.stream().filter(t -> !key(t).equals(first)).forEach(ordered::add);
        return ordered;
    }

    /** Runs one test method (every invocation of it); whether it, or its class's set-up, failed. */
    private static boolean failed(Launcher launcher, TestIdentifier test) {
        boolean[] failed = {false};
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                        .selectors(DiscoverySelectors.selectUniqueId(test.getUniqueId())).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        failed[0] |= result.getStatus() == TestExecutionResult.Status.FAILED;
                    }
                });
        return failed[0];
    }

    /** {@code Class#method}, with the class's simple name, as verify reports a killer. */
    static String key(TestIdentifier test) {
        MethodSource source = (MethodSource) test.getSource().orElseThrow();
        String className = source.getClassName();
        return className.substring(className.lastIndexOf('.') + 1) + "#" + source.getMethodName();
    }
}
