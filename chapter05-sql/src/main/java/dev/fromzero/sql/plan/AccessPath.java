package dev.fromzero.sql.plan;

import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.storage.TableSchema;

/**
 * How one table of a query is read: the optimizer's last pass asks this, for every
 * {@link Plan.Scan}, once the WHERE and ON conditions that concern that table alone have been
 * pushed into the scan's filter. The answer is any plan that produces exactly the table's rows
 * for which the filter is TRUE, with the scan's columns ({@code table}'s, qualified by
 * {@code qualifier}).
 *
 * <p>{@link #FULL_SCAN} reads every row and tests the filter on each. Indexes (step 9) plug in
 * here: a chooser that sees a usable index for a conjunct of the filter answers with an index
 * lookup for that conjunct and a filter for the rest. Nothing else in the optimizer knows indexes
 * exist.
 */
@FunctionalInterface
public interface AccessPath {

    /**
     * A plan for the rows of {@code table} for which {@code filter} is TRUE.
     *
     * @param qualifier the alias of the table in the query, or its name
     * @param filter    the conditions on this table alone, ANDed, or null for every row
     */
    Plan choose(TableSchema table, String qualifier, Expr filter);

    /** Every row, in key order, each tested against the filter. */
    AccessPath FULL_SCAN = Plan.Scan::new;
}
