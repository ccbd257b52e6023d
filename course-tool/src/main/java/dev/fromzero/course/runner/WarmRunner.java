package dev.fromzero.course.runner;

import dev.fromzero.testkit.Step;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The {@code main} of a long-lived test JVM for {@code ./course watch}: where {@link ForkedRunner}
 * starts a JVM per run (a second or two of start-up and JUnit warm-up), this one stays up and
 * runs one request after another, warm. It still runs apart from the tool, so a learner's
 * {@code System.exit}, endless loop or leaked thread costs only this JVM, which the watcher kills
 * and starts again.
 *
 * <p>Requests come on stdin, one per line, fields separated by tabs:
 * <pre>
 * RUN  results-file  main-classes-dir  test-classes-dir  step (or -)
 * </pre>
 * Each run loads the main and test classes in a class loader of their own, so a run always sees
 * the classes just compiled. JUnit, testkit and the runner stay loaded in the parent: that is the
 * saving. Results go to the file in the {@link ResultsFile} format, ending with {@code END}; then
 * the worker answers {@code DONE} on its stdout, or {@code DONE LEAKED n} when the tests left
 * {@code n} threads running (the watcher then starts a fresh worker). Whatever the tests print
 * goes to stderr, which the watcher sends to a log.
 */
public final class WarmRunner {

    private WarmRunner() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream replies = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        String classpath = System.getProperty("java.class.path");
        Launcher launcher = LauncherFactory.create();
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = requests.readLine(); line != null; line = requests.readLine()) {
            String[] f = line.split("\t", -1);
            if (f.length != 5 || !f[0].equals("RUN")) {
                replies.println("ERROR bad request: " + line);
                continue;
            }
            Set<Thread> before = new HashSet<>(Thread.getAllStackTraces().keySet());
            run(launcher, Path.of(f[1]), Path.of(f[2]), Path.of(f[3]), f[4].equals("-") ? null : f[4], classpath);
            long leaked = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> !before.contains(t) && t.isAlive() && !t.isDaemon()).count();
            replies.println(leaked == 0 ? "DONE" : "DONE LEAKED " + leaked);
        }
    }

    private static void run(Launcher launcher, Path results, Path mainClasses, Path testClasses, String step,
                            String classpath) throws IOException {
        // A test that starts a child JVM with "this JVM's class path" (testkit's ChildJvm) needs these classes too.
        System.setProperty("java.class.path", mainClasses + File.pathSeparator + testClasses + File.pathSeparator + classpath);
        Thread current = Thread.currentThread();
        ClassLoader saved = current.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {mainClasses.toUri().toURL(), testClasses.toUri().toURL()}, WarmRunner.class.getClassLoader());
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(results, StandardCharsets.UTF_8))) {
            current.setContextClassLoader(loader);
            List<DiscoverySelector> selectors = new ArrayList<>();
            for (Class<?> c : ForkedRunner.stepClasses(testClasses, loader)) {
                if (step == null || Integer.toString(c.getAnnotation(Step.class).number()).equals(step)) {
                    selectors.add(DiscoverySelectors.selectClass(c));
                }
            }
            if (!selectors.isEmpty()) {
                ResultsListener listener = new ResultsListener(out, false);
                Thread hook = new Thread(listener::exiting, "report-exit");
                Runtime.getRuntime().addShutdownHook(hook); // a test's System.exit ends this JVM: say where
                try {
                    launcher.execute(GuideOrder.configure(LauncherDiscoveryRequestBuilder.request().selectors(selectors)).build(),
                            listener);
                } catch (OutOfMemoryError e) {
                    listener.died(e); // unwound: the test's memory is free again, enough to say where it ran out
                    out.flush();
                    Runtime.getRuntime().halt(3);
                }
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            out.println(ResultsFile.end());
        } catch (RuntimeException | LinkageError e) {
            Files.writeString(results, ResultsFile.error("the test runner failed: " + e) + "\n" + ResultsFile.end() + "\n");
        } finally {
            current.setContextClassLoader(saved);
            System.setProperty("java.class.path", classpath);
        }
    }

}
