package dev.fromzero.course;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.course.FixtureCourse.Run;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learner's commands on a tiny course: {@code hint} finds a step or a test by every spelling
 * its help promises, colour follows {@code --color}, and {@code status} shows bars and what to
 * do next, from a cache that any change of the sources invalidates.
 */
class LearnerCommandsTest {

    private static final String ESC = "\u001b[";

    private static final String TEST = """
            package demo;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import dev.fromzero.testkit.Hint;
            import dev.fromzero.testkit.Step;
            import org.junit.jupiter.api.DisplayName;
            import org.junit.jupiter.api.Test;

            @Step(chapter = 1, number = 1, title = "Adding", guide = "docs/chapter01-demo.md#step-1")
            @Hint("Think of what + means "
                    + "for two ints.")
            class AdderTest {
                @Test
                @DisplayName("two and three make five")
                @Hint(\"""
                        Check the order of the operands.\""")
                void addsTwoNumbers() {
                    assertEquals(5, Adder.add(2, 3), "2 + 3");
                }

                @Test
                void addsZero() {
                    assertEquals(2, Adder.add(2, 0), "2 + 0");
                }
            }
            """;

    private static final String SECOND_CHAPTER_TEST = """
            package demo2;

            import dev.fromzero.testkit.Step;
            import org.junit.jupiter.api.Test;

            @Step(chapter = 2, number = 1, title = "Subtracting", guide = "docs/chapter02-more.md#step-1")
            class SubtractTest {
                @Test
                void subtracts() {
                }
            }
            """;

    @TempDir
    Path root;

    private Run course(String... args) {
        return new FixtureCourse(root).run(args);
    }

    private void write(String path, String content) throws IOException {
        new FixtureCourse(root).write(path, content);
    }

    private void fixture(String body) throws IOException {
        write("pom.xml", "<project/>\n");
        write("solutions/src/main/java/demo/Adder.java", "//@ chapter 1\npackage demo;\n");
        write("chapter01-demo/src/main/java/demo/Adder.java", """
                package demo;

                public final class Adder {
                    public static int add(int a, int b) {
                        %s
                    }
                }
                """.formatted(body));
        write("chapter01-demo/src/test/java/demo/AdderTest.java", TEST);
    }

    @Test
    void hintFindsAStepByNumberClassOrTitle() throws IOException {
        fixture("return a - b;");
        for (String name : new String[] {"1.1", "AdderTest", "step 1", "adding"}) {
            Run hint = course("hint", name);
            assertThat(hint.exit()).as(name).isZero();
            assertThat(hint.out()).as(name).contains("step 1.1, Adding", "hint: Think of what + means for two ints.",
                    "read: docs/chapter01-demo.md#step-1", "tests with a hint of their own: AdderTest#addsTwoNumbers");
        }
    }

    @Test
    void hintForATestShowsItsHintTheStepsAndItsName() throws IOException {
        fixture("return a - b;");
        for (String name : new String[] {"AdderTest#addsTwoNumbers", "addsTwoNumbers"}) {
            Run hint = course("hint", name);
            assertThat(hint.exit()).as(name).isZero();
            assertThat(hint.out()).as(name).contains("AdderTest#addsTwoNumbers  two and three make five",
                    "in step 1.1, Adding", "test hint: Check the order of the operands.",
                    "step hint: Think of what + means for two ints.", "read: docs/chapter01-demo.md#step-1",
                    "./course test 1 --test AdderTest#addsTwoNumbers");
        }
        assertThat(course("hint", "AdderTest#addsZero").out()).doesNotContain("test hint").contains("step hint:");
    }

    @Test
    void hintOfAnUnknownOrAmbiguousNameSaysWhatThereIs() throws IOException {
        fixture("return a - b;");
        Run typo = course("hint", "AdderTest#addTwoNumbers");
        assertThat(typo.exit()).isEqualTo(1);
        assertThat(typo.err()).isEqualTo("error: there is no step or test 'AdderTest#addTwoNumbers'; did you mean"
                + " AdderTest#addsTwoNumbers? The steps are:\n    1.1 Adding (AdderTest)\n");
        Run noStep = course("hint", "1.9");
        assertThat(noStep.err()).as("a step number out of range: the chapter's steps, not every step of the course")
                .isEqualTo("error: there is no step 1.9; chapter 1's steps are 1.1 to 1.1:\n    1.1 Adding (AdderTest)\n");

        write("chapter02-more/src/test/java/demo2/SubtractTest.java", SECOND_CHAPTER_TEST);
        Run ambiguous = course("hint", "step", "1");
        assertThat(ambiguous.exit()).isEqualTo(1);
        assertThat(ambiguous.err()).hasLineCount(1).contains("'step 1' names more than one step or test",
                "1.1 (Adding)", "2.1 (Subtracting)", "e.g. ./course hint 1.1 (chapter.step)");
        assertThat(course("hint", "2.1").out()).contains("step 2.1, Subtracting", "this step has no hint yet");
    }

    @Test
    void colourOnlyWhenAskedForOrOnATerminal() throws IOException {
        fixture("return a - b;");
        Run piped = course("test", "1");
        assertThat(piped.out()).contains("1 of 2 tests pass").doesNotContain(ESC);
        Run forced = course("--color=always", "test", "1");
        assertThat(forced.out()).contains(ESC + "31m", ESC + "1mchapter 1 (chapter01-demo)");
        assertThat(course("--color", "never", "hint", "1.1").out()).doesNotContain(ESC);
        assertThat(course("--color=ALWAYS", "hint", "1.1").out()).contains(ESC + "33mhint:");
        assertThat(course("--color=sometimes", "hint", "1.1").err()).startsWith("error: Invalid value for option '--color'");
    }

    @Test
    void newCommandsHaveHelpAndTheirTyposTheClosestSpelling() throws IOException {
        fixture("return a + b;");
        assertThat(course("watch", "--help").out()).contains("Usage: course watch", "--seed=X");
        assertThat(course("help", "hint").out()).contains("Usage: course hint", "NAME is one of:");
        assertThat(course("status", "--help").out()).contains("Usage: course status");
        assertThat(course("wacth", "1").err()).isEqualTo("error: unknown command 'wacth'; did you mean watch? (see ./course --help)\n");
        assertThat(course("hitn", "1.1").err()).startsWith("error: unknown command 'hitn'; did you mean hint?");
        Run option = course("watch", "1", "--sed", "4");
        assertThat(option.exit()).isEqualTo(2);
        assertThat(option.err()).startsWith("error: unknown option '--sed'; did you mean --seed?").hasLineCount(1);
        assertThat(course("--colr=never", "status").err()).startsWith("error: unknown option '--colr=never'; did you mean --color?");
    }

    @Test
    void statusShowsBarsAndTheNextStepAndReusesResultsUntilASourceChanges() throws IOException {
        fixture("return a - b;");
        Run first = course("status");
        assertThat(first.exit()).isZero();
        assertThat(first.out()).contains("chapter 1  chapter01-demo", "1/2 tests  1/2 points  [#####-----]",
                "step 1  Adding  ", "next: read docs/chapter01-demo.md#step-1 and run ./course test 1 --step 1")
                .doesNotContain("has changed since").doesNotContain(ESC);

        Run again = course("status");
        assertThat(again.out()).contains("1/2 tests", "nothing in chapter01-demo/src has changed since");

        fixture("return a + b;");
        Run changed = course("status");
        assertThat(changed.out()).contains("2/2 tests  2/2 points  [##########]", "done: every test passes")
                .doesNotContain("has changed since");
        write("chapter01-demo/src/test/java/demo/Extra.java", "package demo;\nclass Extra {}\n");
        assertThat(course("status").out()).as("a new test file").doesNotContain("has changed since");
        assertThat(course("status").out()).contains("has changed since");
    }

    @Test
    void theLauncherFindsItsOwnCourseFromOutsideIt() throws IOException {
        fixture("return a + b;");
        Path elsewhere = root.resolve("chapter01-demo/src").getRoot();
        assertThat(Course.locate(null, null, elsewhere, root.toString()).root()).isEqualTo(root.toAbsolutePath().normalize());
        assertThat(Course.locate(null, null, root.resolve("chapter01-demo"), "/nowhere").root()).as("the working directory first")
                .isEqualTo(root);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Course.locate(null, null, elsewhere, null)))
                .hasMessageStartingWith("no course found at or above " + elsewhere);
    }

    @Test
    void helpListsEveryCommandWithAWholeSentence() throws IOException {
        fixture("return a + b;");
        String help = course("--help").out();
        String commands = help.substring(help.indexOf("Commands:"));
        // picocli wraps a long line onto an indented one: join them, then every command's line ends a sentence.
        for (String line : commands.replaceAll("\n {10,}", " ").lines().skip(1).toList()) {
            assertThat(line).as("the --help line of a command").matches("  \\w+ +\\S.*[.)]");
        }
        assertThat(commands).contains("watch     Re-run chapter N's tests every time you save, the step you are on");
    }

    @Test
    void diffAsksBeforeShowingTheSolutionOnATerminal() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.PrintStream out = new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(DiffCommand.confirmed(new java.io.StringReader("\n"), out)).as("the default is no").isFalse();
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("Show it? [y/N]",
                "not shown (instructors: ./course diff N --yes, or pipe it: ./course diff N | less)");
        assertThat(DiffCommand.confirmed(new java.io.StringReader("Yes\n"), out)).isTrue();
        assertThat(DiffCommand.confirmed(new java.io.StringReader(""), out)).as("end of input").isFalse();

        fixture("return a + b;");
        write("solutions/src/main/java/demo/Adder.java", """
                //@ chapter 1
                package demo;

                public final class Adder {
                    public static int add(int a, int b) {
                        //@ todo 1: return the sum (docs/chapter01-demo.md#step-1)
                        return a + b;
                        //@ end
                    }
                }
                """);
        write("chapter01-demo/src/test/java/demo/AdderTest.java", TEST);
        Run piped = course("diff", "1");
        assertThat(piped.exit()).as(piped.err()).isZero();
        assertThat(piped.out()).as("not a terminal: no question").contains("+        return a + b;").doesNotContain("Show it?");
        assertThat(course("diff", "1", "--yes").out()).contains("+        return a + b;");
    }

    @Test
    void gradeOfAStudentsCloneTakesOneLineForAChapterNotStarted() throws IOException {
        fixture("return a + b;");
        write("chapter02-more/src/main/java/demo2/Subtract.java", """
                package demo2;

                public final class Subtract {
                    public static int sub(int a, int b) {
                        throw new UnsupportedOperationException("TODO(chapter02): subtract (docs/chapter02-more.md#step-1)");
                    }
                }
                """);
        write("chapter02-more/src/test/java/demo2/SubtractTest.java", """
                package demo2;

                import static org.junit.jupiter.api.Assertions.assertEquals;

                import dev.fromzero.testkit.Step;
                import org.junit.jupiter.api.Test;

                @Step(chapter = 2, number = 1, title = "Subtracting", guide = "docs/chapter02-more.md#step-1")
                class SubtractTest {
                    @Test
                    void subtracts() {
                        assertEquals(1, Subtract.sub(3, 2), "3 - 2");
                    }

                    @Test
                    void subtractsZero() {
                        assertEquals(3, Subtract.sub(3, 0), "3 - 0");
                    }
                }
                """);
        Run grade = course("grade");
        assertThat(grade.exit()).isZero();
        assertThat(grade.out()).contains("chapter 1 (chapter01-demo)\n  step 1  Adding",
                "chapter 2 (chapter02-more): not started (every test stops at a TODO(chapter02) stub), 0/2 points\n",
                "(chapter 2 is not started; grade only yours with ./course grade --chapters N)")
                .doesNotContain("Subtracting", "SubtractTest#");
    }

    @Test
    @DisplayName("a bonus step is marked (bonus) in the step table, and its points are extra credit in test, status and grade")
    void bonusStepsAreExtraCredit() throws IOException {
        fixture("return a + b;");
        write("chapter01-demo/src/test/java/demo/DoublerTest.java", """
                package demo;

                import static org.junit.jupiter.api.Assertions.assertEquals;

                import dev.fromzero.testkit.Points;
                import dev.fromzero.testkit.Step;
                import org.junit.jupiter.api.Test;

                @Step(chapter = 1, number = 2, title = "Doubling", bonus = true, guide = "docs/chapter01-demo.md#step-2-bonus-doubling")
                class DoublerTest {
                    @Test
                    @Points(3)
                    void doubles() {
                        assertEquals(8, Adder.add(4, 4) * 2, "twice 4 + 4");
                    }
                }
                """);
        Run test = course("test", "1");
        assertThat(test.out()).as(test.out()).contains("step 2  Doubling (bonus)", "0/1   tests    0/3   points",
                "chapter 1: 2 of 3 tests pass, 2 of 2 points, bonus 0/3");
        Run status = course("status");
        assertThat(status.out()).contains("2/3 tests  2/2 points  [##########], bonus 0/3",
                "done: every required test passes; bonus: read docs/chapter01-demo.md#step-2-bonus-doubling and run ./course test 1 --step 2");
        Run grade = course("grade");
        assertThat(grade.out()).contains("step 2  Doubling (bonus)", "bonus (extra credit)", "0/3    points",
                "grade: 2/2 points (100.0%) + 0/3 bonus points, seed 42");
    }
}
