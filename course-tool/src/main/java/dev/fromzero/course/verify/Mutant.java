package dev.fromzero.course.verify;

import dev.fromzero.course.CourseException;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A deliberately wrong variant of a solution snapshot: in {@code file}, the text {@code find}
 * (which must occur exactly once) becomes {@code replace}. A chapter's suite must reject it.
 * {@code where} is the mutants file and line, for messages. {@code killedBy} is the test that
 * killed it the last time verify ran ({@code Class#method}), which verify runs first; null when
 * none is recorded.
 */
public record Mutant(String name, String description, String file, String find, String replace, String where,
                     String killedBy) {

    /** The snapshot with this mutation applied; an error naming the mutant if it does not apply. */
    public SortedMap<String, String> applyTo(SortedMap<String, String> snapshot) {
        String content = snapshot.get(file);
        if (content == null) {
            throw new CourseException(where + ": mutant " + name + ": there is no file " + file
                    + " in the solution snapshot; give its path under solutions/src/main/java");
        }
        int at = content.indexOf(find);
        if (at < 0) {
            throw new CourseException(where + ": mutant " + name + ": the find text does not occur in " + file
                    + "; copy it exactly (indentation included) from the snapshot (./course generate --snapshot N --out DIR)");
        }
        if (content.indexOf(find, at + 1) >= 0) {
            throw new CourseException(where + ": mutant " + name + ": the find text occurs more than once in " + file
                    + "; add lines around it until it is unique");
        }
        SortedMap<String, String> mutated = new TreeMap<>(snapshot);
        mutated.put(file, content.substring(0, at) + replace + content.substring(at + find.length()));
        return mutated;
    }
}
