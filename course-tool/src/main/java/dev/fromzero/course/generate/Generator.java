package dev.fromzero.course.generate;

import dev.fromzero.course.FileTrees;
import dev.fromzero.course.generate.SourceFile.Node;
import dev.fromzero.course.generate.SourceFile.Region;
import dev.fromzero.course.generate.SourceFile.Text;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Cuts the reference sources into per-chapter trees. Chapter N's tree holds every file whose
 * {@code //@ chapter} is at most N, with the regions of later chapters removed. The starter
 * replaces each chapter-N TODO region by one throwing line; the snapshot keeps it.
 *
 * <p>A tree is a sorted map from a path relative to the source root (with {@code /} separators)
 * to the file's content, so the output is the same on every machine and every run.
 */
public final class Generator {

    /** What to do with chapter N's own TODO regions. */
    public enum Mode { STARTER, SNAPSHOT }

    /** The first line of a file other than .java that is generated: {@code #@ chapter N}. */
    static final String RESOURCE_MARKER = "#@ chapter ";

    private final List<SourceFile> files;
    private final List<String> warnings;

    private Generator(List<SourceFile> files, List<String> warnings) {
        this.files = files;
        this.warnings = warnings;
    }

    /**
     * Parses every file under {@code sourceRoot}. Paths in messages are shown relative to
     * {@code shownFrom} (the course root). Throws {@link MarkerException} listing every problem.
     * Chapters not in {@code knownChapters} are allowed, with a warning.
     */
    public static Generator load(Path sourceRoot, Path shownFrom, Set<Integer> knownChapters) {
        List<Problem> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<SourceFile> files = new ArrayList<>();
        for (Path file : FileTrees.regularFiles(sourceRoot)) {
            String shown = shownFrom.relativize(file).toString().replace('\\', '/');
            if (!file.getFileName().toString().endsWith(".java")) {
                SourceFile resource = resource(relative(sourceRoot, file), read(file));
                if (resource == null) {
                    warnings.add(shown + ": ignored: a file other than .java is generated only if its first line is "
                            + RESOURCE_MARKER + "N");
                } else {
                    files.add(resource);
                }
                continue;
            }
            SourceFile parsed = MarkerParser.parse(relative(sourceRoot, file), read(file), problems);
            if (parsed != null) {
                files.add(parsed);
            }
        }
        if (!problems.isEmpty()) {
            String prefix = shownFrom.relativize(sourceRoot).toString().replace('\\', '/');
            throw new MarkerException(problems.stream()
                    .map(p -> new Problem(prefix.isEmpty() ? p.path() : prefix + "/" + p.path(), p.line(), p.message()))
                    .toList());
        }
        Set<Integer> unknown = new TreeSet<>();
        files.forEach(f -> chaptersUsed(f.chapter(), f.body(), unknown));
        unknown.removeAll(knownChapters);
        unknown.forEach(n -> warnings.add(String.format(
                "warning: markers name chapter %d, which has no chapter%02d-* directory yet", n, n)));
        return new Generator(List.copyOf(files), List.copyOf(warnings));
    }

    /**
     * A file other than Java source (a service list under {@code META-INF/services}) that a chapter's
     * code needs on its class path: copied as it is, from the chapter its first line names
     * ({@code #@ chapter N}, which the copy leaves out; {@code #} starts a comment in such files), or
     * null when that line is missing.
     */
    private static SourceFile resource(String path, String content) {
        String text = content.replace("\r\n", "\n");
        int firstEnd = text.indexOf('\n');
        String first = firstEnd < 0 ? text : text.substring(0, firstEnd);
        if (!first.startsWith(RESOURCE_MARKER) || !first.substring(RESOURCE_MARKER.length()).strip().matches("[0-9]+")) {
            return null;
        }
        int chapter = Integer.parseInt(first.substring(RESOURCE_MARKER.length()).strip());
        String rest = firstEnd < 0 ? "" : text.substring(firstEnd + 1);
        List<SourceFile.Node> lines = new ArrayList<>();
        for (String line : rest.split("\n", -1)) {
            lines.add(new SourceFile.Text(line));
        }
        boolean endsWithNewline = rest.endsWith("\n");
        if (endsWithNewline) {
            lines.remove(lines.size() - 1);
        }
        return new SourceFile(path, chapter, List.copyOf(lines), endsWithNewline);
    }

    /** Builds a generator from files already in memory (path → content); used by tests. */
    static Generator of(SortedMap<String, String> sources) {
        List<Problem> problems = new ArrayList<>();
        List<SourceFile> files = new ArrayList<>();
        sources.forEach((path, content) -> {
            SourceFile parsed = MarkerParser.parse(path, content, problems);
            if (parsed != null) {
                files.add(parsed);
            }
        });
        if (!problems.isEmpty()) {
            throw new MarkerException(problems);
        }
        return new Generator(files, List.of());
    }

    /** Non-fatal remarks: ignored files, chapters that have no directory yet. */
    public List<String> warnings() {
        return warnings;
    }

    /** Chapter {@code chapter}'s tree: path relative to the source root → content. */
    public SortedMap<String, String> tree(int chapter, Mode mode) {
        SortedMap<String, String> tree = new TreeMap<>();
        for (SourceFile file : files) {
            if (file.chapter() <= chapter) {
                List<String> out = new ArrayList<>();
                render(file.body(), chapter, mode, out);
                String text = String.join("\n", out);
                tree.put(file.path(), file.endsWithNewline() && !out.isEmpty() ? text + "\n" : text);
            }
        }
        return tree;
    }

    /**
     * The lines of chapter {@code chapter}'s snapshot that come from its own TODO regions, by file
     * (1-based line numbers of {@link #tree tree(chapter, SNAPSHOT)}): the learner's code, which
     * {@code ./course mutate} reports on. Files without such lines are absent.
     */
    public SortedMap<String, SortedSet<Integer>> todoLines(int chapter) {
        SortedMap<String, SortedSet<Integer>> lines = new TreeMap<>();
        for (SourceFile file : files) {
            if (file.chapter() <= chapter) {
                SortedSet<Integer> todo = new TreeSet<>();
                collectTodoLines(file.body(), chapter, false, new int[] {0}, todo);
                if (!todo.isEmpty()) {
                    lines.put(file.path(), todo);
                }
            }
        }
        return lines;
    }

    /** Walks the nodes as {@link #render} does in SNAPSHOT mode, counting output lines in {@code line[0]}. */
    private static void collectTodoLines(List<Node> nodes, int chapter, boolean inTodo, int[] line, SortedSet<Integer> into) {
        for (Node node : nodes) {
            if (node instanceof Text) {
                line[0]++;
                if (inTodo) {
                    into.add(line[0]);
                }
            } else if (node instanceof Region r && r.chapter() <= chapter) {
                collectTodoLines(r.body(), chapter, inTodo || (r.isTodo() && r.chapter() == chapter), line, into);
            }
        }
    }

    private static void render(List<Node> nodes, int chapter, Mode mode, List<String> out) {
        for (Node node : nodes) {
            if (node instanceof Text t) {
                out.add(t.line());
            } else if (node instanceof Region r && r.chapter() <= chapter) {
                if (r.isTodo() && r.chapter() == chapter && mode == Mode.STARTER) {
                    out.add(r.indent() + stub(r.chapter(), r.todo()));
                } else {
                    render(r.body(), chapter, mode, out);
                }
            }
        }
    }

    /** The line that stands for a TODO region in its chapter's starter. */
    static String stub(int chapter, String message) {
        return String.format("throw new UnsupportedOperationException(\"TODO(chapter%02d): %s\");",
                chapter, javaString(message));
    }

    private static String javaString(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static void chaptersUsed(int chapter, List<Node> nodes, Set<Integer> into) {
        into.add(chapter);
        for (Node node : nodes) {
            if (node instanceof Region r) {
                chaptersUsed(r.chapter(), r.body(), into);
            }
        }
    }


    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
