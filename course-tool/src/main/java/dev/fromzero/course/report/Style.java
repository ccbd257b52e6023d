package dev.fromzero.course.report;

/**
 * Colours for a learner's terminal: green for what passes, red for what fails, yellow for what is
 * still to do (a TODO stub, a skipped test), dim for secondary text, bold for headers. Plain text
 * otherwise, so that piped output, logs and CI never see escape codes.
 *
 * <p>{@code auto} colours when stdout is a terminal and the {@code NO_COLOR} environment variable
 * is unset or empty (<a href="https://no-color.org">no-color.org</a>). Java 17 knows only
 * {@code System.console() != null}, which is false when stdin <em>or</em> stdout is redirected:
 * {@code ./course test 1 < /dev/null} is plain even on a terminal; {@code --color=always} forces it.
 */
public final class Style {

    /** How {@code --color} chooses. */
    public enum When { AUTO, ALWAYS, NEVER }

    public static final Style PLAIN = new Style(false);
    public static final Style ANSI = new Style(true);

    private final boolean on;

    private Style(boolean on) {
        this.on = on;
    }

    /** The style for this process: {@code when}, the terminal and {@code NO_COLOR}. */
    public static Style forTerminal(When when) {
        return coloured(when, System.console() != null, System.getenv("NO_COLOR")) ? ANSI : PLAIN;
    }

    static boolean coloured(When when, boolean terminal, String noColor) {
        return switch (when) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> terminal && (noColor == null || noColor.isEmpty());
        };
    }

    public String green(String s) {
        return wrap("32", s);
    }

    public String red(String s) {
        return wrap("31", s);
    }

    public String yellow(String s) {
        return wrap("33", s);
    }

    public String dim(String s) {
        return wrap("2", s);
    }

    public String bold(String s) {
        return wrap("1", s);
    }

    private String wrap(String code, String s) {
        return on && !s.isEmpty() ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
