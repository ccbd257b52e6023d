package dev.fromzero.testkit.sql.slt;

import dev.fromzero.testkit.sql.SqlEngine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An engine that answers each statement with what the test told it to, and remembers what it ran. */
final class FakeEngine implements SqlEngine {

    private final Map<String, Object> answers = new HashMap<>();
    final List<String> executed = new ArrayList<>();
    boolean closed;

    /** {@code sql} returns {@code reply}. */
    FakeEngine answer(String sql, Reply reply) {
        answers.put(sql, reply);
        return this;
    }

    /** {@code sql} throws {@code e} (a {@link SqlEngine.Rejected} for a SQL error). */
    FakeEngine fail(String sql, RuntimeException e) {
        answers.put(sql, e);
        return this;
    }

    static Rows rows(List<String> columns, Object[]... rows) {
        List<List<Object>> list = new ArrayList<>();
        for (Object[] row : rows) {
            list.add(java.util.Arrays.asList(row));
        }
        return new Rows(columns, list);
    }

    @Override
    public Reply execute(String sql) {
        executed.add(sql);
        Object answer = answers.get(sql);
        if (answer instanceof RuntimeException e) {
            throw e;
        }
        if (answer == null) {
            return new Done("CREATE TABLE");
        }
        return (Reply) answer;
    }

    @Override
    public void close() {
        closed = true;
    }
}
