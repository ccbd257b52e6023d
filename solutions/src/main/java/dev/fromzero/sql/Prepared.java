//@ chapter 5
package dev.fromzero.sql;

import dev.fromzero.sql.parser.Expr;
import dev.fromzero.sql.parser.Statement;
import dev.fromzero.sql.types.Value;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A statement parsed once and run many times with different parameter values: what JDBC's
 * {@code PreparedStatement} and PostgreSQL's extended protocol (Parse once, then Bind and Execute)
 * need. {@link Session#prepare} makes one.
 *
 * <p>Binding replaces each {@link Expr.Parameter} of the syntax tree by a {@link Expr.Literal} of
 * its value, so the planner and the executor see a statement like any other (a lookup by
 * {@code id = ?} is planned as one by {@code id = 7}). Values are bound as typed values, never
 * spliced into the text: no value can change what the statement does.
 *
 * <p>The tree is rebuilt generically. Every node of the syntax tree is a record of the parser's
 * package, so the walk reads a record's components and calls its canonical constructor with the
 * rebuilt ones; it needs no change when the parser gains a statement or an expression. What the
 * walk needs of a record class (its accessors, its canonical constructor) is looked up once per
 * class and kept: {@code getRecordComponents} copies its answer on every call, which made the
 * lookups most of the cost of an execute.
 */
public final class Prepared {

    private static final String TREE_PACKAGE = Expr.class.getPackageName();

    private final Session session;
    private final Statement statement;
    private final int parameterCount;

    Prepared(Session session, Statement statement) {
        this.session = session;
        this.statement = statement;
        int[] highest = {0};
        rebuild(statement, node -> {
            highest[0] = Math.max(highest[0], node.index());
            return node;
        });
        this.parameterCount = highest[0];
    }

    /** How many values {@link #execute} takes: the highest parameter number of the text (0 for none). */
    public int parameterCount() {
        return parameterCount;
    }

    /** The statement as parsed, with its parameters. */
    public Statement statement() {
        return statement;
    }

    /**
     * Runs the statement with parameter n taking {@code parameters.get(n - 1)}.
     *
     * @throws SqlException if there are not exactly {@link #parameterCount} values, or the statement fails
     */
    public Result execute(List<Value> parameters) {
        if (parameters.size() != parameterCount) {
            throw new SqlException("the statement has " + parameterCount + " parameter(s), and " + parameters.size()
                    + " value(s) were given", "08P01");
        }
        if (parameterCount == 0) {
            return session.execute(statement);
        }
        List<Value> values = List.copyOf(parameters);
        return session.execute((Statement) rebuild(statement,
                parameter -> new Expr.Literal(values.get(parameter.index() - 1))));
    }

    /** {@code node} with every parameter replaced by {@code bind}'s answer; the same object where nothing changed. */
    private static Object rebuild(Object node, Function<Expr.Parameter, Expr> bind) {
        if (node instanceof Expr.Parameter parameter) {
            return bind.apply(parameter);
        }
        if (node instanceof List<?> list) {
            List<Object> rebuilt = new ArrayList<>(list.size());
            boolean changed = false;
            for (Object element : list) {
                Object copy = rebuild(element, bind);
                changed |= copy != element;
                rebuilt.add(copy);
            }
            return changed ? rebuilt : list;
        }
        if (node instanceof Record record && node.getClass().getPackageName().equals(TREE_PACKAGE)) {
            return rebuildRecord(record, bind);
        }
        return node;
    }

    private static Object rebuildRecord(Record record, Function<Expr.Parameter, Expr> bind) {
        Shape shape = SHAPES.get(record.getClass());
        Object[] values = new Object[shape.accessors.length];
        boolean changed = false;
        try {
            for (int i = 0; i < values.length; i++) {
                Object value = (Object) shape.accessors[i].invokeExact((Object) record);
                values[i] = rebuild(value, bind);
                changed |= values[i] != value;
            }
            return changed ? (Object) shape.canonical.invokeExact(values) : record;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("rebuilding a " + record.getClass().getName() + " failed", e);
        }
    }

    /** A record class's accessors, in component order, and its canonical constructor taking an Object[]; all typed as Object. */
    private record Shape(MethodHandle[] accessors, MethodHandle canonical) {}

    private static final ClassValue<Shape> SHAPES = new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            MethodHandle[] accessors = new MethodHandle[components.length];
            Class<?>[] types = new Class<?>[components.length];
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            try {
                for (int i = 0; i < components.length; i++) {
                    accessors[i] = lookup.unreflect(components[i].getAccessor())
                            .asType(MethodType.methodType(Object.class, Object.class));
                    types[i] = components[i].getType();
                }
                MethodHandle canonical = lookup.unreflectConstructor(type.getDeclaredConstructor(types))
                        .asType(MethodType.methodType(Object.class, types).generic())
                        .asSpreader(Object[].class, types.length);
                return new Shape(accessors, canonical);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("the syntax tree's record " + type.getName()
                        + " has a public canonical constructor and accessors", e);
            }
        }
    };
}
