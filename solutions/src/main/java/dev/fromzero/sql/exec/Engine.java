//@ chapter 5
package dev.fromzero.sql.exec;

import dev.fromzero.sql.Result;
import dev.fromzero.sql.parser.Statement;
import dev.fromzero.sql.plan.Planner;
import dev.fromzero.sql.storage.Catalog;
import java.util.function.Supplier;

/**
 * Runs one parsed statement: a SELECT through the {@link Planner} and the {@link Executor}, a write
 * through {@link Writes}, a CREATE or DROP (of a table or an index) through {@link Ddl}.
 *
 * <p>The catalog is read from the store only when a statement first needs a table, so that a
 * SELECT without FROM runs on a database whose catalog code is not written yet (step 3 comes before
 * step 5).
 */
public final class Engine {

    private final Supplier<Catalog> catalog;

    public Engine(Supplier<Catalog> catalog) {
        this.catalog = catalog;
    }

    public Result execute(Statement statement) {
        if (statement instanceof Statement.Select select) {
            Planner planner = new Planner(name -> catalog.get().table(name).schema());
            return new Executor(select.from() == null ? null : catalog.get()).query(planner.plan(select));
        }
        if (statement instanceof Statement.Insert insert) {
            return new Writes(catalog.get()).insert(insert);
        }
        if (statement instanceof Statement.Update update) {
            return new Writes(catalog.get()).update(update);
        }
        if (statement instanceof Statement.Delete delete) {
            return new Writes(catalog.get()).delete(delete);
        }
        if (statement instanceof Statement.CreateTable create) {
            return new Ddl(catalog.get()).create(create);
        }
        if (statement instanceof Statement.CreateIndex create) {
            return new Ddl(catalog.get()).createIndex(create);
        }
        if (statement instanceof Statement.DropIndex drop) {
            return new Ddl(catalog.get()).dropIndex(drop);
        }
        return new Ddl(catalog.get()).drop((Statement.DropTable) statement);
    }
}
