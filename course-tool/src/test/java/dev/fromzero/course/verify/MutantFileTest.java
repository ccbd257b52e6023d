package dev.fromzero.course.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fromzero.course.CourseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The mutants file format and applying a mutant to a snapshot. */
class MutantFileTest {

    private static final String FILE = """
            # comment
            === flip: compares the wrong way
            file: p/A.java
            --- find
                if (a < b) {
            --- replace
                if (a > b) {

            === drop-line: forgets to sync
            # a comment in the header of a block
            file: p/B.java
            --- find
                sync();
                return;
            --- replace
                return;
            """;

    @Test
    void parsesEveryBlock() {
        assertThat(MutantFile.parse("m.txt", FILE)).containsExactly(
                new Mutant("flip", "compares the wrong way", "p/A.java", "    if (a < b) {", "    if (a > b) {", "m.txt:2", null),
                new Mutant("drop-line", "forgets to sync", "p/B.java", "    sync();\n    return;", "    return;", "m.txt:9", null));
    }

    @Test
    void errorsSayWhere() {
        assertThatThrownBy(() -> MutantFile.parse("m.txt", "junk\n")).hasMessageStartingWith("m.txt:1: expected a comment");
        assertThatThrownBy(() -> MutantFile.parse("m.txt", "=== x\n")).hasMessageStartingWith("m.txt:1: a mutant starts with");
        assertThatThrownBy(() -> MutantFile.parse("m.txt", "=== x: y\n--- find\na\n--- replace\nb\n"))
                .hasMessageStartingWith("m.txt:2: mutant x needs a 'file: ");
        assertThatThrownBy(() -> MutantFile.parse("m.txt", "=== x: y\nfile: a\n--- find\na\n"))
                .hasMessageContaining("mutant x (line 1) needs '--- find' and '--- replace'");
        assertThatThrownBy(() -> MutantFile.parse("m.txt", "=== x: y\nfile: a\n--- find\n\n--- replace\nb\n"))
                .hasMessageStartingWith("m.txt:1: mutant x has an empty find text");
        assertThatThrownBy(() -> MutantFile.parse("m.txt", "=== x: y\nfile: a\n--- find\na\n--- replace\n=== x: z\n"))
                .hasMessageStartingWith("m.txt:6: a second mutant named x");
    }

    @Test
    void appliesWhereTheFindTextOccursOnce() {
        Mutant m = MutantFile.parse("m.txt", FILE).get(0);
        TreeMap<String, String> snapshot = new TreeMap<>();
        snapshot.put("p/A.java", "class A {\n    if (a < b) {\n}\n");
        assertThat(m.applyTo(snapshot)).containsEntry("p/A.java", "class A {\n    if (a > b) {\n}\n");

        snapshot.put("p/A.java", "    if (a < b) {\n    if (a < b) {\n");
        assertThatThrownBy(() -> m.applyTo(snapshot)).isInstanceOf(CourseException.class)
                .hasMessageContaining("m.txt:2: mutant flip: the find text occurs more than once in p/A.java");
        snapshot.put("p/A.java", "nothing\n");
        assertThatThrownBy(() -> m.applyTo(snapshot)).hasMessageContaining("the find text does not occur in p/A.java");
        assertThatThrownBy(() -> m.applyTo(new TreeMap<>())).hasMessageContaining("there is no file p/A.java");
    }

    @Test
    void readsTheRecordedKiller() {
        String file = FILE.replace("file: p/A.java\n", "file: p/A.java\nkilled-by: ATest#comparesBothWays\n");
        assertThat(MutantFile.parse("m.txt", file)).extracting(Mutant::killedBy).containsExactly("ATest#comparesBothWays", null);
        assertThatThrownBy(() -> MutantFile.parse("m.txt", file.replace("ATest#comparesBothWays", "ATest")))
                .hasMessageStartingWith("m.txt:4: 'killed-by: ATest' in mutant flip is not a test; write 'killed-by: Class#method'");
        assertThatThrownBy(() -> MutantFile.parse("m.txt", file.replace("killed-by: ATest#comparesBothWays\n",
                "killed-by: ATest#a\nkilled-by: ATest#b\n"))).hasMessageStartingWith("m.txt:5: mutant flip has a second 'killed-by:' line");
    }

    @Test
    void killersAreRewrittenInPlaceOrAddedAfterTheFileLine() {
        String file = FILE.replace("file: p/A.java\n", "file: p/A.java\n  killed-by: ATest#old\n");
        String updated = MutantFile.withKillers(file, Map.of("flip", "ATest#new", "drop-line", "BTest#syncs"));
        assertThat(updated).isEqualTo(FILE
                .replace("file: p/A.java\n", "file: p/A.java\n  killed-by: ATest#new\n")
                .replace("file: p/B.java\n", "file: p/B.java\nkilled-by: BTest#syncs\n"));
        assertThat(MutantFile.parse("m.txt", updated)).extracting(Mutant::killedBy).containsExactly("ATest#new", "BTest#syncs");
        assertThat(MutantFile.withKillers(updated, Map.of())).isEqualTo(updated);
        assertThat(MutantFile.withKillers(updated, Map.of("drop-line", "BTest#other")))
                .isEqualTo(updated.replace("BTest#syncs", "BTest#other"));
    }

    @Test
    void rewritingKeepsWindowsLineEndingsAndTextThatLooksLikeAKillerLine() {
        String file = ("=== flip: compares the wrong way\nfile: p/A.java\n--- find\nkilled-by: X#y\n--- replace\nkilled-by: X#z\n")
                .replace("\n", "\r\n");
        String updated = MutantFile.withKillers(file, Map.of("flip", "ATest#flips"));
        assertThat(updated).isEqualTo(file.replace("file: p/A.java\r\n", "file: p/A.java\r\nkilled-by: ATest#flips\r\n"));
        assertThat(MutantFile.parse("m.txt", updated).get(0).find()).isEqualTo("killed-by: X#y");
    }

    @Test
    void emptyFileHasNoMutants() {
        assertThat(MutantFile.parse("m.txt", "# nothing yet\n")).isEqualTo(List.of());
    }
}
