package dev.fromzero.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for child JVMs: this JVM's java, its class path, and a main class of the bench jar. */
final class Jvm {

    private Jvm() {
    }

    /** {@code java OPTIONS -cp <this class path> MAIN ARGS}. */
    static List<String> command(List<String> options, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }
}
