package dev.fromzero.course.grade;

import dev.fromzero.course.report.SuiteReport.StepResult;
import dev.fromzero.course.runner.TestResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the grader knows, for other programs ({@code --format json}, written as
 * {@code grade.json}): the score, the seed, each chapter with its problem and compiler messages,
 * each step, and each test with its status, points, message, output and visibility. Bonus steps
 * are marked {@code "bonus": true}; their points are in {@code bonus_score} and
 * {@code bonus_max_score}, never in {@code score} and {@code max_score}.
 */
public final class JsonReport {

    private JsonReport() {
    }

    public static String of(Grade grade) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("submission", grade.submission().toString());
        json.put("seed", grade.seed());
        json.put("score", grade.earned());
        json.put("max_score", grade.possible());
        json.put("percent", Math.round(grade.percent() * 10) / 10.0);
        json.put("bonus_score", grade.bonusEarned());
        json.put("bonus_max_score", grade.bonusPossible());
        json.put("execution_time", grade.time().toMillis() / 1000.0);
        json.put("summary", grade.summary());
        json.put("chapters", grade.chapters().stream().map(JsonReport::chapter).toList());
        return Json.write(json);
    }

    private static Map<String, Object> chapter(Grade.Chapter ch) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("number", ch.number());
        json.put("name", ch.name());
        json.put("score", ch.earned());
        json.put("max_score", ch.possible());
        json.put("bonus_score", ch.bonusEarned());
        json.put("bonus_max_score", ch.bonusPossible());
        json.put("problem", ch.problem());
        json.put("compiler_messages", ch.details());
        json.put("steps", ch.report().steps().stream().map(s -> step(ch, s)).toList());
        return json;
    }

    private static Map<String, Object> step(Grade.Chapter ch, StepResult s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("number", s.number());
        json.put("title", s.title());
        json.put("guide", s.guide());
        json.put("bonus", s.bonus());
        json.put("passed", ch.problem() == null ? s.passed() : 0);
        json.put("tests_total", s.tests().size());
        json.put("score", ch.problem() == null ? s.earned() : 0);
        json.put("max_score", s.possible());
        json.put("tests", s.tests().stream().map(t -> test(ch, s, t)).toList());
        return json;
    }

    private static Map<String, Object> test(Grade.Chapter ch, StepResult s, TestResult t) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", ch.label(s, t));
        json.put("class", t.className());
        json.put("method", t.method());
        json.put("display_name", Grade.displayName(t));
        json.put("status", t.status().name().toLowerCase());
        json.put("score", t.status() == TestResult.Status.PASSED ? t.points() : 0);
        json.put("max_score", t.points());
        json.put("hidden", ch.test(t).hidden());
        json.put("visibility", ch.test(t).visibility());
        json.put("message", t.message());
        json.put("trace", List.of(t.trace().lines().toArray()));
        json.put("replay", t.replay());
        json.put("output", t.output());
        json.put("time", t.millis() / 1000.0);
        return json;
    }
}
