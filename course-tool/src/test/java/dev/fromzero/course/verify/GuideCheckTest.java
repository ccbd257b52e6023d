package dev.fromzero.course.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.course.runner.TestResult;
import dev.fromzero.testkit.Scratch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class GuideCheckTest {

    private static TestResult test(String method, String guide) {
        return new TestResult("dev.fromzero.kv.log.RecordsTest", method, method, 1, "Records", guide, 1,
                TestResult.Status.FAILED, "", "", "");
    }

    @Test
    @DisplayName("headings become GitHub's anchors: lower case, punctuation dropped, spaces as hyphens")
    void anchors() {
        assertThat(GuideCheck.anchors("# Chapter 1 — The log\n## Step 1: Records\ntext\n### How fast is it?\n"))
                .contains("step-1-records", "how-fast-is-it", "chapter-1--the-log");
    }

    @Test
    @DisplayName("a guide with the step's heading and every test named passes; a missing heading or test is reported")
    void reportsWhatIsMissing(@Scratch Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/guide.md"), "## Step 1: Records\n\n| `RecordsTest#varints` | ... |\n");
        assertThat(GuideCheck.problems(root, List.of(test("varints", "docs/guide.md#step-1-records")))).isEmpty();

        assertThat(GuideCheck.problems(root, List.of(
                test("varints", "docs/guide.md#step-2-nothing"),
                test("prefixes", "docs/guide.md#step-2-nothing"),
                test("x", "docs/missing.md#a"))))
                .containsExactly(
                        "@Step(guide = \"docs/guide.md#step-2-nothing\"): docs/guide.md has no heading with the anchor #step-2-nothing",
                        "docs/guide.md does not name the test `RecordsTest#prefixes`: list it in its step's section",
                        "@Step(guide = \"docs/missing.md#a\") names docs/missing.md, which does not exist");
    }

    @Test
    @DisplayName("a bonus step links a heading '## Step N (bonus): Title', and only a bonus step links one")
    void bonusHeadings(@Scratch Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/guide.md"), "## Step 1: Records\n\n## Step 18 (bonus): SQLite's select1-select5\n\n"
                + "`RecordsTest#varints` `RecordsTest#corpus`\n");
        TestResult bonus = new TestResult("dev.fromzero.kv.log.RecordsTest", "corpus", "corpus", 18, "SQLite's select1-select5",
                "docs/guide.md#step-18-bonus-sqlites-select1-select5", 2, TestResult.Status.FAILED, "", "", "", "", "", 0, true);
        assertThat(GuideCheck.anchors("## Step 18 (bonus): SQLite's select1-select5\n"))
                .containsExactly("step-18-bonus-sqlites-select1-select5");
        assertThat(GuideCheck.problems(root, List.of(test("varints", "docs/guide.md#step-1-records"), bonus))).isEmpty();

        assertThat(GuideCheck.problems(root, List.of(test("corpus", "docs/guide.md#step-18-bonus-sqlites-select1-select5"))))
                .as("a required step under a bonus heading").containsExactly("@Step(guide = \"docs/guide.md#step-18-bonus-sqlites-"
                        + "select1-select5\"): a heading marked (bonus) is a bonus step's: add bonus = true to its @Step, or drop the mark");
        TestResult unmarked = new TestResult("dev.fromzero.kv.log.RecordsTest", "varints", "varints", 1, "Records",
                "docs/guide.md#step-1-records", 1, TestResult.Status.FAILED, "", "", "", "", "", 0, true);
        assertThat(GuideCheck.problems(root, List.of(unmarked))).as("a bonus step under a plain heading")
                .containsExactly("@Step(guide = \"docs/guide.md#step-1-records\"): a bonus step's heading says so,"
                        + " '## Step N (bonus): Title' (anchor #step-N-bonus-title)");
    }
}
