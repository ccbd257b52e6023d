package dev.fromzero.course.runner;

import dev.fromzero.testkit.Step;
import java.util.Comparator;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * Runs test classes in the order of their steps, as the guide teaches them. A learner's output
 * then follows the guide, and a fail-fast run (verify's mutants) stops at the earliest step that
 * catches a bug, whose tests are usually the quickest.
 */
public final class StepOrder implements ClassOrderer {

    @Override
    public void orderClasses(ClassOrdererContext context) {
        context.getClassDescriptors().sort(Comparator.comparingInt(d -> number(d.getTestClass())));
    }

    private static int number(Class<?> testClass) {
        Step step = testClass.getAnnotation(Step.class);
        return step == null ? Integer.MAX_VALUE : step.number();
    }
}
