package dev.fromzero.course.generate;

import java.util.List;

/**
 * One reference file, parsed: the chapter it first appears in and its lines, some of them inside
 * marked regions. {@link MarkerParser} builds it; {@link Generator} renders it for a chapter.
 */
record SourceFile(String path, int chapter, List<Node> body, boolean endsWithNewline) {

    /** A line copied verbatim, or a region kept, dropped or stubbed depending on the chapter. */
    sealed interface Node permits Text, Region {
    }

    record Text(String line) implements Node {
    }

    /**
     * A {@code //@ since} or {@code //@ todo} region. {@code todo} is the one-line message of a
     * TODO region (null for {@code since}); {@code indent} is the marker line's indentation, which
     * the stub of a TODO takes.
     */
    record Region(int chapter, String todo, String indent, int line, List<Node> body) implements Node {

        boolean isTodo() {
            return todo != null;
        }

        String describe() {
            return (isTodo() ? "//@ todo " : "//@ since ") + chapter;
        }
    }
}
