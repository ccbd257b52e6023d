package dev.fromzero.course.report;

import dev.fromzero.course.runner.TestResult;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test that failed on the TODO stub of another step than its own: opening a chapter-3 store
 * needs step 6's merge policy, so every RESP test of step 7 fails on that TODO until step 6 is
 * done. The learner should be told to do that step first, not to look for a bug in this one.
 * The step is read from the guide link that ends every TODO message
 * ({@code TODO(chapter03): ... (docs/chapter03-merge.md#step-6-the-merge-policy)}).
 */
public record Blocker(String guideFile, int step, String todo) {

    private static final Pattern TODO = Pattern.compile(
            "TODO\\(chapter\\d+\\): (.*?)\\s*\\((docs/[^()#\\s]+)#step-(\\d+)[^()\\s]*\\)\\s*$", Pattern.DOTALL);

    /** The other step whose TODO {@code t} failed on, if that is why it failed. */
    public static Optional<Blocker> of(TestResult t) {
        String message = t.message();
        if (!t.failed() || !message.startsWith("TODO(")) {
            return Optional.empty();
        }
        Matcher m = TODO.matcher(message.lines().findFirst().orElse(""));
        if (!m.matches()) {
            return Optional.empty();
        }
        Blocker b = new Blocker(m.group(2), Integer.parseInt(m.group(3)), m.group(1));
        String ownFile = t.guide().contains("#") ? t.guide().substring(0, t.guide().indexOf('#')) : t.guide();
        return b.guideFile().equals(ownFile) && b.step() == t.step() ? Optional.empty() : Optional.of(b);
    }

    /** {@code blocked by step 6's TODO (…): do that step first}. */
    public String describe() {
        return "blocked by step " + step + "'s TODO (" + todo + "): do that step first";
    }
}
