package dev.fromzero.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The points a test is worth when it passes. A test without this annotation is worth
 * {@value #DEFAULT} point. Points sit next to the test so that a step's value is declared where
 * its tests are; the course tool and the grader read them from here and nowhere else.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Points {
    int DEFAULT = 1;

    int value();
}
