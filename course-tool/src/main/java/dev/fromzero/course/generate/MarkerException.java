package dev.fromzero.course.generate;

import dev.fromzero.course.CourseException;
import java.util.List;
import java.util.stream.Collectors;

/** The reference sources have marker errors; nothing was generated. */
public final class MarkerException extends CourseException {

    private final List<Problem> problems;

    public MarkerException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n"))
                + "\n" + problems.size() + " marker error(s) in solutions/: nothing was generated;"
                + " fix them (see docs/instructors.md, \"Markers\") and run again");
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
