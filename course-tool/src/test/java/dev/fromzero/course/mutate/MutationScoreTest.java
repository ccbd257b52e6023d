package dev.fromzero.course.mutate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Sorting PIT's mutants against the TODO regions: the score of learner code and its survivors. */
class MutationScoreTest {

    private static final String PATH = "p/A.java";
    private static final Map<String, String> SNAPSHOT = Map.of(PATH, """
            package p;
            class A {
                int a(int x) {
                    if (x > 0) {
                        return x + 1;
                    }
                    return 0;
                }
            }
            """);
    /** Lines 4 to 6 are the chapter's TODO region; line 7 is given code. */
    private static final Map<String, TreeSet<Integer>> TODO = Map.of(PATH, new TreeSet<>(Set.of(4, 5, 6)));

    private static Mutation mutant(int line, String mutator, String status) {
        boolean detected = !status.equals("SURVIVED") && !status.equals("NO_COVERAGE");
        return new Mutation(PATH, "p.A", "a", line, "org.pitest.mutationtest.engine.gregor.mutators." + mutator,
                mutator + " at line " + line, status, detected);
    }

    private static final List<Mutation> MUTANTS = List.of(
            mutant(5, "MathMutator", "SURVIVED"),
            mutant(4, "ConditionalsBoundaryMutator", "SURVIVED"),
            mutant(4, "NegateConditionalsMutator", "KILLED"),
            mutant(5, "PrimitiveReturnsMutator", "TIMED_OUT"),
            mutant(7, "PrimitiveReturnsMutator", "SURVIVED"),
            mutant(6, "VoidMethodCallMutator", "NO_COVERAGE"),
            new Mutation("p/B.java", "p.B", "b", 4, "x.MathMutator", "in a file without TODOs", "SURVIVED", false));

    @Test
    @DisplayName("only mutants on TODO lines are learner code; survivors and unreached mutants there are listed in line order")
    void sortsMutantsAgainstTheTodoLines() {
        MutationScore score = MutationScore.of(MUTANTS, TODO, SNAPSHOT);
        assertThat(score.inTodo()).as("line 7 and p/B.java are not in a TODO region").hasSize(5);
        assertThat(score.survivors()).extracting(s -> s.mutation().line() + " " + s.mutation().mutatorName() + " | " + s.code())
                .as("the survivors in learner code, by line, each with the snapshot line it changed")
                .containsExactly(
                        "4 ConditionalsBoundaryMutator | if (x > 0) {",
                        "5 MathMutator | return x + 1;",
                        "6 VoidMethodCallMutator | }");
        assertThat(MutationScore.score(score.inTodo()))
                .as("a timed-out mutant counts as killed, as in PIT; an unreached one does not")
                .isEqualTo("40.0% (2 of 5 killed)");
        assertThat(MutationScore.score(score.all())).isEqualTo("28.6% (2 of 7 killed)");
        assertThat(MutationScore.score(List.of())).isEqualTo("no mutants");
    }

    @Test
    @DisplayName("the printout gives both scores and, per survivor, file:line, mutator, what changed and the code")
    void printsScoresAndSurvivors() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        MutationScore.of(MUTANTS, TODO, SNAPSHOT).print(3, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains(
                "chapter 3 mutation score",
                "in the TODO regions (learner code): 40.0% (2 of 5 killed)",
                "over the mutated classes:           28.6% (2 of 7 killed)",
                "3 surviving mutant(s) in learner code:",
                "p/A.java:4  ConditionalsBoundaryMutator: ConditionalsBoundaryMutator at line 4\n      if (x > 0) {",
                "p/A.java:6  VoidMethodCallMutator (no coverage): VoidMethodCallMutator at line 6");
    }

    @Test
    @DisplayName("PIT's globs name each mutated file's class and its nested classes")
    void classGlobs() {
        assertThat(PitSession.classGlobs(List.of("dev/fromzero/kv/log/LogReader.java")))
                .containsExactly("dev.fromzero.kv.log.LogReader", "dev.fromzero.kv.log.LogReader$*");
    }
}
