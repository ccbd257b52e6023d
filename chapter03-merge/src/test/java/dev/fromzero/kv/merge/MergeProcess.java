package dev.fromzero.kv.merge;

import dev.fromzero.kv.FaultPoint;
import dev.fromzero.kv.KvStore;
import java.nio.file.Path;

/**
 * The child JVM of the crash tests: {@code crash DIR SCENARIO POINT HIT} builds
 * {@link MergeFixtures#scenario scenario} SCENARIO in DIR, prints {@code built}, then merges with a Faults hook
 * that halts the JVM ({@code Runtime.halt}, as abrupt as {@code kill -9}: no close, no shutdown hooks) at hit HIT
 * of POINT, with exit code {@value #HALTED}. If the merge finishes without reaching that hit, it prints
 * {@code merged} and exits normally.
 */
public final class MergeProcess {

    static final int HALTED = 77;

    private MergeProcess() {
    }

    public static void main(String[] args) {
        if (!args[0].equals("crash")) {
            throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        Path dir = Path.of(args[1]);
        FaultPoint point = FaultPoint.valueOf(args[3]);
        int hit = Integer.parseInt(args[4]);
        boolean[] armed = {false};
        int[] seen = {0};
        KvStore store = MergeFixtures.open(dir, reached -> {
            if (armed[0] && reached == point && ++seen[0] == hit) {
                System.out.flush();
                Runtime.getRuntime().halt(HALTED);
            }
        });
        MergeFixtures.scenario(args[2], new MergeFixtures.Both(store, MergeFixtures.model()));
        System.out.println("built");
        System.out.flush();
        armed[0] = true;
        store.merge();
        System.out.println("merged");
        store.close();
        System.out.flush();
    }
}
