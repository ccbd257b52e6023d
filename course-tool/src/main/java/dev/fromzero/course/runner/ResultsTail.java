package dev.fromzero.course.runner;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Follows a results file while the runner writes it, telling {@link TestRun.Progress} of each
 * START and TEST line once the line is complete (the runner writes and flushes whole lines; a
 * line read half-written is read again whole on the next poll).
 */
public final class ResultsTail {

    private final Path file;
    private final TestRun.Progress progress;
    private long offset;

    public ResultsTail(Path file, TestRun.Progress progress) {
        this.file = file;
        this.progress = progress;
    }

    /** Reads what was written since the last poll. */
    public void poll() {
        if (progress == TestRun.Progress.NONE || !Files.exists(file)) {
            return;
        }
        byte[] fresh;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= offset) {
                return;
            }
            fresh = new byte[(int) (length - offset)];
            in.seek(offset);
            in.readFully(fresh);
        } catch (IOException e) {
            return; // read again at the next poll
        }
        int end = fresh.length;
        while (end > 0 && fresh[end - 1] != '\n') {
            end--;
        }
        offset += end;
        for (String line : new String(fresh, 0, end, StandardCharsets.UTF_8).split("\n")) {
            String[] f = ResultsFile.split(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
            switch (f[0]) {
                case "START" -> progress.started(ResultsFile.result(f));
                case "TEST" -> progress.finished(ResultsFile.result(f));
                default -> {
                }
            }
        }
    }
}
