package dev.fromzero.testkit;

import java.util.Random;
import org.quicktheories.QuickTheory;

/**
 * The seed of one randomized test. Every source of randomness a test uses is derived from
 * {@link #value()}, so the same seed replays the same test exactly.
 */
public record Seed(long value) {

    /** A fresh generator, seeded: call it once per test and use it for everything. */
    public Random random() {
        return new Random(value);
    }

    /**
     * A QuickTheories entry point with this seed and the given number of examples. QuickTheories
     * shrinks a failing example to a small one and reports it together with the seed.
     */
    public QuickTheory theory(int examples) {
        return QuickTheory.qt()
                .withFixedSeed(value)
                .withExamples(examples)
                // A time limit would make the number of examples depend on the machine.
                .withUnlimitedTestingTime();
    }
}
