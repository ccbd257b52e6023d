package dev.fromzero.course.verify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the tests of testkit and the course tool with the Maven wrapper, offline first (every
 * dependency is normally cached by the build that produced this tool), online if offline
 * resolution fails. Output goes to a log; the tail is shown on failure.
 */
final class ToolTests {

    static final String COMMAND = "./mvnw -B -q test -pl testkit,course-tool";

    /** The outcome: {@code tail} holds the last lines of the log when the build failed. */
    record Result(boolean ok, List<String> tail, Path log) {
    }

    private ToolTests() {
    }

    static Result run(Path root, Path log) {
        Result offline = maven(root, log, true);
        if (offline.ok() || offline.tail().stream().noneMatch(l -> l.contains("offline"))) {
            return offline;
        }
        return maven(root, log, false);
    }

    private static Result maven(Path root, Path log, boolean offline) {
        boolean windows = System.getProperty("os.name").toLowerCase().contains("win");
        List<String> command = new ArrayList<>(windows
                ? List.of("cmd", "/c", root.resolve("mvnw.cmd").toString())
                : List.of(root.resolve("mvnw").toString()));
        command.addAll(List.of("-B", "-q"));
        if (offline) {
            command.add("-o");
        }
        command.addAll(List.of("test", "-pl", "testkit,course-tool"));
        try {
            Files.createDirectories(log.getParent());
            Process p = new ProcessBuilder(command).directory(root.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            int exit = p.waitFor();
            List<String> lines = Files.readAllLines(log);
            return new Result(exit == 0, lines.subList(Math.max(0, lines.size() - 30), lines.size()), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + COMMAND + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, List.of("interrupted"), log);
        }
    }
}
