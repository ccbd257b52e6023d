package dev.fromzero.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Seeded
class SeedExtensionTest {

    @Test
    @DisplayName("every test of a run gets the run's seed, and the same seed gives the same numbers")
    void seedsAreStableWithinARun(Seed seed) {
        assertThat(seed.value()).isEqualTo(SeedExtension.runSeed());
        assertThat(seed.random().nextLong()).isEqualTo(new Seed(seed.value()).random().nextLong());
    }

    @Test
    @DisplayName("a QuickTheories run with a fixed seed generates the same examples every time")
    void theoriesAreDeterministic(Seed seed) {
        StringBuilder first = new StringBuilder();
        StringBuilder second = new StringBuilder();
        seed.theory(20).forAll(org.quicktheories.generators.SourceDSL.integers().all()).checkAssert(i -> first.append(i).append(','));
        seed.theory(20).forAll(org.quicktheories.generators.SourceDSL.integers().all()).checkAssert(i -> second.append(i).append(','));
        assertThat(first.toString()).isEqualTo(second.toString()).isNotEmpty();
    }
}
