package dev.fromzero.course;

/**
 * A problem the user can fix: a bad marker, a missing chapter, a file that cannot be written.
 * The command line prints its message (which says what, where and what to do) without a stack
 * trace and exits with status 1.
 */
public class CourseException extends RuntimeException {

    public CourseException(String message) {
        super(message);
    }

    public CourseException(String message, Throwable cause) {
        super(message, cause);
    }
}
