package dev.fromzero.sql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.Durability;
import dev.fromzero.kv.StoreOptions;
import dev.fromzero.sql.types.Value;
import java.nio.file.Path;
import java.util.List;

/** Helpers the step-11 suites share: a database without syncs, and short ways to read through a session. */
final class Transacting {

    private Transacting() {
    }

    /** A database in {@code dir} that syncs only when closed: these tests reopen it or kill a process, never cut the power. */
    static Database open(Path dir) {
        return Database.open(dir, StoreOptions.defaults().withDurability(Durability.never()));
    }

    /** The rows {@code sql} returns in {@code session}. */
    static List<List<Value>> rows(Session session, String sql) {
        Result result = session.execute(sql);
        assertThat(result).as("%s returns rows", sql).isInstanceOf(Result.Rows.class);
        return ((Result.Rows) result).rows();
    }

    /** The one INTEGER {@code sql} returns in {@code session}, or null if it returns no row. */
    static Long integer(Session session, String sql) {
        List<List<Value>> rows = rows(session, sql);
        assertThat(rows.size()).as("%s returns at most one row", sql).isLessThanOrEqualTo(1);
        return rows.isEmpty() ? null : ((Value.Int) rows.get(0).get(0)).value();
    }

    /** The first column of every row {@code sql} returns, as INTEGERs. */
    static List<Long> integers(Session session, String sql) {
        return rows(session, sql).stream().map(row -> ((Value.Int) row.get(0)).value()).toList();
    }
}
