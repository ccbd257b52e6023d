package dev.fromzero.course.grade;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.course.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dynamic tests of a {@code @TestFactory} (how a sqllogictest file's records run) are tests
 * of their own for the tool and the grader: each counts, and scores the factory's points, on its
 * own; a plan lists them one by one, so a submission that does not compile has the same maximum;
 * and one that hangs costs only itself. The tiny course has one step whose factory makes three
 * tests of {@code Calc.add}, worth 2 points each.
 */
class DynamicTestsTest {

    private static final String CALC = """
            //@ chapter 1
            package demo;

            public final class Calc {
                public static int add(int a, int b) {
                    //@ todo 1: return the sum (docs/chapter01-demo.md#step-1)
                    return a + b;
                    //@ end
                }
            }
            """;

    private static final String SUMS_TEST = """
            package demo;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import dev.fromzero.testkit.Points;
            import dev.fromzero.testkit.Step;
            import java.util.stream.Stream;
            import org.junit.jupiter.api.DynamicTest;
            import org.junit.jupiter.api.TestFactory;

            @Step(chapter = 1, number = 1, title = "Adding", guide = "docs/chapter01-demo.md#step-1")
            class SumsTest {
                @TestFactory
                @Points(2)
                Stream<DynamicTest> sums() {
                    return Stream.of(new int[] {1, 1}, new int[] {99, 0}, new int[] {2, 3})
                            .map(p -> DynamicTest.dynamicTest("sums.txt:" + p[0] + " " + p[0] + " + " + p[1],
                                    () -> assertEquals(p[0] + p[1], Calc.add(p[0], p[1]), p[0] + " + " + p[1])));
                }
            }
            """;

    @TempDir
    static Path course;

    @TempDir
    Path dir;

    @BeforeAll
    static void fixture() throws IOException {
        write(course, "pom.xml", "<project/>\n");
        write(course, "solutions/src/main/java/demo/Calc.java", CALC);
        write(course, "chapter01-demo/src/test/java/demo/SumsTest.java", SUMS_TEST);
        assertThat(course("generate").exit()).isZero();
    }

    private record Run(int exit, String out) {
    }

    private static Run course(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            List<String> all = new ArrayList<>(List.of("--root", course.toString()));
            all.addAll(List.of(args));
            int exit = Main.commandLine().execute(all.toArray(String[]::new));
            return new Run(exit, out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(saved);
        }
    }

    private static void write(Path root, String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** Chapter 1's snapshot as a submission, with {@code return a + b;} replaced by {@code body}. */
    private Path submission(String body) throws IOException {
        Path sub = dir.resolve("sub");
        course("generate", "--snapshot", "1", "--out", sub.resolve("chapter01-demo/src/main/java").toString());
        Path calc = sub.resolve("chapter01-demo/src/main/java/demo/Calc.java");
        Files.writeString(calc, Files.readString(calc).replace("return a + b;", body));
        return sub;
    }

    private Run grade(Path submission, String... options) {
        List<String> args = new ArrayList<>(List.of("grade", "--submission", submission.toString(), "--out",
                dir.resolve("out").toString(), "--heap", "128m", "--test-timeout", "5", "--format", "text,json"));
        args.addAll(List.of(options));
        return course(args.toArray(String[]::new));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> gradedTests() throws IOException {
        Map<String, Object> grade = (Map<String, Object>) JsonReader.parse(Files.readString(dir.resolve("out/grade.json")));
        Map<String, Object> chapter = (Map<String, Object>) ((List<Object>) grade.get("chapters")).get(0);
        Map<String, Object> step = (Map<String, Object>) ((List<Object>) chapter.get("steps")).get(0);
        return (List<Map<String, Object>>) step.get("tests");
    }

    @Test
    @DisplayName("each dynamic test scores the factory's points on its own: one wrong sum costs 2 of 6 points")
    void eachDynamicTestScoresAlone() throws IOException {
        Run run = grade(submission("return a == 99 ? -1 : a + b;"));

        assertThat(run.out()).containsPattern("step 1\\s+Adding\\s+2/3\\s+tests\\s+4/6\\s+points").contains("grade: 4/6 points")
                .contains("Chapter 1 · Step 1 · Adding · sums() sums.txt:99 99 + 0 (SumsTest#sums)");
        assertThat(gradedTests()).extracting(t -> t.get("display_name") + " " + t.get("status") + " " + t.get("score"))
                .containsExactly("sums() sums.txt:1 1 + 1 passed 2.0", "sums() sums.txt:99 99 + 0 failed 0.0",
                        "sums() sums.txt:2 2 + 3 passed 2.0");
    }

    @Test
    @DisplayName("a submission that does not compile has the same maximum: the plan lists each dynamic test")
    void thePlanListsDynamicTests() throws IOException {
        Run run = grade(submission("return \"not an int\";"));

        assertThat(run.out()).contains("does not compile", "grade: 0/6 points");
        assertThat(gradedTests()).extracting(t -> t.get("display_name") + " " + t.get("max_score"))
                .containsExactly("sums() sums.txt:1 1 + 1 2.0", "sums() sums.txt:99 99 + 0 2.0", "sums() sums.txt:2 2 + 3 2.0");
    }

    @Test
    @DisplayName("a dynamic test that hangs fails alone: the next JVM runs the factory's later tests, not the finished ones")
    void aHangCostsOnlyItsTest() throws IOException {
        Run run = grade(submission("while (a == 99) { Thread.onSpinWait(); } return a + b;"));

        assertThat(run.out()).contains("grade: 4/6 points");
        assertThat(gradedTests()).extracting(t -> t.get("display_name") + " " + t.get("status"))
                .containsExactly("sums() sums.txt:1 1 + 1 passed", "sums() sums.txt:99 99 + 0 failed",
                        "sums() sums.txt:2 2 + 3 passed");
        assertThat(gradedTests().get(1).get("message").toString()).startsWith("timed out: still running after 5 s");
    }

    @Test
    @DisplayName("when the chapter's time runs out inside a factory, the dynamic tests it never reached still count, as failed")
    void unreachedDynamicTestsStillCount() throws IOException {
        Run run = grade(submission("while (a == 99) { Thread.onSpinWait(); } return a + b;"), "--chapter-timeout", "4");

        // Whether the first test finished within the 4 s depends on the machine's load; the third never runs.
        assertThat(run.out()).containsPattern("grade: [02]/6 points");
        assertThat(gradedTests()).extracting(t -> t.get("display_name") + " " + t.get("max_score"))
                .containsExactly("sums() sums.txt:1 1 + 1 2.0", "sums() sums.txt:99 99 + 0 2.0", "sums() sums.txt:2 2 + 3 2.0");
        assertThat(gradedTests().get(2)).containsEntry("status", "failed");
        assertThat(gradedTests().get(2).get("message").toString()).startsWith("did not run: the time limit of the whole run");
    }
}
