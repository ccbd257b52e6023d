package dev.fromzero.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@code main} class run in a child JVM with this JVM's class path, so that a test can kill it
 * with {@code kill -9} ({@link Process#destroyForcibly()}) at a moment of its choosing and then
 * check what survived on disk.
 *
 * <p>The child reports progress by printing lines to stdout, one per acknowledged operation,
 * typically only after the operation is durable. Everything it printed before it died is an
 * acknowledgement the parent may rely on; {@link #killAfterLines} collects them all.
 */
public final class ChildJvm implements AutoCloseable {

    private static final String END = new String("end of stream");

    private final Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private final Thread stdoutPump;
    private final Thread stderrPump;
    private final String description;
    private boolean ended;

    private ChildJvm(Process process, String description) {
        this.process = process;
        this.description = description;
        this.stdoutPump = pump(process.getInputStream(), line -> stdout.add(line), () -> stdout.add(END));
        this.stderrPump = pump(process.getErrorStream(), line -> {
            synchronized (stderr) {
                stderr.append(line).append('\n');
            }
        }, () -> { });
    }

    /** Starts {@code mainClass} with {@code args} in a new JVM that shares this one's class path. */
    public static ChildJvm start(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // The child only writes a little: start it fast and keep it small.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            return new ChildJvm(process, mainClass.getSimpleName() + " " + String.join(" ", args));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a child JVM for " + mainClass.getName(), e);
        }
    }

    /**
     * Waits until the child has printed {@code lines} lines, kills it with SIGKILL, and returns
     * every line it printed, including those that were still in the pipe when it died. If the
     * child ends by itself first, fails with its stderr.
     */
    public List<String> killAfterLines(int lines, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen.size() < lines) {
            String line = next(deadline);
            if (line == null) {
                kill();
                throw new AssertionError("the child JVM (" + description + ") printed only " + seen.size()
                        + " of " + lines + " lines within " + timeout + "; its stderr:\n" + stderr());
            }
        }
        kill();
        drain(System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
        return List.copyOf(seen);
    }

    /** Waits for the child to end by itself and returns every line it printed. */
    public List<String> awaitExit(Duration timeout) {
        drain(System.nanoTime() + timeout.toNanos());
        try {
            if (!process.waitFor(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
                kill();
                throw new AssertionError("the child JVM (" + description + ") did not end within " + timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the child JVM", e);
        }
        return List.copyOf(seen);
    }

    /** The child's exit code; only meaningful once it has ended. */
    public int exitCode() {
        return process.exitValue();
    }

    /** Everything the child printed to stderr so far. */
    public String stderr() {
        try {
            stderrPump.join(ended ? 2_000 : 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** Sends SIGKILL (on Windows, TerminateProcess) and waits for the child to be gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    private String next(long deadline) {
        if (ended) {
            return null;
        }
        try {
            String line = stdout.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == END) {
                ended = true;
                return null;
            }
            if (line != null) {
                seen.add(line);
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void drain(long deadline) {
        while (next(deadline) != null) {
            // keep collecting until the child's stdout ends
        }
        try {
            stdoutPump.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread pump(InputStream in, java.util.function.Consumer<String> sink, Runnable atEnd) {
        Thread t = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    sink.accept(line);
                }
            } catch (IOException ignored) {
                // the child died: what was read is all there is
            } finally {
                atEnd.run();
            }
        }, "child-jvm-pump");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
