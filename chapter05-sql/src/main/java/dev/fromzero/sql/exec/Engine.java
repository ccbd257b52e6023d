package dev.fromzero.sql.exec;

import dev.fromzero.sql.Result;
import dev.fromzero.sql.parser.Statement;
import dev.fromzero.sql.optimizer.Optimizer;
import dev.fromzero.sql.plan.CompoundPlanner;
import dev.fromzero.sql.plan.Explain;
import dev.fromzero.sql.plan.IndexSelection;
import dev.fromzero.sql.plan.Plan;
import dev.fromzero.sql.plan.Planner;
import dev.fromzero.sql.storage.Catalog;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs one parsed statement: a SELECT through the {@link Planner}, the {@link Optimizer} and the
 * {@link Executor} (a compound query through the {@link CompoundPlanner}, step 15), a write
 * through {@link Writes}, a CREATE or DROP (of a table or an index) through {@link Ddl}. EXPLAIN
 * plans and optimizes its query as running it would, and returns the plan's lines
 * ({@link Explain}) as rows of one TEXT column, {@code plan}, instead of running it.
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
            return new Executor(catalog).query(plan(select));
        }
        if (statement instanceof Statement.Compound compound) {
            return new Executor(catalog).query(plan(compound));
        }
        if (statement instanceof Statement.Explain explain) {
            List<List<Value>> rows = Explain.lines(plan(explain.query())).stream()
                    .map(line -> List.<Value>of(Value.of(line))).toList();
            return new Result.Rows(List.of(new Result.Column("plan", DataType.TEXT)), rows);
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

    /** A SELECT's or a compound query's plan, optimized (subqueries' plans too). */
    private Plan plan(Statement query) {
        Optimizer optimizer = new Optimizer(IndexSelection::choose);
        Planner planner = new Planner(name -> catalog.get().table(name).schema(), optimizer::optimize);
        Plan plan = query instanceof Statement.Compound compound
                ? new CompoundPlanner(planner).plan(compound)
                : planner.plan((Statement.Select) query);
        return optimizer.optimize(plan);
    }
}
