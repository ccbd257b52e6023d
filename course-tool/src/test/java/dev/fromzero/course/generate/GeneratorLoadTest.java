package dev.fromzero.course.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fromzero.course.generate.Generator.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading solutions from disk and writing a tree back: paths in errors, warnings, exact sync. */
class GeneratorLoadTest {

    @TempDir
    Path root;

    private Path source(String path, String content) throws IOException {
        Path file = root.resolve("solutions/src/main/java").resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    @Test
    void errorsNameTheFileFromTheCourseRoot() throws IOException {
        source("p/X.java", "package p;\n");
        assertThatThrownBy(() -> Generator.load(root.resolve("solutions/src/main/java"), root, Set.of(1)))
                .hasMessageStartingWith("solutions/src/main/java/p/X.java:1: no //@ chapter marker")
                .hasMessageContaining("nothing was generated");
    }

    @Test
    void chaptersWithoutADirectoryAndNonJavaFilesAreWarnings() throws IOException {
        source("p/X.java", "//@ chapter 1\npackage p;\n//@ since 3\n//@ end\n");
        source("p/notes.txt", "hello");
        Generator g = Generator.load(root.resolve("solutions/src/main/java"), root, Set.of(1));
        assertThat(g.warnings()).containsExactly(
                "solutions/src/main/java/p/notes.txt: ignored: a file other than .java is generated only if its first line is #@ chapter N",
                "warning: markers name chapter 3, which has no chapter03-* directory yet");
    }

    @Test
    void aFileOtherThanJavaWithAChapterLineIsCopiedFromThatChapterOnWithoutTheLine() throws IOException {
        source("p/X.java", "//@ chapter 1\npackage p;\n");
        source("META-INF/services/java.sql.Driver", "#@ chapter 2\n# a comment stays\np.X\n");
        Generator g = Generator.load(root.resolve("solutions/src/main/java"), root, Set.of(1, 2));
        assertThat(g.warnings()).isEmpty();
        assertThat(g.tree(1, Mode.STARTER)).containsOnlyKeys("p/X.java");
        assertThat(g.tree(2, Mode.STARTER)).containsEntry("META-INF/services/java.sql.Driver", "# a comment stays\np.X\n");
        assertThat(g.tree(2, Mode.SNAPSHOT)).containsEntry("META-INF/services/java.sql.Driver", "# a comment stays\np.X\n");
    }

    @Test
    void writeMakesTheDirectoryEqualToTheTree() throws IOException {
        source("p/X.java", "//@ chapter 1\npackage p;\n");
        Path out = root.resolve("chapter01-x/src/main/java");
        Files.createDirectories(out.resolve("old"));
        Files.writeString(out.resolve("old/Gone.java"), "x");
        Generator g = Generator.load(root.resolve("solutions/src/main/java"), root, Set.of(1));

        assertThat(SourceTree.write(g.tree(1, Mode.STARTER), out)).extracting(Object::toString)
                .containsExactly("extra:   old/Gone.java", "missing: p/X.java");
        assertThat(out.resolve("old")).doesNotExist();
        assertThat(out.resolve("p/X.java")).hasContent("package p;");
        assertThat(SourceTree.compare(g.tree(1, Mode.STARTER), out)).isEmpty();

        Files.writeString(out.resolve("p/X.java"), "package q;\n");
        assertThat(SourceTree.compare(g.tree(1, Mode.STARTER), out)).extracting(Object::toString)
                .containsExactly("differs: p/X.java");
    }
}
