package dev.fromzero.course;

import dev.fromzero.course.diff.UnifiedDiff;
import dev.fromzero.course.generate.Generator;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./course diff N}: what a learner of chapter N has to write, as a unified diff from the
 * generated starter to the solution snapshot. Coloured only on a terminal, and never with NO_COLOR.
 */
@Command(name = "diff",
        description = "Show the unified diff between chapter N's starter (as generated) and its solution snapshot.")
final class DiffCommand implements Callable<Integer> {

    @ParentCommand
    private Main main;

    @Parameters(paramLabel = "N", description = "The chapter.")
    private int chapter;

    @Override
    public Integer call() {
        Generator generator = GenerateCommand.load(main.course());
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
}
