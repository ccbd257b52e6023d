package dev.fromzero.course.mutate;

/**
 * One mutant as PIT reports it: where it is ({@code path} relative to the source root, with
 * {@code /} separators, and a 1-based line), what PIT changed, and whether the suite noticed.
 * {@code detected} is PIT's own verdict: killed, timed out, or crashed the test JVM.
 */
public record Mutation(String path, String mutatedClass, String method, int line, String mutator,
                       String description, String status, boolean detected) {

    /** The mutator's simple name ("ConditionalsBoundaryMutator"), as PIT's documentation lists it. */
    public String mutatorName() {
        int dot = mutator.lastIndexOf('.');
        return dot < 0 ? mutator : mutator.substring(dot + 1);
    }
}
