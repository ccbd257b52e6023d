package dev.fromzero.kv.merge;

import dev.fromzero.kv.FaultPoint;
import dev.fromzero.kv.KvStore;
import java.nio.file.Path;

/**
 * The child JVM of {@link CrashWithWritesTest}: {@code DIR SCENARIO POINT HIT} builds
 * {@link MergeFixtures#scenario scenario} SCENARIO in DIR, prints {@code built}, then merges with a Faults hook that,
 * at every point the merge passes, has another thread make {@link CrashWithWritesTest#writeGroup write group} n
 * (n = 0, 1, ...) and prints {@code wrote n} once it returned; at hit HIT of POINT it then halts the JVM
 * ({@code Runtime.halt}, as abrupt as {@code kill -9}) with exit code {@value MergeProcess#HALTED}. The parent
 * rebuilds the expected state from the lines it printed.
 */
public final class MergeWritesProcess {

    private MergeWritesProcess() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        FaultPoint point = FaultPoint.valueOf(args[2]);
        int hit = Integer.parseInt(args[3]);
        boolean[] armed = {false};
        int[] seen = {0};
        int[] groups = {0};
        KvStore[] store = new KvStore[1];
        store[0] = MergeFixtures.open(dir, reached -> {
            if (!armed[0]) {
                return;
            }
            int n = groups[0]++;
            Thread writer = new Thread(() -> CrashWithWritesTest.writeGroup(new MergeFixtures.Both(store[0],
                    MergeFixtures.model()), n));
            writer.start();
            try {
                writer.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            System.out.println("wrote " + n);
            if (reached == point && ++seen[0] == hit) {
                System.out.flush();
                Runtime.getRuntime().halt(MergeProcess.HALTED);
            }
        });
        MergeFixtures.scenario(args[1], new MergeFixtures.Both(store[0], MergeFixtures.model()));
        System.out.println("built");
        System.out.flush();
        armed[0] = true;
        store[0].merge();
        System.out.println("merged");
        store[0].close();
        System.out.flush();
    }
}
