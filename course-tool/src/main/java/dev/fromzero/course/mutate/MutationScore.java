package dev.fromzero.course.mutate;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PIT's mutants sorted against the chapter's TODO regions: the score over the learner's code
 * (mutants on TODO lines), the score over every mutated class, and the TODO-region survivors,
 * each with its line of code. A mutant PIT marks detected (killed, timed out, crashed) counts
 * as killed; one that survived or that no test reached counts as a survivor.
 */
public record MutationScore(List<Mutation> all, List<Mutation> inTodo, List<Survivor> survivors) {

    /** A mutant in learner code that no test noticed, and the snapshot line it changed. */
    public record Survivor(Mutation mutation, String code) {
    }

    /**
     * @param todoLines path → 1-based snapshot lines of the chapter's TODO regions
     * @param snapshot  path → content of the solution snapshot PIT ran on
     */
    public static MutationScore of(List<Mutation> mutations, Map<String, ? extends Set<Integer>> todoLines,
                                   Map<String, String> snapshot) {
        List<Mutation> inTodo = mutations.stream()
                .filter(m -> todoLines.containsKey(m.path()) && todoLines.get(m.path()).contains(m.line())).toList();
        List<Survivor> survivors = inTodo.stream().filter(m -> !m.detected())
                .sorted(Comparator.comparing(Mutation::path).thenComparingInt(Mutation::line).thenComparing(Mutation::mutator))
                .map(m -> new Survivor(m, line(snapshot.get(m.path()), m.line())))
                .toList();
        return new MutationScore(List.copyOf(mutations), inTodo, survivors);
    }

    private static String line(String content, int line) {
        if (content == null) {
            return "(source not in the snapshot)";
        }
        String[] lines = content.split("\n", -1);
        return line >= 1 && line <= lines.length ? lines[line - 1].strip() : "(no line " + line + ")";
    }

    public static long killed(List<Mutation> mutations) {
        return mutations.stream().filter(Mutation::detected).count();
    }

    /** "93.1% (54 of 58 killed)"; a score of nothing is "no mutants". */
    public static String score(List<Mutation> mutations) {
        if (mutations.isEmpty()) {
            return "no mutants";
        }
        long killed = killed(mutations);
        return String.format(java.util.Locale.ROOT, "%.1f%% (%d of %d killed)", 100.0 * killed / mutations.size(), killed, mutations.size());
    }

    public void print(int chapter, PrintStream out) {
        out.printf("chapter %d mutation score%n", chapter);
        out.printf("  in the TODO regions (learner code): %s%n", score(inTodo));
        out.printf("  over the mutated classes:           %s%n", score(all));
        if (survivors.isEmpty()) {
            out.println("no mutant survives in learner code");
            return;
        }
        out.printf("%d surviving mutant(s) in learner code:%n", survivors.size());
        for (Survivor s : survivors) {
            Mutation m = s.mutation();
            out.printf("  %s:%d  %s%s: %s%n      %s%n", m.path(), m.line(), m.mutatorName(),
                    m.status().equals("SURVIVED") ? "" : " (" + m.status().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ")",
                    m.description(), s.code());
        }
    }
}
