package dev.fromzero.sql.exec;

import dev.fromzero.sql.Result;
import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.parser.Statement;
import dev.fromzero.sql.plan.Exprs;
import dev.fromzero.sql.storage.Catalog;
import dev.fromzero.sql.storage.ColumnDef;
import dev.fromzero.sql.storage.IndexDef;
import dev.fromzero.sql.storage.TableSchema;
import dev.fromzero.sql.types.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * CREATE TABLE, DROP TABLE, CREATE INDEX and DROP INDEX: the syntax tree's table definition becomes the catalog's
 * {@link TableSchema}. A DEFAULT must be a constant: it is evaluated once, here, and the catalog
 * keeps its value.
 */
public final class Ddl {

    private final Catalog catalog;

    public Ddl(Catalog catalog) {
        this.catalog = catalog;
    }

    public Result.Done create(Statement.CreateTable create) {
        if (create.ifNotExists() && catalog.find(create.name()).isPresent()) {
            return new Result.Done("CREATE TABLE");
        }
        List<ColumnDef> columns = new ArrayList<>();
        for (Statement.ColumnDef column : create.columns()) {
            columns.add(new ColumnDef(column.name(), column.type(), !column.notNull(), defaultOf(column),
                    column.unique()));
        }
        catalog.createTable(new TableSchema(create.name(), columns, create.primaryKeyColumns()));
        return new Result.Done("CREATE TABLE");
    }

    public Result.Done drop(Statement.DropTable drop) {
        if (drop.ifExists() && catalog.find(drop.name()).isEmpty()) {
            return new Result.Done("DROP TABLE");
        }
        catalog.dropTable(drop.name());
        return new Result.Done("DROP TABLE");
    }

    public Result.Done createIndex(Statement.CreateIndex create) {
        if (create.ifNotExists() && catalog.indexOwner(create.name()).isPresent()) {
            return new Result.Done("CREATE INDEX");
        }
        catalog.createIndex(create.table(), new IndexDef(create.name(), create.columns(), create.unique(), create.descending()));
        return new Result.Done("CREATE INDEX");
    }

    public Result.Done dropIndex(Statement.DropIndex drop) {
        if (drop.ifExists() && catalog.indexOwner(drop.name()).isEmpty()) {
            return new Result.Done("DROP INDEX");
        }
        catalog.dropIndex(drop.name());
        return new Result.Done("DROP INDEX");
    }

    private static Value defaultOf(Statement.ColumnDef column) {
        if (column.defaultValue() == null) {
            return Value.NULL;
        }
        if (!Exprs.columns(column.defaultValue()).isEmpty()) {
            throw new SqlException("the DEFAULT of column " + column.name() + " must be a constant");
        }
        return Evaluator.constants().evaluate(column.defaultValue(), List.of());
    }
}
