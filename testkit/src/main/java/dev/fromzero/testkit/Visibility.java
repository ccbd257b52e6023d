package dev.fromzero.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * When a student sees a test's result on Gradescope: on a test method, or on a test class for
 * all of its tests. Without it, the chapters' own tests are {@code visible} and hidden tests
 * (given to {@code ./course grade --hidden-tests}) are {@code after_published}. The values are
 * Gradescope's: {@code visible}, {@code hidden}, {@code after_due_date}, {@code after_published}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Visibility {
    String VISIBLE = "visible";
    String HIDDEN = "hidden";
    String AFTER_DUE_DATE = "after_due_date";
    String AFTER_PUBLISHED = "after_published";

    /** One of {@link #VISIBLE}, {@link #HIDDEN}, {@link #AFTER_DUE_DATE}, {@link #AFTER_PUBLISHED}. */
    String value();
}
