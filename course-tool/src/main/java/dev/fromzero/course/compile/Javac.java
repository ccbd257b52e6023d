package dev.fromzero.course.compile;

import dev.fromzero.course.CourseException;
import dev.fromzero.course.FileTrees;
import dev.fromzero.testkit.ScratchExtension;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a source tree in-process with the JDK's compiler, as Maven would for the module
 * ({@code --release 17}, UTF-8, no annotation processors). Errors come back as
 * {@code file:line: message} lines, with paths relative to the course root so they can be clicked.
 *
 * <p>An output directory remembers a hash of what it was compiled from; compiling the same
 * sources against the same class path again is skipped, which keeps {@code ./course test} fast.
 */
public final class Javac {

    private static final String STAMP = ".fromzero-stamp";

    /** The outcome: {@code errors} is empty exactly when the compilation succeeded. */
    public record Result(List<String> errors) {

        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private Javac() {
    }

    /**
     * Compiles every .java file under {@code sourceDir} into {@code outDir}, which is emptied first,
     * and copies every other file there (a {@code META-INF/services} list), as Maven copies resources.
     */
    public static Result compile(Path sourceDir, List<Path> classpath, Path outDir, Path shownFrom) {
        List<Path> sources = FileTrees.javaFiles(sourceDir);
        List<Path> resources = FileTrees.regularFiles(sourceDir).stream().filter(p -> !sources.contains(p)).toList();
        String stamp = stamp(FileTrees.regularFiles(sourceDir), classpath);
        Path stampFile = outDir.resolve(STAMP);
        try {
            if (Files.isRegularFile(stampFile) && Files.readString(stampFile).equals(stamp)) {
                return new Result(List.of());
            }
            ScratchExtension.deleteRecursively(outDir);
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + outDir + ": " + e.getMessage(), e);
        }
        Result result = sources.isEmpty() ? new Result(List.of()) : run(sources, classpath, outDir, shownFrom);
        if (result.ok()) {
            try {
                for (Path resource : resources) {
                    Path copy = outDir.resolve(sourceDir.relativize(resource).toString());
                    Files.createDirectories(copy.getParent());
                    Files.copy(resource, copy);
                }
                Files.writeString(stampFile, stamp);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + outDir + ": " + e.getMessage(), e);
            }
        }
        return result;
    }

    private static Result run(List<Path> sources, List<Path> classpath, Path outDir, Path shownFrom) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new CourseException("no Java compiler in " + System.getProperty("java.home")
                    + ": the course tool needs a JDK, not a JRE; point JAVA_HOME at a JDK 17+");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of(
                "--release", "17", "-encoding", "UTF-8", "-proc:none", "-g", "-nowarn",
                "-classpath", classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                "-d", outDir.toString());
        StringWriter otherOutput = new StringWriter();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            boolean ok = compiler.getTask(otherOutput, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
            List<String> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    errors.add(format(d, shownFrom));
                }
            }
            if (!ok && errors.isEmpty()) {
                errors.add("javac failed: " + otherOutput.toString().strip());
            }
            return new Result(errors);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String format(Diagnostic<? extends JavaFileObject> d, Path shownFrom) {
        String message = d.getMessage(Locale.ROOT);
        if (d.getSource() == null) {
            return message;
        }
        Path file = Path.of(d.getSource().toUri());
        String shown = file.startsWith(shownFrom) ? shownFrom.relativize(file).toString() : file.toString();
        return shown.replace('\\', '/') + ":" + d.getLineNumber() + ": " + message;
    }


    private static String stamp(List<Path> sources, List<Path> classpath) {
        try {
            MessageDigest sha = FileTrees.sha256();
            for (Path p : classpath) {
                sha.update((p + "\n").getBytes(StandardCharsets.UTF_8));
                Path stamp = p.resolve(STAMP);
                if (Files.isRegularFile(stamp)) {
                    sha.update(Files.readAllBytes(stamp));
                }
            }
            for (Path source : sources) {
                sha.update((source + "\n").getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(source));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sources to compile: " + e.getMessage(), e);
        }
    }
}
