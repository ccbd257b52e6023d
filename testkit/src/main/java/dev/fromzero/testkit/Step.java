package dev.fromzero.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class as one step of a chapter. Every test class of a chapter suite carries it:
 * the course tool groups results by step, prints the guide section to read when a step fails,
 * and the grader sums points per step.
 *
 * <pre>{@code
 * @Step(chapter = 1, number = 2, title = "The data file", guide = "docs/chapter01-log.md#step-2-the-data-file")
 * class DataFileTest { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Step {
    /** The chapter this step belongs to, e.g. {@code 1} for chapter01-log. */
    int chapter();

    /** The step's number within its chapter, in the order of the guide, from 1. */
    int number();

    /** A short title, as the guide's heading says it. */
    String title();

    /** The guide section a learner should read when this step fails, as a repository-relative link. */
    String guide();

    /**
     * A bonus step: beyond what the chapter requires (chapter 5's subqueries, compound queries,
     * join ordering, SQLite's corpus). Its points are extra credit, reported apart from the
     * required ones, and the guide marks its heading {@code (bonus)}.
     */
    boolean bonus() default false;
}
