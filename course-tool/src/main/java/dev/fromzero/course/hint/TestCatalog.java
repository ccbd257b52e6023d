package dev.fromzero.course.hint;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import dev.fromzero.course.Course;
import dev.fromzero.course.Course.Chapter;
import dev.fromzero.course.CourseException;
import dev.fromzero.course.report.SuiteReport;
import dev.fromzero.course.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * What the chapters' test sources declare: each step class with its {@code @Step} and
 * {@code @Hint}, and each test method with its {@code @DisplayName} and {@code @Hint}.
 *
 * <p>It reads the sources with javac's parser, not the compiled classes: parsing needs neither
 * a class path nor a learner's main code that compiles, and a learner who is stuck is often
 * exactly one whose code does not. The price is that annotation values must be constants
 * written out in the annotation (string literals, text blocks, {@code +} between them, numbers),
 * which is how the suites write them anyway; anything else is reported as an error.
 */
public final class TestCatalog {

    private static final Set<String> TEST_ANNOTATIONS =
            Set.of("Test", "ParameterizedTest", "RepeatedTest", "TestFactory", "TestTemplate");

    /**
     * One test method: {@code displayName} is its {@code @DisplayName}, else {@code method()};
     * {@code slow} is why it is {@code @Slow}, empty if it is not.
     */
    public record TestInfo(String className, String method, String displayName, String hint, String slow) {

        /** {@code Class#method}, as a learner names a test on the command line. */
        public String key() {
            return className + "#" + method;
        }
    }

    /** One step class of a chapter; {@code hint} is empty when the step has none; a bonus step's title ends with {@code (bonus)}. */
    public record StepInfo(int chapter, int number, String title, String guide, String className, String hint,
                           List<TestInfo> tests) {

        /** {@code chapter.step}, e.g. {@code 1.2}. */
        public String id() {
            return chapter + "." + number;
        }
    }

    private TestCatalog() {
    }

    /** Every step of every chapter of {@code course}, by chapter then step. */
    public static List<StepInfo> of(Course course) {
        List<StepInfo> steps = new ArrayList<>();
        for (Chapter ch : course.chapters()) {
            steps.addAll(of(ch, course.root()));
        }
        return steps;
    }

    /** The steps of one chapter, in step order; paths in errors are shown relative to {@code shownFrom}. */
    public static List<StepInfo> of(Chapter chapter, Path shownFrom) {
        List<Path> files = FileTrees.javaFiles(chapter.testSources());
        if (files.isEmpty()) {
            return List.of();
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new CourseException("no Java compiler in " + System.getProperty("java.home")
                    + ": the course tool needs a JDK, not a JRE; point JAVA_HOME at a JDK 17+");
        }
        List<StepInfo> steps = new ArrayList<>();
        try (StandardJavaFileManager fm = compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            JavacTask task = (JavacTask) compiler.getTask(null, fm, d -> { }, List.of("-proc:none"), null,
                    fm.getJavaFileObjectsFromPaths(files));
            for (CompilationUnitTree unit : task.parse()) {
                String file = shownFrom.relativize(Path.of(unit.getSourceFile().toUri())).toString().replace('\\', '/');
                for (Tree type : unit.getTypeDecls()) {
                    if (type instanceof ClassTree c) {
                        step(c, file).ifPresent(steps::add);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tests of " + chapter.name(), e);
        }
        steps.sort(Comparator.comparingInt(StepInfo::number));
        return steps;
    }

    private static Optional<StepInfo> step(ClassTree c, String file) {
        AnnotationTree step = annotation(c.getModifiers().getAnnotations(), "Step");
        if (step == null) {
            return Optional.empty();
        }
        String name = c.getSimpleName().toString();
        List<TestInfo> tests = new ArrayList<>();
        for (Tree member : c.getMembers()) {
            if (member instanceof MethodTree m && m.getModifiers().getAnnotations().stream()
                    .anyMatch(a -> TEST_ANNOTATIONS.contains(simpleName(a)))) {
                AnnotationTree display = annotation(m.getModifiers().getAnnotations(), "DisplayName");
                String method = m.getName().toString();
                tests.add(new TestInfo(name, method,
                        display == null ? method + "()" : value(display, "value", file),
                        hint(m.getModifiers().getAnnotations(), file), slow(m.getModifiers().getAnnotations(), file)));
            }
        }
        return Optional.of(new StepInfo(Integer.parseInt(value(step, "chapter", file)),
                Integer.parseInt(value(step, "number", file)),
                value(step, "title", file) + (bonus(step, file) ? SuiteReport.BONUS : ""), value(step, "guide", file),
                name, hint(c.getModifiers().getAnnotations(), file), List.copyOf(tests)));
    }

    /** Whether {@code @Step} says {@code bonus = true} (it is false when left out). */
    private static boolean bonus(AnnotationTree step, String file) {
        boolean written = step.getArguments().stream().anyMatch(a -> a instanceof AssignmentTree assignment
                && assignment.getVariable() instanceof IdentifierTree id && id.getName().contentEquals("bonus"));
        return written && Boolean.parseBoolean(value(step, "bonus", file));
    }

    private static String hint(List<? extends AnnotationTree> annotations, String file) {
        AnnotationTree hint = annotation(annotations, "Hint");
        return hint == null ? "" : value(hint, "value", file);
    }

    private static String slow(List<? extends AnnotationTree> annotations, String file) {
        AnnotationTree slow = annotation(annotations, "Slow");
        return slow == null ? "" : value(slow, "value", file);
    }

    /** Why each slow test of {@code steps} is slow, by {@code Class#method}. */
    public static Map<String, String> slowTests(List<StepInfo> steps) {
        Map<String, String> slow = new HashMap<>();
        steps.forEach(s -> s.tests().stream().filter(t -> !t.slow().isEmpty()).forEach(t -> slow.put(t.key(), t.slow())));
        return slow;
    }

    private static AnnotationTree annotation(List<? extends AnnotationTree> annotations, String simpleName) {
        return annotations.stream().filter(a -> simpleName(a).equals(simpleName)).findFirst().orElse(null);
    }

    private static String simpleName(AnnotationTree a) {
        Tree type = a.getAnnotationType();
        return type instanceof MemberSelectTree s ? s.getIdentifier().toString() : type.toString();
    }

    /** The constant value of element {@code name} of {@code a} ({@code value} may be written without its name). */
    private static String value(AnnotationTree a, String name, String file) {
        for (ExpressionTree argument : a.getArguments()) {
            if (argument instanceof AssignmentTree assignment) {
                if (assignment.getVariable() instanceof IdentifierTree id && id.getName().contentEquals(name)) {
                    return constant(assignment.getExpression(), a, file);
                }
            } else if (name.equals("value")) {
                return constant(argument, a, file);
            }
        }
        throw new CourseException(file + ": @" + simpleName(a) + " has no " + name + "; write it out in the annotation");
    }

    private static String constant(ExpressionTree e, AnnotationTree a, String file) {
        if (e instanceof LiteralTree literal) {
            return String.valueOf(literal.getValue());
        }
        if (e instanceof ParenthesizedTree p) {
            return constant(p.getExpression(), a, file);
        }
        if (e instanceof BinaryTree b && b.getKind() == Tree.Kind.PLUS) {
            return constant(b.getLeftOperand(), a, file) + constant(b.getRightOperand(), a, file);
        }
        throw new CourseException(file + ": @" + simpleName(a) + "(" + e + ") is not a literal; the course tool reads"
                + " hints and steps from the source, so write them as string literals (joined with + if long)");
    }

}
