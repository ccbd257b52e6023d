package dev.fromzero.course;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code ./course raft put|get|del|cas|status}: a client of the cluster that
 * {@code ./course serve raft} started last. The tool reads where it runs from
 * {@value #CURRENT} and runs the client of the same compiled code
 * ({@code dev.fromzero.raft.net.RaftCli}) in a child JVM: it finds the leader by itself and
 * retries elsewhere when a node does not answer.
 */
@Command(name = "raft",
        description = {"Talk to the cluster that ./course serve raft runs: put, get, del, cas, status.",
                "The client finds the leader by itself, and retries on another node when one does not answer."},
        subcommands = {RaftCommand.Put.class, RaftCommand.Get.class, RaftCommand.Del.class, RaftCommand.Cas.class,
                RaftCommand.Status.class})
final class RaftCommand implements Runnable {

    /** Where {@code serve raft} records the running cluster, under the tool's work directory. */
    static final String CURRENT = "raft/current.txt";
    static final String CLIENT = "dev.fromzero.raft.net.RaftCli";

    @ParentCommand
    private Main main;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing the operation: put, get, del, cas or status");
    }

    /** Runs the client with {@code args} against the recorded cluster; returns its exit code. */
    int client(String... args) throws InterruptedException {
        Course course = main.course();
        Path current = course.work(CURRENT);
        List<String> lines;
        try {
            lines = Files.readAllLines(current, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CourseException("no cluster has been started here: start one with ./course serve raft (it records itself in "
                    + current + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + current + ": " + e.getMessage(), e);
        }
        if (lines.size() < 2 || !lines.get(0).startsWith("dir ") || !lines.get(1).startsWith("classes ")) {
            throw new CourseException(current + " is damaged: start the cluster again with ./course serve raft");
        }
        Path dir = Path.of(lines.get(0).substring(4));
        Path classes = Path.of(lines.get(1).substring(8));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", classes.toString(), CLIENT,
                "--cluster-file", dir.resolve("cluster.txt").toString()));
        command.addAll(List.of(args));
        Process client;
        try {
            client = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the client's JVM: " + e.getMessage(), e);
        }
        // Its output passes through this JVM's streams, so that what it prints is the tool's output.
        PrintWriter err = spec.commandLine().getErr();
        Thread errors = new Thread(() -> copy(client.getErrorStream(), err), "raft-client-stderr");
        errors.start();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        copy(client.getInputStream(), out);
        errors.join();
        return client.waitFor();
    }

    private static void copy(InputStream from, PrintWriter to) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                to.println(line);
            }
            to.flush();
        } catch (IOException e) {
            to.println("error: lost the client's output: " + e.getMessage());
        }
    }

    /** A key as the client takes it: not empty. */
    static String key(CommandLine.Model.CommandSpec spec, String key) {
        if (key.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "KEY is empty: give a key of at least one character");
        }
        return key;
    }

    @Command(name = "put", description = "Set KEY to VALUE; prints OK once a majority of the nodes has it.")
    static final class Put implements Callable<Integer> {
        @ParentCommand
        private RaftCommand raft;
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
        private String key;
        @Parameters(index = "1", paramLabel = "VALUE", description = "Its new value.")
        private String value;

        @Override
        public Integer call() throws InterruptedException {
            return raft.client("put", key(spec, key), value);
        }
    }

    @Command(name = "get", description = "Print KEY's value, or (nil); a linearizable read, served by the leader.")
    static final class Get implements Callable<Integer> {
        @ParentCommand
        private RaftCommand raft;
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
        private String key;

        @Override
        public Integer call() throws InterruptedException {
            return raft.client("get", key(spec, key));
        }
    }

    @Command(name = "del", description = "Delete KEY; prints whether it existed.")
    static final class Del implements Callable<Integer> {
        @ParentCommand
        private RaftCommand raft;
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
        private String key;

        @Override
        public Integer call() throws InterruptedException {
            return raft.client("del", key(spec, key));
        }
    }

    @Command(name = "cas", description = "Compare-and-set: set KEY to NEW if its value is OLD; prints whether it did.")
    static final class Cas implements Callable<Integer> {
        @ParentCommand
        private RaftCommand raft;
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "KEY", description = "The key.")
        private String key;
        @Parameters(index = "1", paramLabel = "OLD", description = "The value KEY must have now.")
        private String expected;
        @Parameters(index = "2", paramLabel = "NEW", description = "Its new value.")
        private String value;

        @Override
        public Integer call() throws InterruptedException {
            return raft.client("cas", key(spec, key), expected, value);
        }
    }

    @Command(name = "status", description = "Ask every node for its role, term, leader, last, commit and applied index.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        private RaftCommand raft;

        @Override
        public Integer call() throws InterruptedException {
            return raft.client("status");
        }
    }
}
