package dev.fromzero.course.runner;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps what each test prints to {@code System.out} and {@code System.err}, up to a limit, so that
 * a grader can show a test's output next to its result. Output beyond the limit is counted, not
 * kept: a test that prints megabytes costs neither memory nor a huge report. Output printed
 * between tests goes to the JVM's own stdout, the runner's log.
 *
 * <p>Tests run one at a time, so "the current test" is whichever started last; output from a
 * stray thread is charged to the test running when it prints.
 */
final class OutputCapture {

    private final int limit;
    private final PrintStream outside;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long dropped;
    private boolean capturing;

    private OutputCapture(int limit, PrintStream outside) {
        this.limit = limit;
        this.outside = outside;
    }

    /** Routes {@code System.out} and {@code System.err} through a capture that keeps {@code limit} bytes per test. */
    static OutputCapture install(int limit) {
        OutputCapture capture = new OutputCapture(limit, System.out);
        PrintStream routed = new PrintStream(capture.new Router(), true, StandardCharsets.UTF_8);
        System.setOut(routed);
        System.setErr(routed);
        return capture;
    }

    synchronized void begin() {
        kept.reset();
        dropped = 0;
        capturing = true;
    }

    /** What the test printed since {@link #begin}, with a note of how much was cut. */
    synchronized String end() {
        capturing = false;
        String text = kept.toString(StandardCharsets.UTF_8);
        return dropped == 0 ? text : text + "\n… " + dropped + " bytes truncated\n";
    }

    private synchronized void write(byte[] b, int off, int len) {
        if (!capturing) {
            outside.write(b, off, len);
            return;
        }
        int room = Math.max(0, limit - kept.size());
        kept.write(b, off, Math.min(room, len));
        dropped += Math.max(0, len - room);
    }

    private final class Router extends OutputStream {
        @Override
        public void write(int b) {
            OutputCapture.this.write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            OutputCapture.this.write(b, off, len);
        }

        @Override
        public void flush() {
            outside.flush();
        }
    }
}
