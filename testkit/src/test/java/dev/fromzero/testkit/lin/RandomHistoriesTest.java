package dev.fromzero.testkit.lin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Histories made by running a map one operation at a time with random overlaps
 * ({@link RandomHistories}) must check linearizable; the same histories with one read made
 * stale, or made to see the future, must not.
 */
@Seeded
class RandomHistoriesTest {

    @Test
    @DisplayName("every history made by a sequential map with random overlaps and unknown outcomes is linearizable")
    void generatedHistoriesAreLinearizable(Seed seed) {
        seed.theory(300)
                .forAll(longs().all(), integers().between(1, 6), integers().between(1, 3), integers().between(1, 120))
                .checkAssert((s, clients, keys, count) -> {
                    List<Operation> history = RandomHistories.linearizable(new Random(s), clients, keys, count, 0.1);
                    Verdict verdict = Linearizability.check(history);
                    assertThat(verdict).as("a history made by a map must check linearizable: %s%n%s", verdict.describe(),
                            String.join("\n", history.stream().map(HistoryJson::line).toList()))
                            .isInstanceOf(Verdict.Linearizable.class);
                });
    }

    @Test
    @DisplayName("the same histories with one read made stale, or made to read a value written only later, are not")
    void mutatedHistoriesAreNot(Seed seed) {
        seed.theory(300)
                .forAll(longs().all(), integers().between(1, 6), integers().between(1, 3), integers().between(4, 120))
                .checkAssert((s, clients, keys, count) -> {
                    Random random = new Random(s);
                    List<Operation> history = RandomHistories.linearizable(random, clients, keys, count, 0.1);
                    for (Optional<List<Operation>> mutated : List.of(RandomHistories.withStaleRead(history, random),
                            RandomHistories.withFutureRead(history, random))) {
                        mutated.ifPresent(bad -> {
                            Verdict verdict = Linearizability.check(bad);
                            assertThat(verdict).as("a read of a value overwritten before it was called, or written only "
                                    + "after it returned, must fail the check: %s", verdict.describe())
                                    .isInstanceOf(Verdict.NotLinearizable.class);
                            assertThat(((Verdict.NotLinearizable) verdict).witness()).as("a witness is never empty").isNotEmpty();
                        });
                    }
                });
    }

    @Test
    @DisplayName("a large history (4,000 operations, 10 clients, 4 keys) checks linearizable within the budget")
    void largeHistory(Seed seed) {
        List<Operation> history = RandomHistories.linearizable(seed.random(), 10, 4, 4_000, 0.05);
        Verdict verdict = Linearizability.check(history);
        assertThat(verdict).as("a large history of a map: %s", verdict.describe()).isInstanceOf(Verdict.Linearizable.class);
    }

    @Test
    @DisplayName("one stale read, or one read from the future, among 2,000 operations of 4 clients is found")
    void largeMutatedHistory(Seed seed) {
        // A failing history is searched to exhaustion up to its failure, so it costs more than a passing one.
        Random random = seed.random();
        List<Operation> history = RandomHistories.linearizable(random, 4, 4, 2_000, 0.05);
        List<Operation> stale = RandomHistories.withStaleRead(history, random).orElseThrow();
        assertThat(Linearizability.check(stale)).as("one stale read among 2,000 operations must be found")
                .isInstanceOf(Verdict.NotLinearizable.class);
        List<Operation> future = RandomHistories.withFutureRead(history, random).orElseThrow();
        assertThat(Linearizability.check(future)).as("one read from the future among 2,000 operations must be found")
                .isInstanceOf(Verdict.NotLinearizable.class);
    }
}
