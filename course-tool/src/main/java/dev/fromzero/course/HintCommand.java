package dev.fromzero.course;

import dev.fromzero.course.hint.TestCatalog;
import dev.fromzero.course.hint.TestCatalog.StepInfo;
import dev.fromzero.course.hint.TestCatalog.TestInfo;
import dev.fromzero.course.report.Style;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./course hint <test or step>}: prints the hints the suite's authors wrote in
 * {@code @Hint} annotations, next to the tests (the only place hints live), with the step, the
 * test's display name and the guide section to read.
 */
@Command(name = "hint",
        description = "Print the hint for a step or a test of a chapter's suite.",
        footer = {"", "NAME is one of:",
                "  1.2                                chapter 1, step 2",
                "  \"step 2\", or a step's title        e.g. \"the data file\" (any case)",
                "  DataFileTest                       a step's test class",
                "  DataFileTest#appendsAreContiguous  one test (or just appendsAreContiguous)",
                "", "A failing test's name is printed by ./course test, after 'stuck?'."})
final class HintCommand implements Callable<Integer> {

    private static final Pattern STEP_ID = Pattern.compile("(\\d+)\\.(\\d+)");
    private static final Pattern STEP_WORD = Pattern.compile("(?i)step\\s*(\\d+)");
    private static final int WIDTH = 96;

    @ParentCommand
    private Main main;

    @Parameters(paramLabel = "NAME", arity = "1..*", description = "The step or test (see below).")
    private List<String> words;

    @Override
    public Integer call() {
        String name = String.join(" ", words).strip();
        List<StepInfo> steps = TestCatalog.of(main.course());
        Style style = main.style();
        List<StepInfo> matchingSteps = steps(steps, name);
        List<TestInfo> matchingTests = tests(steps, name);
        if (matchingSteps.size() + matchingTests.size() == 1) {
            if (matchingSteps.size() == 1) {
                printStep(matchingSteps.get(0), style);
            } else {
                TestInfo test = matchingTests.get(0);
                printTest(steps.stream().filter(s -> s.tests().contains(test)).findFirst().orElseThrow(), test, style);
            }
            return 0;
        }
        if (matchingSteps.size() + matchingTests.size() > 1) {
            throw new CourseException("'" + name + "' names more than one step or test: "
                    + Stream.concat(matchingSteps.stream().map(s -> s.id() + " (" + s.title() + ")"),
                    matchingTests.stream().map(TestInfo::key)).toList()
                    + "; say which, e.g. ./course hint " + (matchingSteps.isEmpty() ? matchingTests.get(0).key() : matchingSteps.get(0).id())
                    + (matchingSteps.size() > 1 && STEP_WORD.matcher(name).matches() ? " (chapter.step)" : ""));
        }
        Matcher id = STEP_ID.matcher(name);
        if (id.matches()) {
            int chapter = Integer.parseInt(id.group(1));
            List<StepInfo> ofChapter = steps.stream().filter(s -> s.chapter() == chapter).toList();
            if (!ofChapter.isEmpty()) {
                throw new CourseException("there is no step " + name + "; chapter " + chapter + "'s steps are "
                        + ofChapter.get(0).id() + " to " + ofChapter.get(ofChapter.size() - 1).id() + ":\n"
                        + stepList(ofChapter));
            }
        }
        Map<String, String> byLowerCase = new HashMap<>();
        names(steps).forEach(n -> byLowerCase.putIfAbsent(n.toLowerCase(Locale.ROOT), n));
        Optional<String> closest = Spelling.closest(name.toLowerCase(Locale.ROOT), byLowerCase.keySet()).map(byLowerCase::get);
        throw new CourseException("there is no step or test '" + name + "'"
                + closest.map(c -> "; did you mean " + c + "?").orElse(".") + " The steps are:\n" + stepList(steps));
    }

    /** The steps one chapter a line, each as {@code 1.2 Title (Class)}, wrapped to the width of a terminal. */
    private static String stepList(List<StepInfo> steps) {
        List<String> lines = new ArrayList<>();
        steps.stream().map(StepInfo::chapter).distinct().forEach(chapter -> {
            StringBuilder line = new StringBuilder("   ");
            for (StepInfo s : steps.stream().filter(s -> s.chapter() == chapter).toList()) {
                String entry = " " + s.id() + " " + s.title() + " (" + s.className() + ")";
                if (line.length() > 3 && line.length() + entry.length() + 1 > WIDTH) {
                    lines.add(line.append(",").toString());
                    line = new StringBuilder("   ");
                }
                line.append(line.length() > 3 ? "," : "").append(entry);
            }
            lines.add(line.toString());
        });
        return String.join("\n", lines);
    }

    private static List<StepInfo> steps(List<StepInfo> steps, String name) {
        Matcher id = STEP_ID.matcher(name);
        if (id.matches()) {
            return steps.stream().filter(s -> s.chapter() == Integer.parseInt(id.group(1))
                    && s.number() == Integer.parseInt(id.group(2))).toList();
        }
        Matcher word = STEP_WORD.matcher(name);
        if (word.matches()) {
            return steps.stream().filter(s -> s.number() == Integer.parseInt(word.group(1))).toList();
        }
        return steps.stream().filter(s -> s.className().equals(name) || s.title().equalsIgnoreCase(name)).toList();
    }

    private static List<TestInfo> tests(List<StepInfo> steps, String name) {
        return steps.stream().flatMap(s -> s.tests().stream())
                .filter(t -> t.key().equals(name) || t.method().equals(name)).distinct().toList();
    }

    /** Every spelling that names something, for the closest-spelling suggestion. */
    private static Set<String> names(List<StepInfo> steps) {
        Set<String> names = new LinkedHashSet<>();
        for (StepInfo s : steps) {
            names.add(s.id());
            names.add(s.className());
            names.add(s.title());
            s.tests().forEach(t -> names.add(t.key()));
            s.tests().forEach(t -> names.add(t.method()));
        }
        return names;
    }

    private static void printStep(StepInfo s, Style style) {
        System.out.println(style.bold("step " + s.id() + ", " + s.title()) + style.dim("  (" + s.className() + ", "
                + s.tests().size() + " tests)"));
        printHint("hint", s.hint().isEmpty() ? "(this step has no hint yet: read the guide section)" : s.hint(), style);
        System.out.println("  read: " + s.guide());
        List<String> withHints = s.tests().stream().filter(t -> !t.hint().isEmpty()).map(TestInfo::key).toList();
        if (!withHints.isEmpty()) {
            System.out.println(style.dim("  tests with a hint of their own: " + String.join(", ", withHints)));
        }
    }

    private static void printTest(StepInfo s, TestInfo t, Style style) {
        System.out.println(style.bold(t.key()) + "  " + t.displayName());
        System.out.println(style.dim("  in step " + s.id() + ", " + s.title()));
        if (!t.hint().isEmpty()) {
            printHint("test hint", t.hint(), style);
        }
        printHint("step hint", s.hint().isEmpty() ? "(none yet: read the guide section)" : s.hint(), style);
        System.out.println("  read: " + s.guide());
        System.out.println(style.dim("  run:  ./course test " + s.chapter() + " --test " + t.key()));
    }

    private static void printHint(String label, String hint, Style style) {
        String indent = " ".repeat(label.length() + 4);
        List<String> lines = wrap(hint, WIDTH - indent.length());
        System.out.println("  " + style.yellow(label + ":") + " " + lines.get(0));
        lines.stream().skip(1).forEach(line -> System.out.println(indent + line));
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split("\\s+")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
