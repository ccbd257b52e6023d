package dev.fromzero.testkit.sql.slt;

/** A sqllogictest file that cannot be read: the message starts with {@code file:line:}. */
public final class SltSyntaxException extends RuntimeException {

    public SltSyntaxException(String file, int line, String message) {
        super(file + ":" + line + ": " + message);
    }
}
