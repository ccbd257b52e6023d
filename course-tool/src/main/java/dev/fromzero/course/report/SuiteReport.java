package dev.fromzero.course.report;

import dev.fromzero.course.runner.TestResult;
import dev.fromzero.course.runner.TestResult.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A chapter's results arranged as a learner thinks of them: by step, one line per test method.
 * The invocations of a parameterized or repeated test fold into one test that passes only if
 * every invocation passed; skipped tests do not count. The dynamic tests of a
 * {@code @TestFactory} do not fold: each is a test of its own, worth the factory's points (a
 * sqllogictest file's records are such tests, one per record).
 *
 * <p>A bonus step ({@code @Step(bonus = true)}) is shown with {@code (bonus)} after its title, and
 * its points are extra credit: {@link #earned()} and {@link #possible()} count the required steps
 * only, {@link #bonusEarned()} and {@link #bonusPossible()} the bonus ones.
 */
public record SuiteReport(List<StepResult> steps) {

    /** One step: its {@code @Step} data and its tests, in the order they ran; a bonus step's title ends with {@code (bonus)}. */
    public record StepResult(int number, String title, String guide, boolean bonus, List<TestResult> tests) {

        public int passed() {
            return (int) tests.stream().filter(t -> t.status() == Status.PASSED).count();
        }

        public int earned() {
            return tests.stream().filter(t -> t.status() == Status.PASSED).mapToInt(TestResult::points).sum();
        }

        public int possible() {
            return tests.stream().mapToInt(TestResult::points).sum();
        }

        public List<TestResult> failures() {
            return tests.stream().filter(t -> t.status() != Status.PASSED).toList();
        }

        public boolean complete() {
            return passed() == tests.size();
        }
    }

    /** What a bonus step's title ends with, in every table. */
    public static final String BONUS = " (bonus)";

    public static SuiteReport of(List<TestResult> results) {
        Map<String, TestResult> byMethod = new LinkedHashMap<>();
        for (TestResult r : results) {
            if (r.status() != Status.SKIPPED) {
                byMethod.merge(r.dynamic() ? r.id() : r.className() + "#" + r.method(), r, SuiteReport::worse);
            }
        }
        Map<Integer, List<TestResult>> byStep = new TreeMap<>();
        byMethod.values().forEach(r -> byStep.computeIfAbsent(r.step(), k -> new ArrayList<>()).add(r));
        return new SuiteReport(byStep.values().stream()
                .map(tests -> new StepResult(tests.get(0).step(), tests.get(0).stepTitle() + (tests.get(0).bonus() ? BONUS : ""),
                        tests.get(0).guide(), tests.get(0).bonus(), List.copyOf(tests)))
                .toList());
    }

    /** The first failure wins: it is the one a learner should look at. */
    private static TestResult worse(TestResult first, TestResult second) {
        return first.status() == Status.PASSED ? second : first;
    }

    public int passed() {
        return steps.stream().mapToInt(StepResult::passed).sum();
    }

    public int total() {
        return steps.stream().mapToInt(s -> s.tests().size()).sum();
    }

    /** The points earned in the required steps. */
    public int earned() {
        return steps.stream().filter(s -> !s.bonus()).mapToInt(StepResult::earned).sum();
    }

    /** The points of the required steps: a full score. */
    public int possible() {
        return steps.stream().filter(s -> !s.bonus()).mapToInt(StepResult::possible).sum();
    }

    /** The extra credit earned in the bonus steps. */
    public int bonusEarned() {
        return steps.stream().filter(StepResult::bonus).mapToInt(StepResult::earned).sum();
    }

    /** The extra credit the bonus steps offer. */
    public int bonusPossible() {
        return steps.stream().filter(StepResult::bonus).mapToInt(StepResult::possible).sum();
    }

    /** {@code , bonus 4/10} when the suite has bonus steps, else nothing: what a total line adds for them. */
    public String bonusNote() {
        return bonusPossible() == 0 ? "" : ", bonus " + bonusEarned() + "/" + bonusPossible();
    }

    public List<TestResult> failures() {
        return steps.stream().flatMap(s -> s.failures().stream()).toList();
    }
}
