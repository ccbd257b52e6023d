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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code ./course grade} end to end on a tiny course of two chapters, with sample submissions:
 * the reference, the starter, and submissions that cheat or misbehave. Chapter 1 is worth 6
 * points (adding 2 + adding zero 1, doubling 1, greeting 1 + greeting anyone 1), chapter 2 is
 * worth 4. The forks run with a small heap and a 5 s limit per test, to stay fast.
 */
class GradeCommandTest {

    private static final String CALC = """
            //@ chapter 1
            package demo;

            public final class Calc {
                public static int add(int a, int b) {
                    //@ todo 1: return the sum (docs/chapter01-demo.md#step-1)
                    return a + b;
                    //@ end
                }

                public static int twice(int a) {
                    //@ todo 1: return twice a (docs/chapter01-demo.md#step-2)
                    return 2 * a;
                    //@ end
                }

                public static String greet(String name) {
                    //@ todo 1: greet by name (docs/chapter01-demo.md#step-3)
                    return "hello " + name;
                    //@ end
                }
            }
            """;

    private static final String SQUARE = """
            //@ chapter 2
            package demo;

            public final class Square {
                public static int of(int a) {
                    //@ todo 2: square a (docs/chapter02-more.md#step-1)
                    return a * a;
                    //@ end
                }
            }
            """;

    private static final String ADD_TEST = """
            package demo;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import dev.fromzero.testkit.Points;
            import dev.fromzero.testkit.Step;
            import org.junit.jupiter.api.Test;
            import org.junit.jupiter.params.ParameterizedTest;
            import org.junit.jupiter.params.provider.ValueSource;

            @Step(chapter = 1, number = 1, title = "Adding", guide = "docs/chapter01-demo.md#step-1")
            class AddTest {
                @Test
                @Points(2)
                void adds() {
                    assertEquals(5, Calc.add(2, 3), "2 + 3");
                }

                @ParameterizedTest
                @ValueSource(ints = {1, 2, 3})
                void addsZero(int a) {
                    assertEquals(a, Calc.add(a, 0), "a + 0");
                }
            }
            """;

    private static final String TWICE_TEST = """
            package demo;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import dev.fromzero.testkit.Step;
            import org.junit.jupiter.api.Test;

            @Step(chapter = 1, number = 2, title = "Doubling", guide = "docs/chapter01-demo.md#step-2")
            class TwiceTest {
                @Test
                void doubles() {
                    assertEquals(8, Calc.twice(4), "twice 4");
                }
            }
            """;

    private static final String GREET_TEST = """
            package demo;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import dev.fromzero.testkit.Seed;
            import dev.fromzero.testkit.Seeded;
            import dev.fromzero.testkit.Step;
            import java.util.Random;
            import org.junit.jupiter.api.Test;

            @Seeded
            @Step(chapter = 1, number = 3, title = "Greeting", guide = "docs/chapter01-demo.md#step-3")
            class GreetTest {
                @Test
                void greets() {
                    assertEquals("hello bob", Calc.greet("bob"));
                }

                @Test
                void greetsAnyone(Seed seed) {
                    String name = "n" + new Random(seed.value()).nextInt(1000);
                    assertEquals("hello " + name, Calc.greet(name));
                }
            }
            """;

    private static final String SQUARE_TEST = """
            package demo;

            import static org.junit.jupiter.api.Assertions.assertEquals;

            import dev.fromzero.testkit.Points;
            import dev.fromzero.testkit.Step;
            import org.junit.jupiter.api.Test;

            @Step(chapter = 2, number = 1, title = "Squaring", guide = "docs/chapter02-more.md#step-1")
            class SquareTest {
                @Test
                @Points(4)
                void squares() {
                    assertEquals(9, Square.of(3), "3 squared");
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
        write(course, "solutions/src/main/java/demo/Square.java", SQUARE);
        write(course, "chapter01-demo/src/test/java/demo/AddTest.java", ADD_TEST);
        write(course, "chapter01-demo/src/test/java/demo/TwiceTest.java", TWICE_TEST);
        write(course, "chapter01-demo/src/test/java/demo/GreetTest.java", GREET_TEST);
        write(course, "chapter02-more/src/test/java/demo/SquareTest.java", SQUARE_TEST);
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

    /** Grades {@code submission} with fast limits; extra options follow. */
    private Run grade(Path submission, String... options) {
        List<String> args = new ArrayList<>(List.of("grade", "--submission", submission.toString(), "--out", dir.resolve("out").toString(),
                "--heap", "128m", "--test-timeout", "5", "--output-limit", "1000"));
        args.addAll(List.of(options));
        return course(args.toArray(String[]::new));
    }

    private static void write(Path root, String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** The reference (the snapshots of both chapters) as a student's repository, under {@code dir/name}. */
    private Path reference(String name) {
        Path sub = dir.resolve(name);
        course("generate", "--snapshot", "1", "--out", sub.resolve("chapter01-demo/src/main/java").toString());
        course("generate", "--snapshot", "2", "--out", sub.resolve("chapter02-more/src/main/java").toString());
        return sub;
    }

    /** The reference, with chapter 1's Calc.java changed by replacing {@code find} with {@code replace}. */
    private Path referenceWith(String find, String replace) throws IOException {
        Path sub = reference("changed");
        Path calc = sub.resolve("chapter01-demo/src/main/java/demo/Calc.java");
        String source = Files.readString(calc);
        assertThat(source).contains(find);
        Files.writeString(calc, source.replace(find, replace));
        return sub;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> json(String file) throws IOException {
        return (Map<String, Object>) JsonReader.parse(Files.readString(dir.resolve("out").resolve(file)));
    }

    /** grade.json's tests, each as a map, by {@code Class#method}. */
    @SuppressWarnings("unchecked")
    private Map<String, Map<String, Object>> testsOf(Map<String, Object> grade) {
        Map<String, Map<String, Object>> tests = new LinkedHashMap<>();
        for (Object ch : (List<Object>) grade.get("chapters")) {
            for (Object step : (List<Object>) ((Map<String, Object>) ch).get("steps")) {
                for (Object t : (List<Object>) ((Map<String, Object>) step).get("tests")) {
                    Map<String, Object> test = (Map<String, Object>) t;
                    String cls = (String) test.get("class");
                    tests.put(cls.substring(cls.lastIndexOf('.') + 1) + "#" + test.get("method"), test);
                }
            }
        }
        return tests;
    }

    @Test
    @DisplayName("the reference scores 100%, in the table and in a structurally valid results.json")
    @SuppressWarnings("unchecked")
    void theReferenceScoresEverything() throws IOException {
        Run run = grade(reference("ref"), "--format", "text,gradescope");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("step 1  Adding", "total", "10/10", "grade: 10/10 points (100.0%), seed 42, 2 chapters");
        Map<String, Object> results = json("results.json");
        assertThat(results).containsEntry("score", 10.0).containsEntry("max_score", 10.0)
                .containsKeys("execution_time", "output", "tests");
        assertThat((Map<String, Object>) results.get("extra_data")).containsEntry("seed", 42.0);
        List<Map<String, Object>> tests = (List<Map<String, Object>>) results.get("tests");
        assertThat(tests).hasSize(6);
        for (Map<String, Object> t : tests) {
            assertThat(t).containsKeys("name", "score", "max_score", "output", "visibility");
            assertThat(t.get("score")).isEqualTo(t.get("max_score"));
            assertThat(t.get("visibility")).isEqualTo("visible");
        }
        assertThat(tests).anySatisfy(t -> assertThat(t).containsEntry("name", "Chapter 1 · Step 1 · Adding · adds() (AddTest#adds)")
                .containsEntry("max_score", 2.0).containsEntry("number", "1.1"));
        assertThat(tests).anySatisfy(t -> assertThat(t).containsEntry("name", "Chapter 1 · Step 1 · Adding · addsZero(int) (AddTest#addsZero)"));
    }

    @Test
    @DisplayName("the starter scores 0, and the JUnit XML lists every test as failed")
    void theStarterScoresNothing() throws Exception {
        Run run = grade(course, "--chapters", "1", "--format", "text,junit");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).as("a chapter whose every test stops at its own TODO takes one line")
                .contains("chapter 1 (chapter01-demo): not started (every test stops at a TODO(chapter01) stub), 0/6 points",
                        "grade: 0/6 points (0.0%)")
                .doesNotContain("failed tests:", "step 1");
        Document xml = junitXml();
        Element suite = (Element) xml.getElementsByTagName("testsuite").item(0);
        assertThat(suite.getAttribute("name")).isEqualTo("chapter01-demo");
        assertThat(suite.getAttribute("tests")).isEqualTo("5");
        assertThat(suite.getAttribute("failures")).isEqualTo("5");
        Element testcase = (Element) suite.getElementsByTagName("testcase").item(0);
        assertThat(testcase.getAttribute("classname")).isEqualTo("demo.AddTest");
        assertThat(testcase.getAttribute("time")).matches("\\d+\\.\\d{3}");
        assertThat(((Element) testcase.getElementsByTagName("failure").item(0)).getAttribute("message"))
                .startsWith("TODO(chapter01): return the sum");
        assertThat(((Element) xml.getElementsByTagName("property").item(0)).getAttribute("value")).isEqualTo("42");
    }

    private Document junitXml() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(dir.resolve("out/junit.xml").toFile());
    }

    @Test
    @DisplayName("wrong code gains nothing by rewriting a test, deleting the others, faking JUnit's Assertions or breaking the build")
    void rewrittenAndDeletedTestsGainNothing() throws IOException {
        Path sub = referenceWith("return a + b;", "return 0;");
        Path calc = sub.resolve("chapter01-demo/src/main/java/demo/Calc.java");
        Files.writeString(calc, Files.readString(calc).replace("return 2 * a;", "return 0;")
                .replace("return \"hello \" + name;", "return \"\";"));
        write(sub, "chapter01-demo/src/test/java/demo/AddTest.java", ADD_TEST.replace("Calc.add(2, 3)", "5").replace("Calc.add(a, 0)", "a"));
        write(sub, "chapter01-demo/src/main/java/org/junit/jupiter/api/Assertions.java", """
                package org.junit.jupiter.api;

                public final class Assertions {
                    public static void assertEquals(int expected, int actual, String message) {
                    }

                    public static void assertEquals(Object expected, Object actual) {
                    }
                }
                """);
        write(sub, "pom.xml", "not even XML");
        write(sub, "testkit/src/main/java/dev/fromzero/testkit/Step.java", "broken");

        Run run = grade(sub, "--chapters", "1", "--format", "text,json");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("grade: 0/6 points (0.0%)");
        Map<String, Map<String, Object>> tests = testsOf(json("grade.json"));
        assertThat(tests).containsOnlyKeys("AddTest#adds", "AddTest#addsZero", "TwiceTest#doubles", "GreetTest#greets",
                "GreetTest#greetsAnyone");
        assertThat(tests.values()).allSatisfy(t -> assertThat(t.get("status")).isEqualTo("failed"));
    }

    @Test
    @DisplayName("System.exit and an endless loop each cost only the test they happen in; the tests after them still run")
    void exitAndEndlessLoopsCostOnlyTheirTest() throws IOException {
        Path sub = referenceWith("return 2 * a;", "System.exit(3);\n        return 0;");
        Path calc = sub.resolve("chapter01-demo/src/main/java/demo/Calc.java");
        Files.writeString(calc, Files.readString(calc).replace("return \"hello \" + name;",
                "for (long i = 0; name.equals(\"bob\") && i >= 0; i = i * 1) {\n        }\n        return \"hello \" + name;"));

        Run run = grade(sub, "--chapters", "1", "--format", "json");

        assertThat(run.out()).contains("grade: 4/6 points");
        Map<String, Map<String, Object>> tests = testsOf(json("grade.json"));
        assertThat(tests.get("TwiceTest#doubles")).containsEntry("status", "failed");
        assertThat((String) tests.get("TwiceTest#doubles").get("message"))
                .contains("the test JVM exited with status 3 during this test", "System.exit");
        assertThat((String) tests.get("GreetTest#greets").get("message")).contains("timed out", "5 s");
        assertThat(tests.get("GreetTest#greetsAnyone")).containsEntry("status", "passed");
        assertThat(tests.get("AddTest#adds")).containsEntry("status", "passed");
    }

    @Test
    @DisplayName("a compile error scores its chapter 0 with the compiler's message; the other chapter is graded")
    void aCompileErrorCostsOnlyItsChapter() throws Exception {
        Path sub = referenceWith("return a + b;", "return a + b");

        Run run = grade(sub, "--format", "text,gradescope,junit");

        assertThat(run.out()).contains("chapter 1 (chapter01-demo): does not compile, 0 points",
                "chapter01-demo/src/main/java/demo/Calc.java:", "';' expected", "grade: 4/10 points (40.0%)");
        assertThat(Files.readString(dir.resolve("out/results.json"))).contains("chapter01-demo does not compile, so it scores 0");
        NodeList suites = junitXml().getElementsByTagName("testsuite");
        assertThat(suites.getLength()).isEqualTo(2);
        Element first = (Element) suites.item(0);
        assertThat(first.getAttribute("failures")).isEqualTo("5");
        assertThat(first.getElementsByTagName("system-err").item(0).getTextContent()).contains("';' expected");
        assertThat(((Element) suites.item(1)).getAttribute("failures")).isEqualTo("0");
    }

    @Test
    @DisplayName("megabytes of output are truncated in the report and cost nothing: the test still passes")
    void noisyOutputIsTruncated() throws IOException {
        Path sub = referenceWith("return \"hello \" + name;",
                "System.out.print(\"x\".repeat(5_000_000));\n        return \"hello \" + name;");

        Run run = grade(sub, "--chapters", "1", "--format", "json,gradescope");

        assertThat(run.out()).contains("grade: 6/6 points");
        String output = (String) testsOf(json("grade.json")).get("GreetTest#greets").get("output");
        assertThat(output).startsWith("xxxx").contains("… 4999000 bytes truncated");
        assertThat(output.length()).isLessThan(1100);
        assertThat(Files.size(dir.resolve("out/results.json"))).isLessThan(20_000);
    }

    @Test
    @DisplayName("grading is deterministic: the same submission gets the same score, and the seed is in every format")
    void theSameSubmissionGetsTheSameGrade() throws IOException {
        Path sub = referenceWith("return \"hello \" + name;", "return name.hashCode() % 2 == 0 ? \"hello \" + name : name;");

        Run first = grade(sub, "--chapters", "1", "--seed", "7", "--format", "text,json,gradescope,junit");
        Map<String, Object> firstJson = json("grade.json");
        Run second = grade(sub, "--chapters", "1", "--seed", "7", "--format", "json");

        assertThat(testsOf(json("grade.json")).get("GreetTest#greetsAnyone").get("status"))
                .isEqualTo(testsOf(firstJson).get("GreetTest#greetsAnyone").get("status"));
        assertThat(json("grade.json").get("score")).isEqualTo(firstJson.get("score"));
        assertThat(first.out()).contains("seed 7");
        assertThat(firstJson).containsEntry("seed", 7.0);
        assertThat(Files.readString(dir.resolve("out/results.json"))).contains("\"seed\": 7");
        assertThat(Files.readString(dir.resolve("out/junit.xml"))).contains("<property name=\"fromzero.seed\" value=\"7\"/>");
        assertThat(second.out()).contains("seed 7");
    }

    @Test
    @DisplayName("hidden tests run with their chapter's, with their own points and visibility")
    @SuppressWarnings("unchecked")
    void hiddenTestsCountWithTheirVisibility() throws IOException {
        Path hidden = dir.resolve("hidden");
        write(hidden, "chapter01-demo/demo/HiddenTwiceTest.java", """
                package demo;

                import static org.junit.jupiter.api.Assertions.assertEquals;

                import dev.fromzero.testkit.Points;
                import dev.fromzero.testkit.Step;
                import dev.fromzero.testkit.Visibility;
                import org.junit.jupiter.api.Test;

                @Step(chapter = 1, number = 2, title = "Doubling", guide = "docs/chapter01-demo.md#step-2")
                class HiddenTwiceTest {
                    @Test
                    @Points(3)
                    void doublesNegatives() {
                        assertEquals(-6, Calc.twice(-3), "twice -3");
                    }

                    @Test
                    @Visibility(Visibility.HIDDEN)
                    void doublesZero() {
                        assertEquals(0, Calc.twice(0), "twice 0");
                    }
                }
                """);

        Run run = grade(reference("ref"), "--chapters", "1", "--hidden-tests", hidden.toString(), "--format", "text,gradescope");

        assertThat(run.out()).contains("grade: 10/10 points (100.0%)");
        List<Map<String, Object>> tests = (List<Map<String, Object>>) json("results.json").get("tests");
        assertThat(tests).filteredOn(t -> ((String) t.get("name")).contains("HiddenTwiceTest#doublesNegatives"))
                .singleElement().satisfies(t -> assertThat(t).containsEntry("visibility", "after_published").containsEntry("score", 3.0));
        assertThat(tests).filteredOn(t -> ((String) t.get("name")).contains("HiddenTwiceTest#doublesZero"))
                .singleElement().satisfies(t -> assertThat(t).containsEntry("visibility", "hidden"));
        assertThat(tests).filteredOn(t -> ((String) t.get("name")).contains("(TwiceTest#doubles)"))
                .singleElement().satisfies(t -> assertThat(t).containsEntry("visibility", "visible"));
    }

    @Test
    @DisplayName("a chapter missing from the submission scores 0 with a note, and --package writes an autograder zip")
    void missingChaptersAndThePackage() throws IOException {
        Path sub = dir.resolve("only2");
        copyTree(reference("ref").resolve("chapter02-more"), sub.resolve("nested/chapter02-more"));

        Run run = grade(sub);

        assertThat(run.out()).contains("chapter 1 (chapter01-demo): not in the submission", "grade: 4/10 points (40.0%)");

        Run pack = course("grade", "--package", "gradescope", "--chapters", "1", "--out", dir.toString());
        assertThat(pack.exit()).isZero();
        try (ZipFile zip = new ZipFile(dir.resolve("autograder.zip").toFile())) {
            assertThat(zip.getEntry("setup.sh")).isNotNull();
            assertThat(zip.getEntry("course/chapter01-demo/src/test/java/demo/AddTest.java")).isNotNull();
            assertThat(zip.getEntry("course/solutions/src/main/java/demo/Calc.java")).isNotNull();
            assertThat(zip.stream().map(e -> e.getName())).noneMatch(n -> n.contains("target/"));
            String runner = new String(zip.getInputStream(zip.getEntry("run_autograder")).readAllBytes(), StandardCharsets.UTF_8);
            assertThat(runner).contains("--submission /autograder/submission --format gradescope --out \"$results\"", "--chapters 1",
                    "--seed 42");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
    }
}
