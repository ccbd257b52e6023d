//@ chapter 5
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
        //@ todo 5: Read CREATE TABLE [IF NOT EXISTS] name ( then elements separated by commas, ')', and check the table-level key's names (docs/chapter05-sql.md#step-2-the-parser)
        tokens.expectKeyword("CREATE", "CREATE");
        tokens.expectKeyword("TABLE", "TABLE after CREATE");
        boolean ifNotExists = tokens.acceptKeyword("IF");
        if (ifNotExists) {
            tokens.expectKeyword("NOT", "NOT after IF");
            tokens.expectKeyword("EXISTS", "EXISTS after IF NOT");
        }
        String name = tokens.name("a table name");
        tokens.expect(Type.LEFT_PAREN, "'(' after the table name");
        do {
            element();
        } while (tokens.accept(Type.COMMA));
        tokens.expect(Type.RIGHT_PAREN, "')' after the column list");
        List<String> key = new ArrayList<>();
        for (Token keyName : keyNames) {
            if (columns.stream().noneMatch(column -> column.name().equals(keyName.text()))) {
                throw tokens.error(keyName, "PRIMARY KEY names " + keyName.text() + ", which is not a column of " + name);
            }
            if (key.contains(keyName.text())) {
                throw tokens.error(keyName, "PRIMARY KEY names " + keyName.text() + " twice");
            }
            key.add(keyName.text());
        }
        return new Statement.CreateTable(name, ifNotExists, columns, key);
        //@ end
    }

    /** A column definition, or the table-level {@code PRIMARY KEY (names)}. */
    private void element() {
        //@ todo 5: PRIMARY KEY ( names ) is the table-level key (keep the name tokens for the check at the end); anything else is a column (docs/chapter05-sql.md#step-2-the-parser)
        Token start = tokens.peek();
        if (tokens.acceptKeyword("PRIMARY")) {
            tokens.expectKeyword("KEY", "KEY after PRIMARY");
            onePrimaryKey(start);
            tokens.expect(Type.LEFT_PAREN, "'(' after PRIMARY KEY");
            do {
                keyNames.add(tokens.expect(Type.IDENTIFIER, "a column name"));
            } while (tokens.accept(Type.COMMA));
            tokens.expect(Type.RIGHT_PAREN, "')' after the PRIMARY KEY's columns");
            return;
        }
        columns.add(column());
        //@ end
    }

    /** {@code name type [PRIMARY KEY | NOT NULL | NULL | DEFAULT e | UNIQUE]...}. */
    private ColumnDef column() {
        //@ todo 5: Read the name (not defined before), the type, then constraints until none follows; refuse, at the later one, NULL with NOT NULL or PRIMARY KEY, and a second DEFAULT (docs/chapter05-sql.md#step-2-the-parser)
        Token name = tokens.expect(Type.IDENTIFIER, "a column name");
        if (columns.stream().anyMatch(column -> column.name().equals(name.text()))) {
            throw tokens.error(name, "column " + name.text() + " is defined twice");
        }
        DataType type = expressions.dataType();
        boolean key = false;
        boolean notNull = false;
        boolean nullable = false;
        boolean unique = false;
        Expr defaultValue = null;
        while (true) {
            Token token = tokens.peek();
            if (tokens.acceptKeyword("PRIMARY")) {
                tokens.expectKeyword("KEY", "KEY after PRIMARY");
                onePrimaryKey(token);
                key = true;
            } else if (tokens.acceptKeyword("NOT")) {
                tokens.expectKeyword("NULL", "NULL after NOT");
                notNull = true;
            } else if (tokens.acceptKeyword("NULL")) {
                nullable = true;
            } else if (tokens.acceptKeyword("UNIQUE")) {
                unique = true;
            } else if (tokens.acceptKeyword("DEFAULT")) {
                if (defaultValue != null) {
                    throw tokens.error(token, "column " + name.text() + " has two DEFAULTs");
                }
                defaultValue = expressions.expression(ExpressionParser.UNARY);
            } else {
                break;
            }
            if (nullable && (notNull || key)) {
                throw tokens.error(token, "column " + name.text() + " cannot be both NULL and "
                        + (key ? "PRIMARY KEY" : "NOT NULL"));
            }
        }
        return new ColumnDef(name.text(), type, key, notNull, unique, defaultValue);
        //@ end
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
