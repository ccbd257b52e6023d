package dev.fromzero.course.generate;

/** Something wrong at a line of a reference file, printed as {@code path:line: message}. */
public record Problem(String path, int line, String message) {

    @Override
    public String toString() {
        return path + ":" + line + ": " + message;
    }
}
