package dev.fromzero.course.verify;

import dev.fromzero.course.runner.TestResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks that a chapter's guide and its suite say the same thing: every {@code @Step(guide = ...)}
 * link points at a guide file and a heading that exist, and the guide names every test as
 * {@code `Class#method`}, so that a learner reading a step's section sees what checks it. A bonus
 * step ({@code @Step(bonus = true)}) links a heading {@code ## Step N (bonus): Title}, whose anchor
 * is {@code #step-N-bonus-title}, and only a bonus step links one.
 */
final class GuideCheck {

    private static final Pattern BONUS_ANCHOR = Pattern.compile("step-\\d+-bonus-.*");

    private GuideCheck() {
    }

    /** What is missing from the guides of these tests; empty when nothing is. */
    static List<String> problems(Path root, List<TestResult> tests) {
        List<String> problems = new ArrayList<>();
        Set<String> links = tests.stream().map(TestResult::guide).collect(Collectors.toCollection(LinkedHashSet::new));
        for (String link : links) {
            int hash = link.indexOf('#');
            Path file = root.resolve(hash < 0 ? link : link.substring(0, hash));
            if (!Files.isRegularFile(file)) {
                problems.add("@Step(guide = \"" + link + "\") names " + root.relativize(file) + ", which does not exist");
                continue;
            }
            String text = read(file);
            if (hash >= 0 && !anchors(text).contains(link.substring(hash + 1))) {
                problems.add("@Step(guide = \"" + link + "\"): " + root.relativize(file) + " has no heading with the anchor #"
                        + link.substring(hash + 1));
            }
            boolean bonus = tests.stream().anyMatch(t -> t.guide().equals(link) && t.bonus());
            if (hash >= 0 && bonus != BONUS_ANCHOR.matcher(link.substring(hash + 1)).matches()) {
                problems.add("@Step(guide = \"" + link + "\"): " + (bonus
                        ? "a bonus step's heading says so, '## Step N (bonus): Title' (anchor #step-N-bonus-title)"
                        : "a heading marked (bonus) is a bonus step's: add bonus = true to its @Step, or drop the mark"));
            }
            tests.stream()
                    .filter(t -> t.guide().equals(link))
                    .map(TestResult::key)
                    .distinct()
                    .filter(key -> !text.contains("`" + key + "`"))
                    .forEach(key -> problems.add(root.relativize(file) + " does not name the test `" + key
                            + "`: list it in its step's section"));
        }
        return problems;
    }

    /** The anchors a Markdown renderer makes of the file's headings, GitHub's way. */
    static Set<String> anchors(String markdown) {
        return markdown.lines()
                .filter(line -> line.startsWith("#"))
                .map(line -> line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
