package dev.fromzero.course;

import dev.fromzero.course.diff.UnifiedDiff;
import dev.fromzero.course.generate.Generator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./course diff N}: what a learner of chapter N has to write, as a unified diff from the
 * generated starter to the solution snapshot. Coloured only on a terminal, and never with NO_COLOR.
 *
 * <p>It is the solution, so on a terminal it asks first: a student who typed it to see what
 * changed should not read the answer by accident. An instructor skips the question with
 * {@code --yes}, and a pipe or a file ({@code ./course diff 1 | less}) never gets it.
 */
@Command(name = "diff",
        header = "Show chapter N's solution as a diff from its starter (it asks first on a terminal).",
        description = {"Show the unified diff between chapter N's starter (as generated) and its solution snapshot:",
                "the solution. On a terminal it asks first; --yes, or a pipe, skips the question."})
final class DiffCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Parameters(paramLabel = "N", description = "The chapter.")
    private int chapter;

    @Option(names = {"-y", "--yes"}, description = "Do not ask before showing the solution.")
    private boolean yes;

    @Override
    public Integer call() {
        Course course = main.course();
        course.chapter(chapter); // no such chapter: say so, rather than "the same"
        if (!yes && System.console() != null && !confirmed(System.console().reader(), System.out)) {
            return 1;
        }
        Generator generator = GenerateCommand.load(course);
        SortedMap<String, String> starter = generator.tree(chapter, Generator.Mode.STARTER);
        SortedMap<String, String> snapshot = generator.tree(chapter, Generator.Mode.SNAPSHOT);
        boolean color = System.console() != null && System.getenv("NO_COLOR") == null;
        TreeSet<String> paths = new TreeSet<>(starter.keySet());
        paths.addAll(snapshot.keySet());
        int changed = 0;
        for (String path : paths) {
            String diff = UnifiedDiff.format(String.format("starter%02d/%s", chapter, path), starter.get(path),
                    String.format("snapshot%02d/%s", chapter, path), snapshot.get(path), color);
            if (!diff.isEmpty()) {
                System.out.print(diff);
                changed++;
            }
        }
        if (changed == 0) {
            System.out.printf("chapter %d's starter and solution snapshot are the same: it has no //@ todo %d regions%n",
                    chapter, chapter);
        }
        return 0;
    }

    /** Asks whether to show the solution; true only for an answer starting with y. */
    static boolean confirmed(Reader in, PrintStream out) {
        out.print("This is the solution: the code a learner is to write. Show it? [y/N] ");
        out.flush();
        String answer;
        try {
            answer = new BufferedReader(in).readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
            return true;
        }
        if (answer == null) {
            out.println(); // end of input: end the question's line
        }
        out.println("not shown (instructors: ./course diff N --yes, or pipe it: ./course diff N | less)");
        return false;
    }
}
