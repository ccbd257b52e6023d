package dev.fromzero.course;

import dev.fromzero.course.Course.Chapter;
import dev.fromzero.course.generate.Generator;
import dev.fromzero.course.generate.SourceTree;
import dev.fromzero.course.generate.SourceTree.Difference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./course generate}: regenerates every chapter's {@code src/main/java} from solutions/, so
 * that each starter is exactly what the markers say; or writes one solution snapshot elsewhere.
 */
@Command(name = "generate",
        description = {"Write every chapter's src/main/java from solutions/ (files that should not be there are deleted).",
                "With --snapshot N --out DIR, write chapter N's solution snapshot to DIR instead."})
final class GenerateCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Option(names = "--snapshot", paramLabel = "N", description = "Write the solution snapshot of chapter N.")
    private Integer snapshot;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where --snapshot writes (a new directory, or one holding only .java files).")
    private Path out;

    /** Loads the reference sources of {@code course}, printing any warnings to stderr. */
    static Generator load(Course course) {
        Generator generator = Generator.load(course.solutionSources(), course.root(),
                course.chapters().stream().map(Chapter::number).collect(Collectors.toSet()));
        generator.warnings().forEach(System.err::println);
        return generator;
    }

    @Override
    public Integer call() {
        Course course = main.course();
        if ((snapshot == null) != (out == null)) {
            throw new CourseException("--snapshot N and --out DIR go together: give both, or neither to regenerate the starters");
        }
        Generator generator = load(course);
        if (snapshot != null) {
            var tree = generator.tree(snapshot, Generator.Mode.SNAPSHOT);
            requireSafeToOverwrite(out, tree.keySet());
            SourceTree.write(tree, out);
            System.out.printf("wrote the solution snapshot of chapter %d to %s (%d files)%n", snapshot, out, tree.size());
            return 0;
        }
        for (Chapter chapter : course.chapters()) {
            List<Difference> changes = SourceTree.write(generator.tree(chapter.number(), Generator.Mode.STARTER),
                    chapter.mainSources());
            System.out.println(chapter.name() + ": " + (changes.isEmpty() ? "up to date" : changes.size() + " file(s) changed"));
            changes.forEach(c -> System.out.println("  " + c));
        }
        return 0;
    }

    /** The snapshot replaces DIR's content: refuse a directory that holds anything but sources and files it writes. */
    private static void requireSafeToOverwrite(Path dir, Set<String> written) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            Path other = files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".java"))
                    .filter(f -> !written.contains(dir.relativize(f).toString().replace('\\', '/'))).findFirst().orElse(null);
            if (other != null) {
                throw new CourseException(dir + " holds " + other + ", which is not a .java file: --out replaces the"
                        + " directory's content, so give a new directory or one that holds only sources");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
