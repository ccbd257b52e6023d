package dev.fromzero.course.generate;

import dev.fromzero.course.generate.SourceFile.Node;
import dev.fromzero.course.generate.SourceFile.Region;
import dev.fromzero.course.generate.SourceFile.Text;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code //@} markers of one reference file (the syntax is documented in
 * docs/instructors.md). A marker is a line comment alone on its line:
 *
 * <pre>
 * //@ chapter N            the file exists from chapter N on (once, before the package line)
 * //@ since N   ... //@ end   a region present from chapter N on
 * //@ todo N: what ... //@ end   chapter N's TODO: a stub in chapter N's starter
 * </pre>
 *
 * <p>Every line starting with {@code //@} is a marker, so that a misspelt one is an error rather
 * than a comment that silently leaks into the starters. All problems of a file are collected,
 * not just the first, so one run shows everything to fix.
 */
final class MarkerParser {

    private static final Pattern MARKER = Pattern.compile("^(\\s*)//@(.*)$");
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s.*");
    private static final Pattern CHAPTER = Pattern.compile("chapter(?:\\s+(.*))?");
    private static final Pattern SINCE = Pattern.compile("since(?:\\s+(.*))?");
    private static final Pattern TODO = Pattern.compile("todo(?:\\s+([^:\\s]*))?\\s*(:.*)?");
    private static final Pattern NUMBER = Pattern.compile("[1-9]\\d{0,2}");

    private final String path;
    private final List<Problem> problems;
    private final List<Node> top = new ArrayList<>();
    private final Deque<Open> open = new ArrayDeque<>();
    private int chapter = -1;
    private int chapterLine;
    private boolean packageSeen;

    /** A region whose {@code //@ end} has not been read yet. */
    private record Open(int chapter, String todo, String indent, int line, List<Node> body) {
    }

    private MarkerParser(String path, List<Problem> problems) {
        this.path = path;
        this.problems = problems;
    }

    /** Parses {@code content}; adds any problems to {@code problems} and returns null if there were. */
    static SourceFile parse(String path, String content, List<Problem> problems) {
        List<Problem> mine = new ArrayList<>();
        SourceFile file = new MarkerParser(path, mine).parse(content);
        problems.addAll(mine);
        return mine.isEmpty() ? file : null;
    }

    private SourceFile parse(String content) {
        boolean endsWithNewline = content.endsWith("\n");
        String[] lines = content.split("\n", -1);
        int count = endsWithNewline ? lines.length - 1 : lines.length;
        for (int i = 0; i < count; i++) {
            String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            Matcher m = MARKER.matcher(line);
            if (m.matches()) {
                marker(m.group(1), m.group(2).trim(), i + 1);
            } else {
                packageSeen |= PACKAGE.matcher(line).matches();
                body().add(new Text(line));
            }
        }
        for (Open region : open) {
            error(region.line(), "unclosed " + describe(region) + ": add //@ end where the region stops");
        }
        if (chapter < 0) {
            error(1, "no //@ chapter marker: add one before the package line, e.g. //@ chapter 1");
        }
        if (problems.isEmpty()) {
            checkChapters(top, chapter, "the file's //@ chapter " + chapter);
        }
        return new SourceFile(path, chapter, List.copyOf(top), endsWithNewline);
    }

    private void marker(String indent, String text, int line) {
        Matcher m;
        if ((m = CHAPTER.matcher(text)).matches()) {
            chapterMarker(m.group(1), line);
        } else if ((m = SINCE.matcher(text)).matches()) {
            int n = number(m.group(1), "since", line);
            open.push(new Open(n, null, indent, line, new ArrayList<>()));
        } else if ((m = TODO.matcher(text)).matches()) {
            int n = number(m.group(1), "todo", line);
            String message = m.group(2) == null ? "" : m.group(2).substring(1).trim();
            if (message.isEmpty()) {
                error(line, "//@ todo needs a message: write //@ todo N: <what to build, in one line>");
            }
            open.push(new Open(n, message, indent, line, new ArrayList<>()));
        } else if (text.equals("end")) {
            if (open.isEmpty()) {
                error(line, "stray //@ end: no //@ since or //@ todo region is open here");
                return;
            }
            Open region = open.pop();
            body().add(new Region(region.chapter(), region.todo(), region.indent(), region.line(), List.copyOf(region.body())));
        } else {
            error(line, "unknown marker '//@ " + text + "': expected //@ chapter N, //@ since N, //@ todo N: <message> or //@ end");
        }
    }

    private void chapterMarker(String arg, int line) {
        int n = number(arg, "chapter", line);
        if (chapter >= 0) {
            error(line, "second //@ chapter marker (the first is on line " + chapterLine + "): keep exactly one");
        } else if (packageSeen || !open.isEmpty()) {
            error(line, "//@ chapter must come before the package line, outside any region");
        }
        if (chapter < 0) {
            chapter = n;
            chapterLine = line;
        }
    }

    private int number(String arg, String marker, int line) {
        if (arg == null || arg.isBlank()) {
            error(line, "//@ " + marker + " needs a chapter number, e.g. //@ " + marker + " 2");
            return 0;
        }
        if (!NUMBER.matcher(arg.trim()).matches()) {
            error(line, "'" + arg.trim() + "' is not a chapter number: write //@ " + marker + " N with N = 1, 2, ...");
            return 0;
        }
        return Integer.parseInt(arg.trim());
    }

    /** A region may not be older than what encloses it: its code would appear before its context. */
    private void checkChapters(List<Node> nodes, int enclosing, String enclosingName) {
        for (Node node : nodes) {
            if (node instanceof Region r) {
                if (r.chapter() < enclosing) {
                    error(r.line(), r.describe() + " is inside " + enclosingName
                            + ": a region cannot start before what encloses it; use chapter " + enclosing + " or later");
                }
                checkChapters(r.body(), r.chapter(), r.describe() + " (line " + r.line() + ")");
            }
        }
    }

    private List<Node> body() {
        return open.isEmpty() ? top : open.peek().body();
    }

    private static String describe(Open region) {
        return (region.todo() != null ? "//@ todo " : "//@ since ") + region.chapter();
    }

    private void error(int line, String message) {
        problems.add(new Problem(path, line, message));
    }
}
