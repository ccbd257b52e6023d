package dev.fromzero.course.verify;

import dev.fromzero.course.CourseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
 * --- find
 * exact lines of the snapshot
 * --- replace
 * the wrong lines
 * </pre>
 *
 * A mutant ends at the next {@code ===} line or at the end of the file. Trailing blank lines of
 * the find and replace texts are dropped, so blocks may be separated by blank lines. Errors are
 * {@code path:line: message}.
 */
public final class MutantFile {

    private static final Pattern HEADER = Pattern.compile("===\\s*([^:]*?)\\s*:\\s*(.*?)\\s*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private enum Section { HEAD, FIND, REPLACE }

    private final String shownPath;
    private final List<Mutant> mutants = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private String name;
    private String description;
    private String file;
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
        } else if (line.equals("--- find")) {
            if (file == null || file.isEmpty()) {
                throw error(number, "mutant " + name + " needs a 'file: <path under solutions/src/main/java>' line before '--- find'");
            }
            section = Section.FIND;
        } else {
            throw error(number, "expected 'file: <path>' or '--- find' in mutant " + name + ", found: " + line);
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
        mutants.add(new Mutant(name, description, file, findText, text(replace), shownPath + ":" + headerLine));
        name = null;
        description = null;
        file = null;
        section = null;
        find.clear();
        replace.clear();
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
