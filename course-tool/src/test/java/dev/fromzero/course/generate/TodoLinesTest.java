package dev.fromzero.course.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.course.generate.Generator.Mode;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which lines of a snapshot are the chapter's learner code: what ./course mutate maps PIT's lines to. */
class TodoLinesTest {

    private static final String FILE = """
            //@ chapter 1
            package p;

            class A {
                int a() {
                    //@ todo 1: return one
                    int one = 1;
                    return one;
                    //@ end
                }
            //@ since 2
                int b() {
                    //@ todo 2: return two
                    int two = 2;
            //@ since 3
                    two += 0;
            //@ end
                    return two;
                    //@ end
                }
            //@ end
            }
            """;

    private static Generator generator() {
        SortedMap<String, String> sources = new TreeMap<>();
        sources.put("p/A.java", FILE);
        sources.put("p/B.java", "//@ chapter 1\npackage p;\n\nclass B {\n}\n");
        return Generator.of(sources);
    }

    private static List<String> snapshotLines(Generator g, int chapter, SortedSet<Integer> numbers) {
        String[] lines = g.tree(chapter, Mode.SNAPSHOT).get("p/A.java").split("\n");
        return numbers.stream().map(n -> lines[n - 1].strip()).toList();
    }

    @Test
    @DisplayName("chapter 1's TODO lines are the snapshot lines its TODO region became, and files without TODOs are absent")
    void chapterOne() {
        Generator g = generator();
        SortedMap<String, SortedSet<Integer>> todo = g.todoLines(1);
        assertThat(todo).as("B.java has no TODO region, so it holds no learner code").containsOnlyKeys("p/A.java");
        assertThat(snapshotLines(g, 1, todo.get("p/A.java")))
                .as("the snapshot lines counted as chapter 1's learner code")
                .containsExactly("int one = 1;", "return one;");
    }

    @Test
    @DisplayName("a later chapter counts only its own TODOs, with the lines of earlier regions before them")
    void laterChapterCountsItsOwnTodo() {
        Generator g = generator();
        assertThat(snapshotLines(g, 2, g.todoLines(2).get("p/A.java")))
                .as("chapter 1's TODO is finished code in chapter 2, and the chapter-3 line inside is absent")
                .containsExactly("int two = 2;", "return two;");
        assertThat(snapshotLines(g, 3, g.todoLines(3).getOrDefault("p/A.java", new java.util.TreeSet<>())))
                .as("chapter 3 has no TODO of its own in A.java")
                .isEmpty();
    }
}
