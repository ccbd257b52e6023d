package dev.fromzero.course.verify;

import dev.fromzero.course.CourseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a chapter's mutants file, {@code solutions/mutants/chapterNN.txt}:
 *
 * <pre>
 * # a comment (only outside find and replace text)
 * === name: what is subtly wrong
 * file: dev/fromzero/kv/log/RecordCodec.java
 * killed-by: RecordsTest#bitFlipsNeverDecode     (optional; verify writes it)
 * --- find
 * exact lines of the snapshot
 * --- replace
 * the wrong lines
 * </pre>
 *
 * A mutant ends at the next {@code ===} line or at the end of the file. Trailing blank lines of
 * the find and replace texts are dropped, so blocks may be separated by blank lines. Errors are
 * {@code path:line: message}.
 *
 * <p>The {@code killed-by:} line records the test that killed the mutant the last time verify ran
 * it. Verify runs that test first, and keeps the line up to date with {@link #withKillers}, which
 * changes nothing else in the file.
 */
public final class MutantFile {

    private static final Pattern HEADER = Pattern.compile("===\\s*([^:]*?)\\s*:\\s*(.*?)\\s*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final String KILLED_BY = "killed-by:";
    /** {@code Class#method}, as {@link dev.fromzero.course.runner.TestResult#key()} names a test. */
    private static final Pattern TEST_KEY = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*#[\\p{L}_$][\\p{L}\\p{N}_$]*");

    private enum Section { HEAD, FIND, REPLACE }

    private final String shownPath;
    private final List<Mutant> mutants = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private String name;
    private String description;
    private String file;
    private String killedBy;
    private int headerLine;
    private Section section;
    private final List<String> find = new ArrayList<>();
    private final List<String> replace = new ArrayList<>();

    private MutantFile(String shownPath) {
        this.shownPath = shownPath;
    }

    public static List<Mutant> parse(String shownPath, String content) {
        MutantFile parser = new MutantFile(shownPath);
        String[] lines = content.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            parser.line(lines[i], i + 1);
        }
        parser.finish(lines.length);
        return List.copyOf(parser.mutants);
    }

    private void line(String line, int number) {
        if (line.startsWith("===")) {
            finish(number);
            Matcher m = HEADER.matcher(line);
            if (!m.matches() || m.group(1).isEmpty() || m.group(2).isEmpty()) {
                throw error(number, "a mutant starts with '=== <name>: <what is subtly wrong>'");
            }
            if (!NAME.matcher(m.group(1)).matches()) {
                throw error(number, "mutant name '" + m.group(1) + "' may hold only letters, digits, '.', '_' and '-'");
            }
            if (!names.add(m.group(1))) {
                throw error(number, "a second mutant named " + m.group(1) + ": names must be unique");
            }
            name = m.group(1);
            description = m.group(2);
            headerLine = number;
            section = Section.HEAD;
        } else if (section == null || section == Section.HEAD) {
            headLine(line.strip(), number);
        } else if (section == Section.FIND && line.equals("--- replace")) {
            section = Section.REPLACE;
        } else {
            (section == Section.FIND ? find : replace).add(line);
        }
    }

    private void headLine(String line, int number) {
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        if (section == null) {
            throw error(number, "expected a comment or '=== <name>: <what is wrong>', found: " + line);
        }
        if (line.startsWith("file:")) {
            file = line.substring("file:".length()).strip();
        } else if (line.startsWith(KILLED_BY)) {
            if (killedBy != null) {
                throw error(number, "mutant " + name + " has a second '" + KILLED_BY + "' line");
            }
            killedBy = line.substring(KILLED_BY.length()).strip();
            if (!TEST_KEY.matcher(killedBy).matches()) {
                throw error(number, "'" + KILLED_BY + " " + killedBy + "' in mutant " + name
                        + " is not a test; write 'killed-by: Class#method', or delete the line (verify writes it)");
            }
        } else if (line.equals("--- find")) {
            if (file == null || file.isEmpty()) {
                throw error(number, "mutant " + name + " needs a 'file: <path under solutions/src/main/java>' line before '--- find'");
            }
            section = Section.FIND;
        } else {
            throw error(number, "expected 'file: <path>', 'killed-by: Class#method' or '--- find' in mutant " + name
                    + ", found: " + line);
        }
    }

    private void finish(int number) {
        if (section == null) {
            return;
        }
        if (section != Section.REPLACE) {
            throw error(number, "mutant " + name + " (line " + headerLine + ") needs '--- find' and '--- replace' sections");
        }
        String findText = text(find);
        if (findText.isBlank()) {
            throw error(headerLine, "mutant " + name + " has an empty find text");
        }
        mutants.add(new Mutant(name, description, file, findText, text(replace), shownPath + ":" + headerLine,
                killedBy));
        name = null;
        description = null;
        file = null;
        killedBy = null;
        section = null;
        find.clear();
        replace.clear();
    }

    /**
     * The mutants file {@code content} with the {@code killed-by:} line of each mutant named in
     * {@code killers} saying that mutant's killer: an existing line is rewritten in place (its
     * indentation kept), a missing one is added after the mutant's {@code file:} line. Every
     * other byte of the file stays as it is, line endings included. {@code content} must parse.
     */
    public static String withKillers(String content, Map<String, String> killers) {
        Set<String> recorded = new HashSet<>();
        parse("", content).stream().filter(m -> m.killedBy() != null).forEach(m -> recorded.add(m.name()));
        StringBuilder out = new StringBuilder(content.length() + 64 * killers.size());
        String pending = null; // the mutant whose head this is, while its killer is still to be written
        for (String line : content.split("(?<=\n)", -1)) {
            String bare = line.strip();
            if (line.startsWith("===")) {
                Matcher m = HEADER.matcher(bare);
                pending = m.matches() && killers.containsKey(m.group(1)) ? m.group(1) : null;
            } else if (pending != null && bare.startsWith(KILLED_BY)) {
                out.append(line, 0, line.indexOf(KILLED_BY)).append(KILLED_BY).append(' ').append(killers.get(pending))
                        .append(ending(line));
                pending = null;
                continue;
            } else if (bare.equals("--- find")) {
                pending = null;
            }
            out.append(line);
            if (pending != null && !recorded.contains(pending) && bare.startsWith("file:")) {
                out.append(line, 0, line.indexOf("file:")).append(KILLED_BY).append(' ').append(killers.get(pending))
                        .append(ending(line));
                pending = null;
            }
        }
        return out.toString();
    }

    private static String ending(String line) {
        return line.endsWith("\r\n") ? "\r\n" : line.endsWith("\n") ? "\n" : "";
    }

    private static String text(List<String> lines) {
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) {
            end--;
        }
        return String.join("\n", lines.subList(0, end));
    }

    private CourseException error(int line, String message) {
        return new CourseException(shownPath + ":" + line + ": " + message);
    }
}
