package dev.fromzero.sql.pgwire;

import static dev.fromzero.sql.pgwire.WireClient.cstring;
import static dev.fromzero.sql.pgwire.WireClient.types;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.sql.pgwire.WireClient.Message;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The server's messages, byte for byte, as PostgreSQL's protocol 3.0 defines them. */
@Step(chapter = 5, number = 13, title = "The PostgreSQL wire protocol",
        guide = "docs/chapter05-sql.md#step-13-the-postgresql-wire-protocol")
@Hint("Every message after the startup is a type byte, then a length that counts itself but not the type byte, then "
        + "the body. Get the framing right first (a length off by four desynchronizes everything after it), then "
        + "RowDescription and DataRow, whose values travel as text unless the client asked for binary.")
class WireProtocolTest {

    private static byte[] query(String sql) {
        return cstring(sql);
    }

    @Test
    @Points(2)
    @DisplayName("the startup refuses SSL with 'N', then sends AuthenticationOk, the parameters, BackendKeyData and ReadyForQuery")
    void startupHandshake(@Scratch Path dir) throws IOException {
        try (Served s = Served.in(dir); WireClient c = WireClient.connect(s.port())) {
            c.raw(ByteBuffer.allocate(8).putInt(8).putInt(80877103).array());
            assertThat(c.readByte()).as("the answer to an SSLRequest: 'N', no SSL").isEqualTo('N');
            List<Message> greeting = c.startup();
            assertThat(greeting.get(0).type()).as("the first message is Authentication").isEqualTo('R');
            assertThat(ByteBuffer.wrap(greeting.get(0).body()).getInt()).as("AuthenticationOk is code 0").isZero();
            Map<String, String> parameters = new HashMap<>();
            greeting.stream().filter(m -> m.type() == 'S').forEach(m -> parameters.put(m.strings().get(0), m.strings().get(1)));
            assertThat(parameters).as("the ParameterStatus messages clients rely on")
                    .containsEntry("client_encoding", "UTF8").containsEntry("integer_datetimes", "on")
                    .containsKeys("server_version", "DateStyle");
            assertThat(parameters.get("DateStyle")).startsWith("ISO");
            assertThat(types(greeting)).as("BackendKeyData, then ReadyForQuery, end the startup").endsWith("KZ");
            assertThat(greeting.get(greeting.size() - 1).body()).as("ReadyForQuery says idle").containsExactly('I');
        }
    }

    @Test
    @Points(3)
    @DisplayName("a simple query answers RowDescription with type OIDs, a DataRow of text values per row, and CommandComplete")
    void simpleQueryDescribesAndSendsRows(@Scratch Path dir) throws IOException {
        try (Served s = Served.in(dir); WireClient c = WireClient.started(s.port())) {
            c.send('Q', query("SELECT 1 AS a, 'x' AS b, NULL AS c, 2.5 AS d, TRUE AS e, 1e20 AS f"));
            List<Message> answer = c.untilReady();
            assertThat(types(answer)).as("RowDescription, DataRow, CommandComplete, ReadyForQuery").isEqualTo("TDCZ");
            assertThat(answer.get(0).columns()).as("names and OIDs: int8 20, text 25, float8 701, bool 16; an unknown"
                    + " type is text").containsExactly("a:20", "b:25", "c:25", "d:701", "e:16", "f:701");
            assertThat(answer.get(1).dataRow()).as("values in text format; NULL as length -1")
                    .containsExactly("1", "x", null, "2.5", "t", "1e+20");
            assertThat(answer.get(2).strings()).as("the tag of a query: SELECT and the row count").containsExactly("SELECT 1");
        }
    }

    @Test
    @Points(2)
    @DisplayName("a simple query of several statements answers each with its command tag")
    void simpleQueryRunsEveryStatement(@Scratch Path dir) throws IOException {
        try (Served s = Served.in(dir); WireClient c = WireClient.started(s.port())) {
            c.send('Q', query("CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT); INSERT INTO t VALUES (1, 'x'), (2, 'y');"
                    + " UPDATE t SET b = 'z' WHERE a = 1; DELETE FROM t WHERE a = 2; SELECT a, b FROM t; DROP TABLE t"));
            List<Message> answer = c.untilReady();
            assertThat(types(answer)).isEqualTo("CCCCTDCCZ");
            assertThat(answer.stream().filter(m -> m.type() == 'C').map(m -> m.strings().get(0)))
                    .as("the command tags clients parse for counts")
                    .containsExactly("CREATE TABLE", "INSERT 0 2", "UPDATE 1", "DELETE 1", "SELECT 1", "DROP TABLE");
            assertThat(answer.get(5).dataRow()).containsExactly("1", "z");
            c.send('Q', query("  ;  "));
            assertThat(types(c.untilReady())).as("an empty query: EmptyQueryResponse, then ReadyForQuery").isEqualTo("IZ");
            c.send('Q', query("BEGIN"));
            List<Message> begun = c.untilReady();
            assertThat(begun.get(0).strings()).containsExactly("BEGIN");
            assertThat(begun.get(1).body()).as("ReadyForQuery inside a transaction says 'T'").containsExactly('T');
            c.send('Q', query("COMMIT"));
            assertThat(c.untilReady().get(1).body()).as("ReadyForQuery after COMMIT says 'I' again").containsExactly('I');
        }
    }

    @Test
    @Points(2)
    @DisplayName("an error answers ErrorResponse with severity, SQLSTATE and message, stops the query, and the connection goes on")
    void errorsKeepTheConnection(@Scratch Path dir) throws IOException {
        try (Served s = Served.in(dir); WireClient c = WireClient.started(s.port())) {
            c.send('Q', query("SELEC 1"));
            List<Message> answer = c.untilReady();
            assertThat(types(answer)).isEqualTo("EZ");
            Map<Character, String> error = answer.get(0).errorFields();
            assertThat(error).as("a syntax error's fields").containsEntry('S', "ERROR").containsEntry('C', "42601")
                    .containsKey('M');
            c.send('Q', query("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1); SELECT * FROM nope; INSERT INTO t VALUES (2)"));
            answer = c.untilReady();
            assertThat(types(answer)).as("the statements before the error run; none after it").isEqualTo("CCEZ");
            assertThat(answer.get(2).errorFields()).containsEntry('C', "42P01");
            assertThat(answer.get(2).errorFields().get('M')).as("the message names the table").contains("nope");
            c.send('Q', query("SELECT a FROM t"));
            answer = c.untilReady();
            assertThat(types(answer)).as("the connection still works, and the statement after the error did not run")
                    .isEqualTo("TDCZ");
        }
    }

    @Test
    @Points(3)
    @DisplayName("a malformed message gets a FATAL ErrorResponse 08P01 and only its own connection ends; other clients are served")
    void malformedMessagesEndOnlyTheirConnection(@Scratch Path dir) throws IOException {
        try (Served s = Served.in(dir); WireClient bystander = WireClient.started(s.port())) {
            try (WireClient c = WireClient.started(s.port())) {
                c.raw(ByteBuffer.allocate(5).put((byte) 'Q').putInt(2).array());
                assertFatalProtocolError(c, "a message whose length is 2, less than its own 4 bytes");
            }
            try (WireClient c = WireClient.started(s.port())) {
                c.raw(ByteBuffer.allocate(5).put((byte) 'Q').putInt(Integer.MAX_VALUE).array());
                assertFatalProtocolError(c, "a message whose length is 2 GiB");
            }
            try (WireClient c = WireClient.started(s.port())) {
                c.send('w', new byte[0]);
                assertFatalProtocolError(c, "a message of an unknown type");
            }
            try (WireClient c = WireClient.connect(s.port())) {
                c.raw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertFatalProtocolError(c, "an HTTP request where the startup packet belongs");
            }
            try (WireClient c = WireClient.started(s.port())) {
                c.send('Q', "SELECT 1".getBytes(StandardCharsets.UTF_8));
                List<Message> answer = c.untilReady();
                assertThat(types(answer)).as("a query without its NUL: an error, and the connection goes on").isEqualTo("EZ");
                assertThat(answer.get(0).errorFields()).containsEntry('C', "08P01");
                c.send('Q', query("SELECT 2"));
                assertThat(c.untilReady().get(1).dataRow()).containsExactly("2");
            }
            bystander.send('Q', query("SELECT 'still here'"));
            assertThat(bystander.untilReady().get(1).dataRow()).as("a client connected all along is still served")
                    .containsExactly("still here");
            try (WireClient late = WireClient.started(s.port())) {
                late.send('Q', query("SELECT 3"));
                assertThat(late.untilReady().get(1).dataRow()).as("a new client is served").containsExactly("3");
            }
        }
    }

    private static void assertFatalProtocolError(WireClient c, String what) throws IOException {
        Message m = c.read();
        assertThat(m.type()).as("the answer to %s is an ErrorResponse", what).isEqualTo('E');
        assertThat(m.errorFields()).as("the error fields for %s", what).containsEntry('S', "FATAL").containsEntry('C', "08P01");
        assertThat(c.closedByServer()).as("after %s the server closes that connection", what).isTrue();
    }

    @Test
    @Points(3)
    @DisplayName("the extended protocol parses, binds text and binary parameters, describes, executes, and skips to Sync after an error")
    void extendedProtocol(@Scratch Path dir) throws IOException {
        try (Served s = Served.in(dir); WireClient c = WireClient.started(s.port())) {
            c.send('P', concat(cstring("q"), cstring("SELECT $1 + 1 AS n, $2 AS t"), shorts(2), ints(23, 25)));
            c.send('B', concat(cstring(""), cstring("q"), shorts(2, 1, 0), shorts(2), ints(4), ints(41), ints(2),
                    "hi".getBytes(StandardCharsets.UTF_8), shorts(0)));
            c.send('D', concat(new byte[] {'P'}, cstring("")));
            c.send('E', concat(cstring(""), ints(0)));
            c.send('S', new byte[0]);
            List<Message> answer = c.untilReady();
            assertThat(types(answer)).as("ParseComplete, BindComplete, RowDescription, DataRow, CommandComplete, ReadyForQuery")
                    .isEqualTo("12TDCZ");
            assertThat(answer.get(2).columns()).containsExactly("n:20", "t:25");
            assertThat(answer.get(3).dataRow()).as("$1 bound as a binary int4 41, $2 as text 'hi'").containsExactly("42", "hi");

            c.send('P', concat(cstring(""), cstring("SELEC 1"), shorts(0)));
            c.send('B', concat(cstring(""), cstring(""), shorts(0), shorts(0), shorts(0)));
            c.send('E', concat(cstring(""), ints(0)));
            c.send('S', new byte[0]);
            answer = c.untilReady();
            assertThat(types(answer)).as("after the Parse fails, Bind and Execute are skipped until Sync").isEqualTo("EZ");
            assertThat(answer.get(0).errorFields()).containsEntry('C', "42601");

            c.send('B', concat(cstring(""), cstring("q"), shorts(0), shorts(2), ints(2), "40".getBytes(StandardCharsets.UTF_8),
                    ints(-1), shorts(0)));
            c.send('E', concat(cstring(""), ints(0)));
            c.send('S', new byte[0]);
            answer = c.untilReady();
            assertThat(types(answer)).as("the named statement runs again, in text format, without a Describe").isEqualTo("2DCZ");
            assertThat(answer.get(1).dataRow()).as("$1 as text '40', $2 NULL").containsExactly("41", null);
        }
    }

    private static byte[] shorts(int... values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length);
        for (int v : values) {
            b.putShort((short) v);
        }
        return b.array();
    }

    private static byte[] ints(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
