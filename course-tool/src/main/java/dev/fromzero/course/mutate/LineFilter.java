package dev.fromzero.course.mutate;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.pitest.bytecode.analysis.ClassTree;
import org.pitest.mutationtest.build.InterceptorParameters;
import org.pitest.mutationtest.build.InterceptorType;
import org.pitest.mutationtest.build.MutationInterceptor;
import org.pitest.mutationtest.build.MutationInterceptorFactory;
import org.pitest.mutationtest.engine.MutationDetails;
import org.pitest.mutationtest.engine.Mutater;
import org.pitest.plugin.Feature;

/**
 * A PIT filter that drops every mutant outside chosen source lines, for {@code ./course mutate N
 * --todo-lines-only}: a run that mutates only the TODO regions costs a fraction of a full one,
 * because the given code around them (often most of a class) is not mutated at all.
 *
 * <p>PIT finds this factory through {@code META-INF/services} and builds it itself, so the lines
 * reach it through {@link #keepOnly}, set around one run in this JVM (PIT chooses its mutants here,
 * not in its minions). With no lines set, it keeps every mutant.
 */
public final class LineFilter implements MutationInterceptorFactory {

    /** Source path (as in the snapshot, {@code dev/fromzero/kv/X.java}) → the 1-based lines to keep; null keeps all. */
    private static volatile Map<String, ? extends Set<Integer>> lines;

    /** Keeps only the mutants on {@code keep}'s lines until {@link #keepAll}; null keeps all. */
    static void keepOnly(Map<String, ? extends Set<Integer>> keep) {
        lines = keep;
    }

    static void keepAll() {
        lines = null;
    }

    /** Whether a mutant of {@code className} (binary name) in {@code sourceFile} on {@code line} is kept. */
    static boolean kept(Map<String, ? extends Set<Integer>> keep, String className, String sourceFile, int line) {
        int dot = className.lastIndexOf('.');
        String path = (dot < 0 ? "" : className.substring(0, dot).replace('.', '/') + "/") + sourceFile;
        Set<Integer> wanted = keep.get(path);
        return wanted != null && wanted.contains(line);
    }

    @Override
    public MutationInterceptor createInterceptor(InterceptorParameters params) {
        Map<String, ? extends Set<Integer>> keep = lines;
        return new MutationInterceptor() {
            @Override
            public InterceptorType type() {
                return InterceptorType.FILTER;
            }

            @Override
            public void begin(ClassTree clazz) {
            }

            @Override
            public Collection<MutationDetails> intercept(Collection<MutationDetails> mutations, Mutater mutater) {
                if (keep == null) {
                    return mutations;
                }
                return mutations.stream()
                        .filter(m -> kept(keep, m.getClassName().asJavaName(), m.getFilename(), m.getLineNumber()))
                        .collect(Collectors.toList());
            }

            @Override
            public void end() {
            }
        };
    }

    @Override
    public Feature provides() {
        return Feature.named("FZLINES").withOnByDefault(true)
                .withDescription("the course tool: with --todo-lines-only, mutate only the chapter's TODO lines");
    }

    @Override
    public String description() {
        return "fromzero course: keep only the mutants on chosen lines";
    }
}
