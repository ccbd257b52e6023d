//@ chapter 5
package dev.fromzero.sql.pgwire;

import dev.fromzero.sql.Result;
import dev.fromzero.sql.Session;
import dev.fromzero.sql.SqlException;
import dev.fromzero.sql.parser.Parser;
import dev.fromzero.sql.parser.Statement;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One client's connection, on a thread of its own: the startup handshake, then a loop over the
 * client's messages. The simple query protocol is here ('Q': SQL text, possibly several
 * statements, answered in full); the extended protocol (Parse, Bind, Describe, Execute, Sync) is
 * in {@link ExtendedProtocol}.
 *
 * <p>Errors are answered, never thrown at the server: an engine error or a malformed message gets
 * an ErrorResponse and the connection goes on; only a message whose length cannot be trusted (or
 * an unknown message type) ends the connection, after a FATAL ErrorResponse. Nothing one
 * connection does reaches another, except through the data they share.
 */
final class PgConnection implements Runnable {

    private static final int SSL_REQUEST = 80877103;
    private static final int GSSENC_REQUEST = 80877104;
    private static final int CANCEL_REQUEST = 80877102;

    private final Socket socket;
    private final Session session;
    private final int processId;
    private MessageWriter out;
    private SessionCommands commands;

    PgConnection(Socket socket, Session session, int processId) {
        this.socket = socket;
        this.session = session;
        this.processId = processId;
    }

    @Override
    public void run() {
        try (socket) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            out = new MessageWriter(new BufferedOutputStream(socket.getOutputStream()));
            try {
                if (startup(in)) {
                    serve(in);
                }
            } catch (ProtocolException e) {
                out.error("FATAL", "08P01", e.getMessage());
                out.flush();
            }
        } catch (IOException clientGone) {
            // the client closed the connection or the server is shutting down: nothing to answer
        } finally {
            session.close(); // rolls back a transaction the client left open
        }
    }

    /** The handshake; false if the client left (or asked for something this server does not do). */
    private boolean startup(DataInputStream in) throws IOException, ProtocolException {
        while (true) {
            Frames.Frame frame = Frames.readStartup(in);
            if (frame == null) {
                return false;
            }
            MessageReader reader = new MessageReader(frame);
            int code = reader.int32();
            if (code == SSL_REQUEST || code == GSSENC_REQUEST) {
                out.raw('N'); // no encryption: the client goes on in the clear, or gives up
                continue;
            }
            if (code == CANCEL_REQUEST) {
                return false; // statements are not cancellable; PostgreSQL too just closes this connection
            }
            int major = code >>> 16;
            int minor = code & 0xffff;
            if (major != 3) {
                throw new ProtocolException("unsupported frontend protocol " + major + "." + minor
                        + ": this server speaks protocol 3.0", true);
            }
            Map<String, String> options = new LinkedHashMap<>();
            List<String> unknown = new ArrayList<>();
            for (String name = reader.string(); !name.isEmpty(); name = reader.string()) {
                String value = reader.string();
                if (name.startsWith("_pq_.")) {
                    unknown.add(name);
                } else {
                    options.put(name, value);
                }
            }
            if (minor > 0 || !unknown.isEmpty()) {
                out.negotiateProtocolVersion(0, unknown);
            }
            greet(options);
            return true;
        }
    }

    /** No password is asked (the server listens on 127.0.0.1 only): AuthenticationOk, then the session's parameters. */
    private void greet(Map<String, String> options) throws IOException {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("server_version", "15.0");
        parameters.put("server_encoding", "UTF8");
        parameters.put("client_encoding", "UTF8");
        parameters.put("DateStyle", "ISO, MDY");
        parameters.put("integer_datetimes", "on");
        parameters.put("standard_conforming_strings", "on");
        parameters.put("TimeZone", "UTC");
        parameters.put("IntervalStyle", "postgres");
        parameters.put("is_superuser", "off");
        parameters.put("application_name", options.getOrDefault("application_name", ""));
        parameters.put("session_authorization", options.getOrDefault("user", ""));
        commands = new SessionCommands(parameters);
        out.authenticationOk();
        parameters.forEach(out::parameterStatus);
        out.backendKeyData(processId, 0);
        out.readyForQuery(transactionStatus());
        out.flush();
    }

    private void serve(DataInputStream in) throws IOException, ProtocolException {
        ExtendedProtocol extended = new ExtendedProtocol(session, commands, out);
        for (Frames.Frame frame = Frames.read(in); frame != null; frame = Frames.read(in)) {
            char type = frame.type();
            if (type == 'X') {
                return;
            }
            try {
                switch (type) {
                    case 'Q' -> simpleQuery(new MessageReader(frame).string());
                    case 'P', 'B', 'D', 'E', 'C', 'H', 'S' -> extended.handle(frame, transactionStatus());
                    case 'F', 'd', 'c', 'f' -> unsupported(type, extended);
                    default -> throw new ProtocolException("invalid frontend message type '" + type + "'", true);
                }
            } catch (ProtocolException e) {
                if (e.fatal()) {
                    throw e;
                }
                reportError(type, extended, "08P01", e.getMessage());
            }
        }
    }

    /** A function call or COPY: understood, not supported. */
    private void unsupported(char type, ExtendedProtocol extended) throws IOException {
        String what = type == 'F' ? "the function call protocol" : "COPY";
        reportError(type, extended, "0A000", what + " is not supported by this server");
    }

    /** An error outside any statement: in the simple protocol the query ends; in the extended one, the rest up to Sync is skipped. */
    private void reportError(char type, ExtendedProtocol extended, String sqlState, String message) throws IOException {
        out.error("ERROR", sqlState, message);
        if (type == 'Q' || type == 'F') {
            out.readyForQuery(transactionStatus());
        } else {
            extended.skipToSync();
        }
        out.flush();
    }

    /** Runs each statement of {@code sql} in order, answering each, until the first error; then ReadyForQuery. */
    private void simpleQuery(String sql) throws IOException {
        try {
            Optional<Result> command = commands.run(sql);
            if (command.isPresent()) {
                send(command.get());
            } else {
                List<Statement> statements = Parser.parseAll(sql);
                if (statements.isEmpty()) {
                    out.emptyQueryResponse();
                }
                for (Statement statement : statements) {
                    send(session.execute(statement));
                }
            }
        } catch (SqlException e) {
            out.error("ERROR", e.sqlState(), e.getMessage());
        } catch (RuntimeException e) {
            out.error("ERROR", "XX000", "internal error: " + e);
        }
        out.readyForQuery(transactionStatus());
        out.flush();
    }

    /** A whole result in text format: RowDescription and DataRows for rows, then CommandComplete. */
    private void send(Result result) {
        if (result instanceof Result.Rows rows) {
            int[] formats = new int[rows.columns().size()];
            int[] oids = Results.oids(rows.columns());
            out.rowDescription(rows.columns(), formats);
            rows.rows().forEach(row -> out.dataRow(row, oids, formats));
            out.commandComplete(Results.tag(result, rows.rows().size()));
        } else {
            out.commandComplete(Results.tag(result, 0));
        }
    }

    /**
     * ReadyForQuery's status: 'I' outside a transaction, 'T' inside one. PostgreSQL's 'E', a failed
     * transaction, never happens: a failed statement leaves this engine's transaction going on.
     */
    private char transactionStatus() {
        return session.inTransaction() ? 'T' : 'I';
    }
}
