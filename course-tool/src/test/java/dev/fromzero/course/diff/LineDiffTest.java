package dev.fromzero.course.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.course.diff.LineDiff.Edit;
import dev.fromzero.course.diff.LineDiff.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The line diff: minimal, and always a script that turns one text into the other. */
class LineDiffTest {

    @Test
    void findsTheShortestScript() {
        List<Edit> edits = LineDiff.diff(List.of("a", "b", "c", "a", "b", "b", "a"), List.of("c", "b", "a", "b", "a", "c"));
        assertThat(edits.stream().filter(e -> e.op() != Op.EQUAL).count()).isEqualTo(5);
        assertThat(apply(edits)).containsExactly("c", "b", "a", "b", "a", "c");
    }

    @Test
    void handlesEmptyInputs() {
        assertThat(LineDiff.diff(List.of(), List.of())).isEmpty();
        assertThat(LineDiff.diff(List.of(), List.of("x"))).containsExactly(new Edit(Op.INSERT, "x"));
        assertThat(LineDiff.diff(List.of("x"), List.of())).containsExactly(new Edit(Op.DELETE, "x"));
    }

    @Test
    void everyScriptReproducesTheNewText() {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            List<String> a = randomLines(random);
            List<String> b = randomLines(random);
            List<Edit> edits = LineDiff.diff(a, b);
            assertThat(apply(edits)).as("%s -> %s", a, b).isEqualTo(b);
            assertThat(edits.stream().filter(e -> e.op() != Op.INSERT).map(Edit::line).toList()).isEqualTo(a);
        }
    }

    @Test
    void formatsUnifiedHunksWithContext() {
        String before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n";
        String after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n12\nthirteen\n";
        assertThat(UnifiedDiff.format("a/F", before, "b/F", after, false)).isEqualTo("""
                --- a/F
                +++ b/F
                @@ -2,7 +2,7 @@
                 2
                 3
                 4
                -5
                +five
                 6
                 7
                 8
                @@ -10,3 +10,4 @@
                 10
                 11
                 12
                +thirteen
                """);
        assertThat(UnifiedDiff.format("a/F", before, "b/F", before, false)).isEmpty();
        assertThat(UnifiedDiff.format("a/F", null, "b/F", "x\n", false)).isEqualTo("--- /dev/null\n+++ b/F\n@@ -0,0 +1,1 @@\n+x\n");
    }

    private static List<String> apply(List<Edit> edits) {
        return edits.stream().filter(e -> e.op() != Op.DELETE).map(Edit::line).toList();
    }

    private static List<String> randomLines(Random random) {
        List<String> lines = new ArrayList<>();
        for (int n = random.nextInt(12); n > 0; n--) {
            lines.add(String.valueOf((char) ('a' + random.nextInt(4))));
        }
        return lines;
    }
}
