package dev.fromzero.sql.pgwire;

import dev.fromzero.sql.Prepared;
import dev.fromzero.sql.Result;
import dev.fromzero.sql.Session;
import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.parser.Statement;
import dev.fromzero.sql.types.Value;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PostgreSQL's extended query protocol, what pgJDBC speaks: Parse names a statement with
 * parameters ($1, $2, ...), Bind gives it values and makes a portal, Describe tells the columns,
 * Execute runs the portal, Sync ends the batch with ReadyForQuery. The unnamed statement and
 * portal ("") are replaced by the next Parse or Bind.
 *
 * <p>After an error the server skips every message up to the next Sync, so that the rest of a
 * batch the client sent in one go does not run on top of a failure.
 *
 * <p>The engine computes a whole result before it returns, so a portal runs once, at its first
 * Describe or Execute, and keeps its rows; an Execute with a row limit sends the next rows and
 * PortalSuspended while some are left. A Describe of a portal thus runs its statement (pgJDBC
 * always executes what it describes).
 */
final class ExtendedProtocol {

    /** A parsed statement: a SET or SHOW answered by the server itself ({@code command}), or the engine's. */
    private record Parsed(Prepared prepared, Result command, int[] parameterTypes) {}

    /** A statement with its parameters' values, and once run, its result and how many rows were sent. */
    private static final class Portal {
        final Parsed statement;
        final List<Value> values;
        final int[] resultFormatCodes;
        Result result;
        int sent;

        Portal(Parsed statement, List<Value> values, int[] resultFormatCodes) {
            this.statement = statement;
            this.values = values;
            this.resultFormatCodes = resultFormatCodes;
        }
    }

    private final Session session;
    private final SessionCommands commands;
    private final MessageWriter out;
    private final Map<String, Parsed> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();
    private boolean skippingToSync;

    ExtendedProtocol(Session session, SessionCommands commands, MessageWriter out) {
        this.session = session;
        this.commands = commands;
        this.out = out;
    }

    /** Skips what the client sent after an error, up to its Sync. */
    void skipToSync() {
        skippingToSync = true;
    }

    void handle(Frames.Frame frame, char transactionStatus) throws IOException, ProtocolException {
        if (frame.type() == 'S') {
            skippingToSync = false;
            out.readyForQuery(transactionStatus);
            out.flush();
            return;
        }
        if (skippingToSync) {
            return;
        }
        MessageReader in = new MessageReader(frame);
        try {
            switch (frame.type()) {
                case 'P' -> parse(in);
                case 'B' -> bind(in);
                case 'D' -> describe(in);
                case 'E' -> execute(in);
                case 'C' -> close(in);
                default -> out.flush(); // 'H', Flush
            }
        } catch (SqlException e) {
            out.error("ERROR", e.sqlState(), e.getMessage());
            skippingToSync = true;
        } catch (RuntimeException e) {
            out.error("ERROR", "XX000", "internal error: " + e);
            skippingToSync = true;
        }
    }

    private void parse(MessageReader in) throws ProtocolException {
        String name = in.string();
        String sql = in.string();
        int[] declared = new int[in.int16()];
        for (int i = 0; i < declared.length; i++) {
            declared[i] = in.int32();
        }
        if (!name.isEmpty() && statements.containsKey(name)) {
            throw new SqlException("prepared statement \"" + name + "\" already exists", "42P05");
        }
        Optional<Result> command = commands.run(sql);
        Prepared prepared = command.isPresent() ? null : session.prepare(sql);
        int count = prepared == null ? 0 : prepared.parameterCount();
        if (declared.length > count) {
            throw new SqlException("the Parse declares " + declared.length + " parameter types, and the statement has "
                    + count + " parameter(s)", "08P01");
        }
        statements.put(name, new Parsed(prepared, command.orElse(null), Arrays.copyOf(declared, count)));
        out.parseComplete();
    }

    private void bind(MessageReader in) throws ProtocolException {
        String portal = in.string();
        String name = in.string();
        int[] formats = codes(in);
        int count = in.int16();
        Parsed statement = statements.get(name);
        if (statement == null) {
            throw new SqlException("prepared statement \"" + name + "\" does not exist", "26000");
        }
        int[] types = statement.parameterTypes();
        if (count != types.length) {
            throw new ProtocolException("the Bind supplies " + count + " parameter(s), and the statement needs "
                    + types.length, false);
        }
        if (formats.length > 1 && formats.length != count) {
            throw new ProtocolException("the Bind gives " + formats.length + " parameter format codes for " + count
                    + " parameters: give 0, 1 or one per parameter", false);
        }
        List<Value> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int length = in.int32();
            byte[] data = length == -1 ? null : in.bytes(length);
            boolean binary = formats.length > 0 && formats[formats.length == 1 ? 0 : i] == 1;
            values.add(PgTypes.parameter(data, types[i], binary, i + 1));
        }
        int[] resultFormats = codes(in);
        if (!portal.isEmpty() && portals.containsKey(portal)) {
            throw new SqlException("portal \"" + portal + "\" already exists", "42P03");
        }
        portals.put(portal, new Portal(statement, values, resultFormats));
        out.bindComplete();
    }

    /** A list of format codes (int16 count, then int16 each): 0 text, 1 binary. */
    private static int[] codes(MessageReader in) throws ProtocolException {
        int[] codes = new int[in.int16()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = in.int16();
            if (codes[i] != 0 && codes[i] != 1) {
                throw in.malformed("format code " + codes[i] + " is neither 0 (text) nor 1 (binary)");
            }
        }
        return codes;
    }

    private void describe(MessageReader in) throws ProtocolException {
        byte kind = in.int8();
        String name = in.string();
        if (kind == 'S') {
            Parsed statement = statements.get(name);
            if (statement == null) {
                throw new SqlException("prepared statement \"" + name + "\" does not exist", "26000");
            }
            int[] types = statement.parameterTypes().clone();
            for (int i = 0; i < types.length; i++) {
                types[i] = types[i] == 0 ? PgTypes.TEXT : types[i];
            }
            out.parameterDescription(types);
            if (returnsRows(statement)) {
                // the columns of a query are known once it has run: run it with every parameter NULL
                describeResult(run(statement, Collections.nCopies(types.length, Value.NULL)), new int[0]);
            } else {
                out.noData();
            }
        } else if (kind == 'P') {
            Portal portal = portal(name);
            describeResult(result(portal), portal.resultFormatCodes);
        } else {
            throw in.malformed("Describe of '" + (char) kind + "': it describes 'S' (a statement) or 'P' (a portal)");
        }
    }

    private static boolean returnsRows(Parsed statement) {
        return statement.command() instanceof Result.Rows
                || (statement.prepared() != null && (statement.prepared().statement() instanceof Statement.Select
                        || statement.prepared().statement() instanceof Statement.Compound));
    }

    private void describeResult(Result result, int[] formatCodes) throws ProtocolException {
        if (result instanceof Result.Rows rows) {
            out.rowDescription(rows.columns(), Results.formats(formatCodes, rows.columns().size()));
        } else {
            out.noData();
        }
    }

    private void execute(MessageReader in) throws ProtocolException {
        Portal portal = portal(in.string());
        int limit = in.int32();
        Result result = result(portal);
        if (!(result instanceof Result.Rows rows)) {
            out.commandComplete(Results.tag(result, 0));
            return;
        }
        int[] oids = Results.oids(rows.columns());
        int[] formats = Results.formats(portal.resultFormatCodes, oids.length);
        int end = limit > 0 ? (int) Math.min(rows.rows().size(), (long) portal.sent + limit) : rows.rows().size();
        for (int i = portal.sent; i < end; i++) {
            out.dataRow(rows.rows().get(i), oids, formats);
        }
        int sentNow = end - portal.sent;
        portal.sent = end;
        if (end < rows.rows().size()) {
            out.portalSuspended();
        } else {
            out.commandComplete(Results.tag(result, sentNow));
        }
    }

    private void close(MessageReader in) throws ProtocolException {
        byte kind = in.int8();
        String name = in.string();
        if (kind == 'S') {
            statements.remove(name);
        } else if (kind == 'P') {
            portals.remove(name);
        } else {
            throw in.malformed("Close of '" + (char) kind + "': it closes 'S' (a statement) or 'P' (a portal)");
        }
        out.closeComplete();
    }

    private Portal portal(String name) {
        Portal portal = portals.get(name);
        if (portal == null) {
            throw new SqlException("portal \"" + name + "\" does not exist", "34000");
        }
        return portal;
    }

    /** The portal's result, running its statement the first time. */
    private Result result(Portal portal) {
        if (portal.result == null) {
            portal.result = run(portal.statement, portal.values);
        }
        return portal.result;
    }

    private Result run(Parsed statement, List<Value> values) {
        return statement.command() != null ? statement.command() : statement.prepared().execute(values);
    }
}
