package dev.fromzero.testkit.powercut;

import java.nio.file.Path;

/** The words for code that reaches a file without going through the power-cut file system. */
final class Bypass {

    static final String ADVICE = "open files only through the Path you were given (FileChannel.open(path, ...), "
            + "Files.*(path), Files.newDirectoryStream, Files.move), never through path.toFile(), "
            + "RandomAccessFile, new File(path.toString()) or Path.of(path.toString())";

    private Bypass() {
    }

    static String message(Path file, String what) {
        return file + " was changed behind the power-cut file system's back (" + what + "): a test that cuts "
                + "the power can only tell what reached the disk if the code under test " + ADVICE;
    }

    static UnsupportedOperationException refused(String call, Path path) {
        return new UnsupportedOperationException(call + " is not available on " + path + ": this test runs the code "
                + "on a simulated disk that can lose power, and a java.io.File would reach the real disk behind its "
                + "back; " + ADVICE);
    }
}
