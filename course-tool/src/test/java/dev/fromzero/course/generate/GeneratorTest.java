package dev.fromzero.course.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fromzero.course.generate.Generator.Mode;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The marker language: what each marker produces in each chapter's starter and snapshot. */
class GeneratorTest {

    private static final String FILE = """
            //@ chapter 1
            package p;

            class A {
                int a() {
                    //@ todo 1: return one
                    return 1;
                    //@ end
                }
            //@ since 2
                int b() {
                    //@ todo 2: return "two" \\ done
                    return 2;
                    //@ end
                }
            //@ end
            }
            """;

    private static Generator generator(String... pathsAndContents) {
        SortedMap<String, String> sources = new TreeMap<>();
        for (int i = 0; i < pathsAndContents.length; i += 2) {
            sources.put(pathsAndContents[i], pathsAndContents[i + 1]);
        }
        return Generator.of(sources);
    }

    @Test
    @DisplayName("chapter N's starter stubs chapter N's TODOs with the marker's indentation and drops later regions")
    void starterStubsItsOwnTodos() {
        assertThat(generator("p/A.java", FILE).tree(1, Mode.STARTER)).containsExactly(java.util.Map.entry("p/A.java", """
                package p;

                class A {
                    int a() {
                        throw new UnsupportedOperationException("TODO(chapter01): return one");
                    }
                }
                """));
    }

    @Test
    @DisplayName("the snapshot keeps chapter N's TODO code")
    void snapshotKeepsTodoCode() {
        assertThat(generator("p/A.java", FILE).tree(1, Mode.SNAPSHOT).get("p/A.java")).isEqualTo("""
                package p;

                class A {
                    int a() {
                        return 1;
                    }
                }
                """);
    }

    @Test
    @DisplayName("a later chapter keeps earlier TODOs, adds its since regions and stubs its own TODOs, escaped")
    void laterChapterKeepsEarlierTodos() {
        assertThat(generator("p/A.java", FILE).tree(2, Mode.STARTER).get("p/A.java")).isEqualTo("""
                package p;

                class A {
                    int a() {
                        return 1;
                    }
                    int b() {
                        throw new UnsupportedOperationException("TODO(chapter02): return \\"two\\" \\\\ done");
                    }
                }
                """);
    }

    @Test
    @DisplayName("a file appears from its chapter on, and the trailing newline is kept exactly")
    void fileAppearsFromItsChapter() {
        Generator g = generator("p/A.java", FILE, "p/B.java", "//@ chapter 2\npackage p;\nclass B {}");
        assertThat(g.tree(1, Mode.STARTER)).containsOnlyKeys("p/A.java");
        assertThat(g.tree(2, Mode.STARTER)).containsEntry("p/B.java", "package p;\nclass B {}");
    }

    @Test
    @DisplayName("CRLF input gives LF output, and the same input always gives the same output")
    void outputIsStable() {
        String crlf = FILE.replace("\n", "\r\n");
        assertThat(generator("p/A.java", crlf).tree(2, Mode.SNAPSHOT))
                .isEqualTo(generator("p/A.java", FILE).tree(2, Mode.SNAPSHOT));
    }

    @Test
    @DisplayName("a file whose code is all in later regions is still written")
    void emptyFileIsWritten() {
        Generator g = generator("p/C.java", "//@ chapter 1\n//@ since 2\npackage p;\n//@ end\n");
        assertThat(g.tree(1, Mode.STARTER)).containsEntry("p/C.java", "");
    }

    private static void assertProblem(String content, String expected) {
        assertThatThrownBy(() -> generator("p/X.java", content))
                .isInstanceOf(MarkerException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void missingChapterIsAnError() {
        assertProblem("package p;\nclass X {}\n", "p/X.java:1: no //@ chapter marker");
    }

    @Test
    void chapterAfterPackageIsAnError() {
        assertProblem("package p;\n//@ chapter 1\n", "p/X.java:2: //@ chapter must come before the package line");
    }

    @Test
    void secondChapterIsAnError() {
        assertProblem("//@ chapter 1\n//@ chapter 2\npackage p;\n", "p/X.java:2: second //@ chapter marker (the first is on line 1)");
    }

    @Test
    void unknownMarkerIsAnError() {
        assertProblem("//@ chapter 1\npackage p;\n//@ sicne 2\n", "p/X.java:3: unknown marker '//@ sicne 2'");
    }

    @Test
    void unclosedRegionIsAnError() {
        assertProblem("//@ chapter 1\npackage p;\n//@ since 2\nclass X {}\n", "p/X.java:3: unclosed //@ since 2");
    }

    @Test
    void strayEndIsAnError() {
        assertProblem("//@ chapter 1\npackage p;\n//@ end\n", "p/X.java:3: stray //@ end");
    }

    @Test
    void regionOlderThanFileIsAnError() {
        assertProblem("//@ chapter 2\npackage p;\n//@ since 1\n//@ end\n", "p/X.java:3: //@ since 1 is inside the file's //@ chapter 2");
    }

    @Test
    void todoOlderThanEnclosingSinceIsAnError() {
        assertProblem("//@ chapter 1\npackage p;\n//@ since 3\n//@ todo 2: x\n//@ end\n//@ end\n",
                "p/X.java:4: //@ todo 2 is inside //@ since 3 (line 3)");
    }

    @Test
    void todoWithoutMessageIsAnError() {
        assertProblem("//@ chapter 1\npackage p;\n//@ todo 1\n//@ end\n", "p/X.java:3: //@ todo needs a message");
        assertProblem("//@ chapter 1\npackage p;\n//@ todo 1:   \n//@ end\n", "p/X.java:3: //@ todo needs a message");
    }

    @Test
    void chapterThatIsNotANumberIsAnError() {
        assertProblem("//@ chapter one\npackage p;\n", "p/X.java:1: 'one' is not a chapter number");
        assertProblem("//@ chapter 1\npackage p;\n//@ since\n//@ end\n", "p/X.java:3: //@ since needs a chapter number");
    }

    @Test
    @DisplayName("every problem of every file is reported at once")
    void allProblemsAreReported() {
        assertThatThrownBy(() -> generator("p/X.java", "package p;\n", "p/Y.java", "//@ chapter 1\npackage p;\n//@ end\n"))
                .isInstanceOfSatisfying(MarkerException.class, e -> assertThat(e.problems())
                        .extracting(Problem::toString)
                        .containsExactly(
                                "p/X.java:1: no //@ chapter marker: add one before the package line, e.g. //@ chapter 1",
                                "p/Y.java:3: stray //@ end: no //@ since or //@ todo region is open here"));
    }
}
