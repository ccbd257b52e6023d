package dev.fromzero.sql.parser;

import dev.fromzero.sql.parser.Statement.ColumnDef;
import dev.fromzero.sql.parser.Token.Type;
import dev.fromzero.sql.types.DataType;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code CREATE TABLE}, the one statement with a grammar of its own: a list of column definitions,
 * each a name, a type and constraints in any order, and at most one table-level
 * {@code PRIMARY KEY (a, b)} anywhere in the list.
 *
 * <p>It also refuses what no table can be, while it still knows where each word was written: a
 * column defined twice, NULL together with NOT NULL or PRIMARY KEY, two DEFAULTs, more than one
 * primary key, and a table-level key naming a column the table does not have. What needs the
 * catalog (does the table exist?) is for the executor.
 */
final class CreateTableParser {

    private final Tokens tokens;
    private final ExpressionParser expressions;
    private final List<ColumnDef> columns = new ArrayList<>();
    private final List<Token> keyNames = new ArrayList<>();
    private Token primaryKey;

    CreateTableParser(Tokens tokens, ExpressionParser expressions) {
        this.tokens = tokens;
        this.expressions = expressions;
    }

    /** {@code CREATE TABLE [IF NOT EXISTS] name (element, ...)}. */
    Statement.CreateTable createTable() {
        throw new UnsupportedOperationException("TODO(chapter05): Read CREATE TABLE [IF NOT EXISTS] name ( then elements separated by commas, ')', and check the table-level key's names (docs/chapter05-sql.md#step-2-the-parser)");
    }

    /** A column definition, or the table-level {@code PRIMARY KEY (names)}. */
    private void element() {
        throw new UnsupportedOperationException("TODO(chapter05): PRIMARY KEY ( names ) is the table-level key (keep the name tokens for the check at the end); anything else is a column (docs/chapter05-sql.md#step-2-the-parser)");
    }

    /** {@code name type [PRIMARY KEY | NOT NULL | NULL | DEFAULT e | UNIQUE]...}. */
    private ColumnDef column() {
        throw new UnsupportedOperationException("TODO(chapter05): Read the name (not defined before), the type, then constraints until none follows; refuse, at the later one, NULL with NOT NULL or PRIMARY KEY, and a second DEFAULT (docs/chapter05-sql.md#step-2-the-parser)");
    }

    /** Refuses a second primary key, at {@code at}, the PRIMARY of the second one. */
    private void onePrimaryKey(Token at) {
        if (primaryKey != null) {
            throw tokens.error(at, "a table has one PRIMARY KEY, and this one has another at line "
                    + primaryKey.line() + ", column " + primaryKey.column());
        }
        primaryKey = at;
    }
}
