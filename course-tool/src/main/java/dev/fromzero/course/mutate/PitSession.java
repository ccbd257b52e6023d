package dev.fromzero.course.mutate;

import dev.fromzero.course.CourseException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.pitest.mutationtest.commandline.OptionsParser;
import org.pitest.mutationtest.commandline.ParseResult;
import org.pitest.mutationtest.commandline.PluginFilter;
import org.pitest.mutationtest.config.PluginServices;
import org.pitest.mutationtest.config.ReportOptions;
import org.pitest.mutationtest.tooling.AnalysisResult;

/**
 * One PIT run, driven through PIT's own entry point as a library (what its command line and its
 * Maven plugin call), so it needs no Maven project: the classes are compiled by the course tool,
 * and PIT's minion JVMs get the tool's class path (JUnit, testkit, PIT's JUnit 5 plugin) plus
 * them. Only {@code mainClasses} is mutable; the minions run in {@code workingDir}, the chapter's
 * module directory, as the suites do under Maven, and keep the scratch directories of failed
 * tests (one per killed mutant, often) under {@code scratch}, which the caller deletes.
 */
public final class PitSession {

    /** How PIT runs: minion threads, its timeout (factor × normal time + constant), mutators, the suites' seed. */
    public record Settings(int threads, double timeoutFactor, long timeoutConstMillis, String mutators, long seed) {

        public Settings {
            if (threads < 1) {
                throw new CourseException("--threads must be at least 1, not " + threads);
            }
            if (timeoutFactor < 1) {
                throw new CourseException("--timeout-factor must be at least 1 (a mutant gets factor × the test's normal time), not " + timeoutFactor);
            }
        }
    }

    /** What to run: compiled classes, their sources, and PIT globs for the classes to mutate and the tests. */
    public record Target(Path mainClasses, Path testClassesDir, Path sources, List<String> classesToMutate,
                         List<String> tests, Path workingDir, Path scratch) {
    }

    private PitSession() {
    }

    /** PIT's arguments for {@code target}, in its command-line syntax. */
    static List<String> arguments(Target target, Settings settings, Path reportDir) {
        List<String> args = new ArrayList<>(List.of(
                "--reportDir", reportDir.toString(),
                "--sourceDirs", target.sources().toString(),
                "--targetClasses", String.join(",", target.classesToMutate()),
                "--targetTests", String.join(",", target.tests()),
                "--classPath", target.mainClasses() + "," + target.testClassesDir(),
                "--mutableCodePaths", target.mainClasses().toString(),
                "--threads", Integer.toString(settings.threads()),
                "--timeoutFactor", Double.toString(settings.timeoutFactor()),
                "--timeoutConst", Long.toString(settings.timeoutConstMillis()),
                "--mutators", settings.mutators(),
                "--outputFormats", "XML,HTML",
                "--timestampedReports", "false",
                "--failWhenNoMutations", "false",
                // Randomized tests must pick the same cases for every mutant, or a kill depends on luck;
                // a killed mutant fails tests, whose kept scratch directories must not fill the shared /tmp.
                "--jvmArgs", "-Dfromzero.seed=" + settings.seed() + ",-Dfromzero.scratch=" + target.scratch()));
        return args;
    }

    /**
     * Runs PIT; its reports (mutations.xml, index.html) land in {@code reportDir}. With
     * {@code onlyLines} (source path → lines; null for all), PIT mutates only those lines.
     */
    public static void run(Target target, Settings settings, Path reportDir, Map<String, ? extends Set<Integer>> onlyLines) {
        LineFilter.keepOnly(onlyLines);
        try {
            run(target, settings, reportDir);
        } finally {
            LineFilter.keepAll();
        }
    }

    private static void run(Target target, Settings settings, Path reportDir) {
        PluginServices plugins = PluginServices.makeForContextLoader();
        ParseResult parsed = new OptionsParser(new PluginFilter(plugins)).parse(arguments(target, settings, reportDir).toArray(String[]::new));
        if (!parsed.isOk()) {
            throw new CourseException("PIT refused its options: " + parsed.getErrorMessage().orElse("(no reason given)"));
        }
        ReportOptions options = parsed.getOptions();
        AnalysisResult result = new org.pitest.mutationtest.tooling.EntryPoint()
                .execute(target.workingDir().toFile(), options, plugins, Map.of());
        if (result.getError().isPresent()) {
            Exception e = result.getError().get();
            throw new CourseException("PIT failed: " + e.getMessage()
                    + (e.getCause() != null ? " (" + e.getCause() + ")" : "")
                    + ". If a test failed without mutation, run ./course test on the snapshot's chapter first");
        }
    }

    /** PIT globs naming the classes of the given source files, nested classes included. */
    public static List<String> classGlobs(List<String> sourcePaths) {
        return sourcePaths.stream().filter(p -> p.endsWith(".java"))
                .map(p -> p.substring(0, p.length() - ".java".length()).replace('/', '.'))
                .flatMap(c -> List.of(c, c + "$*").stream())
                .collect(Collectors.toList());
    }
}
