package dev.fromzero.testkit.lin;

import static dev.fromzero.testkit.lin.Operation.cas;
import static dev.fromzero.testkit.lin.Operation.delete;
import static dev.fromzero.testkit.lin.Operation.get;
import static dev.fromzero.testkit.lin.Operation.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Hand-built histories whose verdict is known. Times are small integers; an operation is
 * {@code [call, return]}, and a null return means its outcome is unknown.
 */
class LinearizabilityTest {

    private static void assertLinearizable(String why, Operation... history) {
        Verdict verdict = Linearizability.check(List.of(history));
        assertThat(verdict).as("%s, but the checker said: %s", why, verdict.describe()).isInstanceOf(Verdict.Linearizable.class);
    }

    private static Verdict.NotLinearizable assertNotLinearizable(String why, Operation... history) {
        Verdict verdict = Linearizability.check(List.of(history));
        assertThat(verdict).as("%s, but the checker said: %s", why, verdict.describe()).isInstanceOf(Verdict.NotLinearizable.class);
        assertThat(verdict.ok()).as("a failed check is not ok").isFalse();
        return (Verdict.NotLinearizable) verdict;
    }

    @Test
    @DisplayName("one client's sequential puts, gets, deletes and cas are linearizable exactly when a map would answer the same")
    void sequentialHistories() {
        assertLinearizable("a get after a put returns what was put",
                put(1, "k", "a", 0, 10L), get(1, "k", "a", 20, 30L), cas(1, "k", "a", "b", true, 40, 50L),
                cas(1, "k", "a", "c", false, 60, 70L), get(1, "k", "b", 80, 90L), delete(1, "k", 100, 110L),
                get(1, "k", null, 120, 130L), cas(1, "k", null, "d", true, 140, 150L), get(1, "k", "d", 160, 170L));
        assertLinearizable("an empty history is linearizable");
        assertNotLinearizable("a get of a key never written must find it absent", get(1, "k", "a", 0, 10L));
        assertNotLinearizable("a cas whose expected value the key holds must swap",
                put(1, "k", "a", 0, 10L), cas(1, "k", "a", "b", false, 20, 30L));
        assertNotLinearizable("a cas whose expected value the key does not hold must not swap",
                put(1, "k", "a", 0, 10L), cas(1, "k", "x", "b", true, 20, 30L));
    }

    @Test
    @DisplayName("a stale read (a get that returns a value overwritten before it was called) is not linearizable")
    void staleRead() {
        Verdict.NotLinearizable failure = assertNotLinearizable("the get started after put(b) returned, so it must see b",
                put(1, "k", "a", 0, 10L), put(2, "k", "b", 20, 30L), get(3, "k", "a", 40, 50L));
        assertThat(failure.key()).isEqualTo("k");
        assertThat(failure.failsAt()).as("the history fails when the stale get returns").isEqualTo(50);
        assertLinearizable("the same get, concurrent with put(b), may see a",
                put(1, "k", "a", 0, 10L), put(2, "k", "b", 20, 45L), get(3, "k", "a", 40, 50L));
    }

    @Test
    @DisplayName("lost updates are not linearizable: an acknowledged put that a later get does not see, two cas that swap the same old value")
    void lostUpdates() {
        assertNotLinearizable("a put acknowledged before the get was called must be seen",
                put(1, "k", "a", 0, 10L), get(2, "k", null, 20, 30L));
        assertNotLinearizable("two cas from the same old value cannot both swap: one update is lost",
                put(1, "k", "0", 0, 10L), cas(2, "k", "0", "1", true, 20, 40L), cas(3, "k", "0", "2", true, 25, 45L));
        assertLinearizable("one of two racing cas swaps, the other fails",
                put(1, "k", "0", 0, 10L), cas(2, "k", "0", "1", true, 20, 40L), cas(3, "k", "0", "2", false, 25, 45L));
        assertLinearizable("or the second swaps what the first wrote",
                put(1, "k", "0", 0, 10L), cas(2, "k", "0", "1", true, 20, 40L), cas(3, "k", "1", "2", true, 25, 45L));
        assertNotLinearizable("two racing cas on an absent key cannot both fail: the first to take effect finds it absent",
                cas(2, "k", null, "1", false, 20, 40L), cas(3, "k", null, "2", false, 25, 45L));
    }

    @Test
    @DisplayName("concurrent operations may take effect in either order, but in one order for everybody")
    void concurrentOperationsEitherOrder() {
        assertLinearizable("a get concurrent with a put may see the value before it or after it",
                put(1, "k", "a", 0, 100L), get(2, "k", null, 10, 20L), get(2, "k", "a", 30, 40L));
        assertLinearizable("two concurrent puts: put(a) may take effect after put(b)",
                put(1, "k", "a", 0, 100L), put(2, "k", "b", 0, 100L), get(3, "k", "b", 10, 20L), get(3, "k", "a", 30, 40L));
        assertLinearizable("or before it",
                put(1, "k", "a", 0, 100L), put(2, "k", "b", 0, 100L), get(3, "k", "a", 10, 20L), get(3, "k", "b", 30, 40L));
        assertNotLinearizable("but once a get saw b after a, another cannot see a after that",
                put(1, "k", "a", 0, 100L), put(2, "k", "b", 0, 100L), get(3, "k", "a", 10, 20L), get(3, "k", "b", 30, 40L),
                get(4, "k", "a", 50, 60L));
        assertNotLinearizable("two readers cannot see the two puts in opposite orders",
                put(1, "k", "a", 0, 100L), put(2, "k", "b", 0, 100L),
                get(3, "k", "a", 10, 20L), get(3, "k", "b", 30, 40L), get(4, "k", "b", 10, 20L), get(4, "k", "a", 30, 40L));
        assertLinearizable("operations whose times touch count as concurrent",
                put(1, "k", "a", 0, 10L), get(2, "k", null, 10, 20L));
        assertNotLinearizable("but an operation called one tick after another returned comes after it",
                put(1, "k", "a", 0, 10L), get(2, "k", null, 11, 20L));
    }

    @Test
    @DisplayName("an operation with an unknown outcome may have taken effect at any time after its call, or never")
    void unknownOutcomes() {
        assertLinearizable("a put without an answer that took effect",
                put(1, "k", "a", 0, null), get(2, "k", "a", 10, 20L), get(2, "k", "a", 500, 510L));
        assertLinearizable("one that never did",
                put(1, "k", "a", 0, null), get(2, "k", null, 10, 20L), get(2, "k", null, 500, 510L));
        assertLinearizable("one that took effect long after its client gave up",
                put(1, "k", "a", 0, null), get(2, "k", null, 10, 20L), get(2, "k", "a", 500, 510L));
        assertNotLinearizable("but never before its call",
                get(2, "k", "a", 0, 10L), put(1, "k", "a", 20, null));
        assertNotLinearizable("and once seen it cannot be undone",
                put(1, "k", "a", 0, null), get(2, "k", "a", 10, 20L), get(2, "k", null, 30, 40L));
        assertLinearizable("a cas without an answer that swapped",
                put(1, "k", "a", 0, 10L), cas(1, "k", "a", "b", null, 20, null), get(2, "k", "b", 30, 40L));
        assertLinearizable("one that did not",
                put(1, "k", "a", 0, 10L), cas(1, "k", "a", "b", null, 20, null), get(2, "k", "a", 30, 40L));
        assertNotLinearizable("a cas without an answer swaps only from its expected value",
                put(1, "k", "x", 0, 10L), cas(1, "k", "a", "b", null, 20, null), get(2, "k", "b", 30, 40L));
        assertLinearizable("a delete without an answer, before or after a read",
                put(1, "k", "a", 0, 10L), delete(1, "k", 20, null), get(2, "k", "a", 30, 40L), get(2, "k", null, 50, 60L));
        assertLinearizable("a get without an answer tells nothing", put(1, "k", "a", 0, 10L), get(2, "k", null, 20, null));
    }

    @Test
    @DisplayName("a delete makes the key absent for every operation after it, and a cas can expect the absence")
    void deletes() {
        assertLinearizable("put, delete, then the key is absent and a cas from absent swaps",
                put(1, "k", "a", 0, 10L), delete(2, "k", 20, 30L), get(3, "k", null, 40, 50L),
                cas(3, "k", null, "b", true, 60, 70L), get(1, "k", "b", 80, 90L));
        assertNotLinearizable("a deleted value cannot come back",
                put(1, "k", "a", 0, 10L), delete(2, "k", 20, 30L), get(3, "k", "a", 40, 50L));
        assertNotLinearizable("a cas from absent fails only if the key is there",
                put(1, "k", "a", 0, 10L), delete(2, "k", 20, 30L), cas(3, "k", null, "b", false, 40, 50L));
        assertLinearizable("a get concurrent with a delete may see the value before it",
                put(1, "k", "a", 0, 10L), delete(2, "k", 20, 60L), get(3, "k", "a", 40, 50L));
        assertLinearizable("a delete that says whether the key existed is held to it",
                delete(1, "k", false, 0, 10), put(1, "k", "a", 20, 30L), delete(2, "k", true, 40, 50), delete(3, "k", false, 60, 70));
        assertNotLinearizable("a delete cannot find a key that was never written",
                delete(1, "k", true, 0, 10));
        assertNotLinearizable("nor miss one that is there",
                put(1, "k", "a", 0, 10L), delete(2, "k", false, 20, 30));
        assertLinearizable("two racing deletes: one found the key, the other did not",
                put(1, "k", "a", 0, 10L), delete(2, "k", true, 20, 40), delete(3, "k", false, 25, 45));
        assertNotLinearizable("they cannot both have found it",
                put(1, "k", "a", 0, 10L), delete(2, "k", true, 20, 40), delete(3, "k", true, 25, 45));
    }

    @Test
    @DisplayName("keys are checked on their own: a failure names its key, and a good key does not hide a bad one")
    void keysAreIndependent() {
        Verdict.NotLinearizable failure = assertNotLinearizable("k2's get is stale",
                put(1, "k1", "a", 0, 10L), get(2, "k1", "a", 20, 30L),
                put(1, "k2", "x", 0, 10L), put(2, "k2", "y", 20, 30L), get(3, "k2", "x", 40, 50L),
                get(3, "k3", null, 40, 50L));
        assertThat(failure.key()).isEqualTo("k2");
        assertThat(failure.keyOperations()).isEqualTo(3);
        assertLinearizable("a value is only seen on its own key",
                put(1, "k1", "a", 0, 10L), get(2, "k2", null, 20, 30L), get(2, "k1", "a", 20, 30L));
    }

    @Test
    @DisplayName("the witness is the few operations that cannot be ordered, from a long history, with their times")
    void witnessIsSmall() {
        List<Operation> history = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < 60; i++, t += 20) {
            history.add(put(i % 3, "k", "v" + i, t, t + 8L));
            history.add(get((i + 1) % 3, "k", "v" + i, t + 10, t + 18L));
        }
        history.add(put(1, "k", "late", t, t + 8L));
        history.add(get(2, "k", "v59", t + 10, t + 18L));
        for (int i = 0; i < 10; i++) {
            t += 20;
            history.add(put(0, "k", "after" + i, t, t + 8L));
        }
        Verdict verdict = Linearizability.check(history);
        assertThat(verdict).as(verdict.describe()).isInstanceOf(Verdict.NotLinearizable.class);
        Verdict.NotLinearizable failure = (Verdict.NotLinearizable) verdict;
        assertThat(failure.failsAt()).as("the first time the history cannot be explained: the stale get's return").isEqualTo(t - 200 + 18);
        assertThat(failure.witness())
                .as("the witness: the write of v59, the put of late that overwrote it, and the stale get; nothing else")
                .containsExactly(put(2, "k", "v59", t - 220, t - 212L), put(1, "k", "late", t - 200, t - 192L),
                        get(2, "k", "v59", t - 190, t - 182L));
        assertThat(failure.describe())
                .contains("key \"k\"", "132 operations", "3 operations alone cannot be ordered",
                        "put(k, \"late\")", "get(k) -> \"v59\"", "called t=" + (t - 190) + ", returned t=" + (t - 182));
    }

    @Test
    @DisplayName("a witness keeps every write whose value a kept operation read, and shows unknown outcomes as such")
    void witnessKeepsTheWritesItsReadsSaw() {
        Verdict.NotLinearizable failure = assertNotLinearizable("a get saw a's value come back after b",
                put(1, "k", "a", 0, 10L), put(2, "k", "b", 20, null), get(3, "k", "b", 30, 40L), get(3, "k", "a", 50, 60L));
        assertThat(failure.witness()).extracting(Operation::value).contains("a", "b");
        assertThat(failure.describe()).contains("-> ? (no answer)", "never returned");
    }

    @Test
    @DisplayName("a history too costly for the budget is reported so, and is not a pass")
    void tooCostlyIsNotAPass() {
        List<Operation> history = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            history.add(put(i, "k", "v" + i, 0, 100L));
        }
        history.add(get(20, "k", "v3", 110, 120L));
        Verdict verdict = Linearizability.check(history, 5);
        assertThat(verdict).isInstanceOf(Verdict.TooCostly.class);
        assertThat(verdict.ok()).as("too costly is not linearizable").isFalse();
        assertThat(verdict.describe()).contains("too costly", "key \"k\"", "not a pass");
        assertThat(Linearizability.check(history)).as("with the default budget it is decided").isInstanceOf(Verdict.Linearizable.class);
    }

    @Test
    @DisplayName("assertLinearizable passes a good history, and fails a bad one with the scenario, the seed and the witness")
    void assertLinearizableReports() {
        Linearizability.assertLinearizable("SomeTest#good", 7, List.of(put(1, "k", "a", 0, 10L), get(2, "k", "a", 20, 30L)));
        assertThatThrownBy(() -> Linearizability.assertLinearizable("SomeTest#stale", 7,
                List.of(put(1, "k", "a", 0, 10L), put(1, "k", "b", 20, 30L), get(2, "k", "a", 40, 50L))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("SomeTest#stale with seed 7")
                .hasMessageContaining("cannot be ordered")
                .hasMessageContaining("get(k) -> \"a\"");
    }

    @Test
    @DisplayName("malformed operations are refused with what is wrong")
    void malformedOperations() {
        assertThatThrownBy(() -> put(1, "k", "a", 10, 5L)).hasMessageContaining("before its call");
        assertThatThrownBy(() -> put(1, "k", null, 0, 5L)).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> new Operation(1, Op.GET, "k", null, null, Boolean.TRUE, 0, 5L)).hasMessageContaining("string or null");
        assertThatThrownBy(() -> new Operation(1, Op.CAS, "k", "b", "a", null, 0, 5L)).hasMessageContaining("true or false");
        assertThatThrownBy(() -> new Operation(1, Op.PUT, "k", "b", "a", null, 0, 5L)).hasMessageContaining("only cas");
        assertThatThrownBy(() -> get(1, "k", "a", 0, null)).hasMessageContaining("unknown outcome");
    }
}
