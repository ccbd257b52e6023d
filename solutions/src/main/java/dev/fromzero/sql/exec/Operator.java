//@ chapter 5
package dev.fromzero.sql.exec;

import dev.fromzero.sql.types.Value;
import java.util.List;

/**
 * One node of a running query, in the iterator (Volcano) model: each call to {@link #next} pulls
 * one row up from the node's source, so a query over a large table holds one row at a time, except
 * where an operator must see every row first (a sort).
 */
public interface Operator {

    /** The next row, or {@code null} when there are no more. */
    List<Value> next();
}
