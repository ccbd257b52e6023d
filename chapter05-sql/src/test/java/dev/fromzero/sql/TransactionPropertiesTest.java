package dev.fromzero.sql;

import static dev.fromzero.sql.Transacting.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.fromzero.sql.types.Value;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import dev.fromzero.testkit.Step;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

/**
 * Random interleavings of the statements of three sessions on one small table, checked statement by statement
 * against a model of snapshot isolation: each transaction reads the table as the commits before its BEGIN left it,
 * plus its own writes, and its COMMIT fails if a transaction that committed after its BEGIN wrote one of its keys.
 */
@Seeded
@Step(chapter = 5, number = 11, title = "Transactions", guide = "docs/chapter05-sql.md#step-11-transactions")
@Hint("The model is the definition of snapshot isolation. When a read differs, ask which versions of that key the "
        + "store holds, which transactions were running when the reader began, and which of those versions the "
        + "visibility rule lets through; when a commit differs, which version the conflict check looked at.")
class TransactionPropertiesTest {

    private static final int SESSIONS = 3;
    private static final int KEYS = 4;

    private enum Kind { BEGIN, READ, SCAN, PUT, DELETE, COMMIT, ROLLBACK, VACUUM }

    /** One step of a history: what {@code session} does, on {@code key} with {@code value} where that matters. */
    private record Op(int session, Kind kind, int key, int value) {
        @Override
        public String toString() {
            return "s" + session + " " + kind + (kind == Kind.PUT || kind == Kind.DELETE || kind == Kind.READ ? " " + key : "")
                    + (kind == Kind.PUT ? "=" + value : "");
        }
    }

    private static int pick(RandomnessSource in, int bound) {
        return (int) in.next(Constraint.between(0, bound - 1));
    }

    private static final Gen<List<Op>> HISTORIES = in -> {
        List<Op> ops = new ArrayList<>();
        int n = 1 + pick(in, 40);
        for (int i = 0; i < n; i++) {
            // BEGIN and COMMIT come often, so that transactions overlap and end; VACUUM now and then.
            int kind = pick(in, 20);
            Kind k = kind < 4 ? Kind.BEGIN : kind < 7 ? Kind.READ : kind < 8 ? Kind.SCAN : kind < 12 ? Kind.PUT
                    : kind < 14 ? Kind.DELETE : kind < 18 ? Kind.COMMIT : kind < 19 ? Kind.ROLLBACK : Kind.VACUUM;
            ops.add(new Op(pick(in, SESSIONS), k, pick(in, KEYS), pick(in, 100)));
        }
        return ops;
    };

    /** The model's transaction: the table at its BEGIN, its writes (null: deleted), and the commit count at BEGIN. */
    private static final class Txn {
        final Map<Integer, Integer> seen;
        final Map<Integer, Integer> writes = new HashMap<>();
        final int begin;

        Txn(Map<Integer, Integer> committed, int begin) {
            this.seen = new TreeMap<>(committed);
            this.begin = begin;
        }

        Map<Integer, Integer> view() {
            Map<Integer, Integer> view = new TreeMap<>(seen);
            writes.forEach((key, value) -> {
                if (value == null) {
                    view.remove(key);
                } else {
                    view.put(key, value);
                }
            });
            return view;
        }
    }

    /** Runs one history against a fresh database and the model, failing at the first statement where they differ. */
    private static void check(Path dir, List<Op> history) {
        Map<Integer, Integer> committed = new TreeMap<>();
        List<Set<Integer>> commits = new ArrayList<>();
        Txn[] open = new Txn[SESSIONS];
        try (Database db = Transacting.open(dir)) {
            Session[] sessions = new Session[SESSIONS];
            for (int s = 0; s < SESSIONS; s++) {
                sessions[s] = db.session();
            }
            sessions[0].execute("CREATE TABLE kv (k INTEGER PRIMARY KEY, v INTEGER)");
            for (int i = 0; i < history.size(); i++) {
                Op op = history.get(i);
                Session session = sessions[op.session()];
                Txn txn = open[op.session()];
                String at = "after " + history.subList(0, i + 1);
                Map<Integer, Integer> view = txn != null ? txn.view() : committed;
                switch (op.kind()) {
                    case BEGIN -> {
                        if (txn == null) {
                            session.execute("BEGIN");
                            open[op.session()] = new Txn(committed, commits.size());
                        }
                    }
                    case READ -> {
                        List<List<Value>> rows = rows(session, "SELECT v FROM kv WHERE k = " + op.key());
                        Integer value = view.get(op.key());
                        assertThat(rows).as("%s: the read of key %d", at, op.key())
                                .isEqualTo(value == null ? List.of() : List.of(List.of(Value.of((long) value))));
                    }
                    case SCAN -> assertThat(table(session)).as("%s: the scan", at).isEqualTo(view);
                    case PUT, DELETE -> {
                        boolean present = view.containsKey(op.key());
                        if (op.kind() == Kind.DELETE && !present) {
                            session.execute("DELETE FROM kv WHERE k = " + op.key());
                            break;
                        }
                        session.execute(op.kind() == Kind.DELETE ? "DELETE FROM kv WHERE k = " + op.key()
                                : present ? "UPDATE kv SET v = " + op.value() + " WHERE k = " + op.key()
                                : "INSERT INTO kv VALUES (" + op.key() + ", " + op.value() + ")");
                        Integer value = op.kind() == Kind.DELETE ? null : op.value();
                        if (txn != null) {
                            txn.writes.put(op.key(), value);
                        } else {
                            apply(committed, commits, Map.of(op.key(), java.util.Optional.ofNullable(value)));
                        }
                    }
                    case COMMIT, ROLLBACK -> {
                        if (txn == null) {
                            break;
                        }
                        open[op.session()] = null;
                        if (op.kind() == Kind.ROLLBACK) {
                            session.execute("ROLLBACK");
                            break;
                        }
                        boolean conflict = false;
                        for (Set<Integer> later : commits.subList(txn.begin, commits.size())) {
                            conflict |= later.stream().anyMatch(txn.writes::containsKey);
                        }
                        try {
                            session.execute("COMMIT");
                            if (conflict) {
                                fail("%s: the COMMIT must fail: a transaction that committed after this one began "
                                        + "wrote one of its keys %s", at, txn.writes.keySet());
                            }
                            Map<Integer, java.util.Optional<Integer>> writes = new HashMap<>();
                            txn.writes.forEach((key, value) -> writes.put(key, java.util.Optional.ofNullable(value)));
                            apply(committed, commits, writes);
                        } catch (SerializationFailure e) {
                            if (!conflict) {
                                fail("%s: the COMMIT must succeed: no transaction that committed after this one began "
                                        + "wrote any of its keys %s, but it failed with %s", at, txn.writes.keySet(), e);
                            }
                        }
                        assertThat(session.inTransaction()).as("%s: COMMIT ends the transaction", at).isFalse();
                    }
                    case VACUUM -> {
                        if (txn == null) {
                            session.execute("VACUUM");
                        }
                    }
                    default -> throw new IllegalStateException();
                }
            }
            for (Session session : sessions) {
                session.close();
            }
            assertThat(table(db.session())).as("after %s, once every open transaction is rolled back", history)
                    .isEqualTo(committed);
        }
        try (Database db = Transacting.open(dir)) {
            assertThat(table(db.session())).as("after %s, once the database is reopened", history).isEqualTo(committed);
            db.session().execute("UPDATE kv SET v = v + 1");
            committed.replaceAll((key, value) -> value + 1);
            assertThat(table(db.session())).as("after %s, reopened, a write is seen", history).isEqualTo(committed);
        }
    }

    /** Applies a commit's writes ({@code empty}: deleted) to the model, and logs the keys it wrote. */
    private static void apply(Map<Integer, Integer> committed, List<Set<Integer>> commits,
            Map<Integer, java.util.Optional<Integer>> writes) {
        if (writes.isEmpty()) {
            return;
        }
        writes.forEach((key, value) -> {
            if (value.isPresent()) {
                committed.put(key, value.get());
            } else {
                committed.remove(key);
            }
        });
        commits.add(new HashSet<>(writes.keySet()));
    }

    private static Map<Integer, Integer> table(Session session) {
        Map<Integer, Integer> table = new TreeMap<>();
        for (List<Value> row : rows(session, "SELECT k, v FROM kv ORDER BY k")) {
            table.put((int) ((Value.Int) row.get(0)).value(), (int) ((Value.Int) row.get(1)).value());
        }
        return table;
    }

    @Test
    @Points(4)
    @DisplayName("random interleavings of three sessions' transactions read and commit as snapshot isolation says")
    void randomInterleavingsMatchSnapshotIsolation(@Scratch Path dir, Seed seed) {
        AtomicInteger example = new AtomicInteger();
        seed.theory(150).forAll(HISTORIES).checkAssert(history -> check(dir.resolve("h" + example.incrementAndGet()),
                history));
    }
}
