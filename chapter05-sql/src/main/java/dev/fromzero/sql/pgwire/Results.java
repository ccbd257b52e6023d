package dev.fromzero.sql.pgwire;

import dev.fromzero.sql.Result;
import java.util.List;

/** How a statement's result goes on the wire: its column types and formats, and its command tag. */
final class Results {

    private Results() {
    }

    /**
     * The CommandComplete tag of a result, which clients parse for the row count: {@code SELECT 3},
     * {@code INSERT 0 2} (the 0 is a leftover of PostgreSQL's OIDs), {@code UPDATE 1}, {@code DELETE 0},
     * or the statement's verb alone ({@code CREATE TABLE}).
     */
    static String tag(Result result, long rowsSent) {
        throw new UnsupportedOperationException("TODO(chapter05): SELECT n for rows (n sent), INSERT 0 n for an insert, the verb and count for other writes, the verb alone for the rest (docs/chapter05-sql.md#step-13-the-postgresql-wire-protocol)");
    }

    /** The type OID of each column. */
    static int[] oids(List<Result.Column> columns) {
        int[] oids = new int[columns.size()];
        for (int i = 0; i < oids.length; i++) {
            oids[i] = PgTypes.oid(columns.get(i).type());
        }
        return oids;
    }

    /**
     * The format of each of {@code count} columns from the format codes a Bind gave: none means
     * all text, one applies to all, otherwise one per column.
     */
    static int[] formats(int[] codes, int count) throws ProtocolException {
        int[] formats = new int[count];
        if (codes.length == 1) {
            java.util.Arrays.fill(formats, codes[0]);
        } else if (codes.length == count) {
            System.arraycopy(codes, 0, formats, 0, count);
        } else if (codes.length != 0) {
            throw new ProtocolException("the Bind gave " + codes.length + " result format codes for " + count
                    + " columns: give 0, 1 or one per column", false);
        }
        return formats;
    }
}
