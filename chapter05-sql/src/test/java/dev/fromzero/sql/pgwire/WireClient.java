package dev.fromzero.sql.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PostgreSQL client at the level of bytes, for what psql and pgJDBC never send: a raw startup,
 * single messages, garbage. Reads time out after 20 s, a guard against a server that never
 * answers; no test needs it to pass.
 */
final class WireClient implements AutoCloseable {

    /** A message from the server: its type and body. */
    record Message(char type, byte[] body) {

        /** The fields of an ErrorResponse, by their one-letter codes ('S' severity, 'C' SQLSTATE, 'M' message). */
        Map<Character, String> errorFields() {
            Map<Character, String> fields = new LinkedHashMap<>();
            int pos = 0;
            while (body[pos] != 0) {
                char code = (char) body[pos++];
                int end = pos;
                while (body[end] != 0) {
                    end++;
                }
                fields.put(code, new String(body, pos, end - pos, StandardCharsets.UTF_8));
                pos = end + 1;
            }
            return fields;
        }

        /** The NUL-terminated strings of the body, in order (ParameterStatus, CommandComplete). */
        List<String> strings() {
            List<String> strings = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < body.length; i++) {
                if (body[i] == 0) {
                    strings.add(new String(body, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return strings;
        }

        /** A DataRow's values as text, null for NULL. */
        List<String> dataRow() {
            ByteBuffer in = ByteBuffer.wrap(body);
            List<String> values = new ArrayList<>();
            for (int n = in.getShort(); n > 0; n--) {
                int length = in.getInt();
                if (length < 0) {
                    values.add(null);
                } else {
                    byte[] bytes = new byte[length];
                    in.get(bytes);
                    values.add(new String(bytes, StandardCharsets.UTF_8));
                }
            }
            return values;
        }

        /** A RowDescription's columns as "name:typeOid". */
        List<String> columns() {
            ByteBuffer in = ByteBuffer.wrap(body);
            List<String> columns = new ArrayList<>();
            for (int n = in.getShort(); n > 0; n--) {
                int start = in.position();
                while (in.get() != 0) {
                    // the name's bytes
                }
                String name = new String(body, start, in.position() - start - 1, StandardCharsets.UTF_8);
                in.getInt(); // table OID
                in.getShort(); // attribute number
                int oid = in.getInt();
                in.getShort(); // type size
                in.getInt(); // type modifier
                in.getShort(); // format
                columns.add(name + ":" + oid);
            }
            return columns;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private WireClient(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(20_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static WireClient connect(int port) throws IOException {
        return new WireClient(new Socket(InetAddress.getLoopbackAddress(), port));
    }

    /** Connects and completes the startup: the messages up to and including the first ReadyForQuery. */
    static WireClient started(int port) throws IOException {
        WireClient client = connect(port);
        List<Message> greeting = client.startup();
        assertThat(greeting.get(greeting.size() - 1).type()).as("the startup ends with ReadyForQuery").isEqualTo('Z');
        return client;
    }

    /** Sends a protocol 3.0 startup packet for user "test" and reads the answer up to ReadyForQuery. */
    List<Message> startup() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(ByteBuffer.allocate(4).putInt(3 << 16).array());
        for (String s : List.of("user", "test", "database", "test", "")) {
            body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            body.write(0);
        }
        byte[] b = body.toByteArray();
        raw(ByteBuffer.allocate(4 + b.length).putInt(4 + b.length).put(b).array());
        return untilReady();
    }

    /** A typed message with {@code body}, framed with its correct length. */
    void send(char type, byte[] body) throws IOException {
        raw(ByteBuffer.allocate(5 + body.length).put((byte) type).putInt(4 + body.length).put(body).array());
    }

    void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next message; fails the test if the server closed the connection instead. */
    Message read() throws IOException {
        int type = in.read();
        assertThat(type).as("the server closed the connection where a message was expected").isNotNegative();
        int length = in.readInt();
        byte[] body = new byte[length - 4];
        in.readFully(body);
        return new Message((char) type, body);
    }

    /** One byte without framing: the answer to an SSLRequest. */
    int readByte() throws IOException {
        return in.read();
    }

    /** Messages up to and including the next ReadyForQuery. */
    List<Message> untilReady() throws IOException {
        List<Message> messages = new ArrayList<>();
        Message m;
        do {
            m = read();
            messages.add(m);
        } while (m.type() != 'Z');
        return messages;
    }

    /** Whether the server closed the connection after what was read so far. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException reset) {
            return true;
        }
    }

    /** The types of {@code messages}, as a string: "TDCZ". */
    static String types(List<Message> messages) {
        StringBuilder b = new StringBuilder();
        messages.forEach(m -> b.append(m.type()));
        return b.toString();
    }

    /** A NUL-terminated UTF-8 string, as message bodies hold them. */
    static byte[] cstring(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(bytes.length + 1).put(bytes).put((byte) 0).array();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
