package dev.fromzero.course.watch;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.JavacTask;
import dev.fromzero.course.FileTrees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * A hash of what other code can see of a source tree: its files, imports, types and their
 * headers, fields with their initializers (a constant is copied into the code that uses it), and
 * method signatures, but no method bodies. Most saves change only a body; then the fingerprint is
 * the same, the tests compiled before are still binary compatible with the new main classes, and
 * the watcher skips recompiling the suite, which is the larger half of a compile.
 */
final class ApiFingerprint {

    private ApiFingerprint() {
    }

    /** The fingerprint of the .java files under {@code sourceDir}, which must compile. */
    static String of(Path sourceDir) {
        List<Path> files = FileTrees.javaFiles(sourceDir);
        MessageDigest sha = FileTrees.sha256();
        if (files.isEmpty()) {
            return "";
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager fm = compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
            JavacTask task = (JavacTask) compiler.getTask(null, fm, d -> { }, List.of("-proc:none"), null,
                    fm.getJavaFileObjectsFromPaths(files));
            for (CompilationUnitTree unit : task.parse()) {
                StringBuilder api = new StringBuilder(unit.getSourceFile().getName()).append('\n');
                api.append(unit.getPackage()).append('\n');
                unit.getImports().forEach(i -> api.append(i).append('\n'));
                unit.getTypeDecls().forEach(t -> append(t, api));
                sha.update(api.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sourceDir, e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void append(Tree member, StringBuilder api) {
        if (member instanceof ClassTree c) {
            api.append(c.getModifiers()).append(c.getKind()).append(' ').append(c.getSimpleName())
                    .append(c.getTypeParameters()).append(" extends ").append(c.getExtendsClause())
                    .append(" implements ").append(c.getImplementsClause())
                    .append(" permits ").append(c.getPermitsClause()).append(" {\n");
            c.getMembers().forEach(m -> append(m, api));
            api.append("}\n");
        } else if (member instanceof MethodTree m) {
            api.append(m.getModifiers()).append(m.getTypeParameters()).append(' ').append(m.getReturnType()).append(' ')
                    .append(m.getName()).append(m.getParameters()).append(" throws ").append(m.getThrows())
                    .append(" default ").append(m.getDefaultValue()).append('\n');
        } else if (member instanceof VariableTree v) {
            api.append(v).append('\n');
        }
        // Initializer blocks, like method bodies, are not part of what other code sees.
    }


}
