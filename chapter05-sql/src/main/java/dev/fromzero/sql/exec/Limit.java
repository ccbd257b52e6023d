package dev.fromzero.sql.exec;

import dev.fromzero.sql.types.Value;
import java.util.List;

/**
 * LIMIT and OFFSET: skips the first {@code offset} rows of the source, then passes on at most
 * {@code limit} rows and stops pulling. OFFSET applies first, whatever order the clauses are
 * written in: {@code LIMIT 2 OFFSET 3} gives rows 4 and 5.
 */
final class Limit implements Operator {

    private final Operator source;
    private long toSkip;
    private long remaining;

    /** @param limit the most rows to pass on; {@link Long#MAX_VALUE} for no LIMIT */
    Limit(Operator source, long offset, long limit) {
        this.source = source;
        this.toSkip = offset;
        this.remaining = limit;
    }

    @Override
    public List<Value> next() {
        throw new UnsupportedOperationException("TODO(chapter05): Skip offset rows first, then hand out at most limit rows; do not pull from the source after the last one (docs/chapter05-sql.md#step-6-queries)");
    }
}
