package dev.fromzero.testkit.lin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.fromzero.testkit.Seed;
import dev.fromzero.testkit.Seeded;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Seeded
class HistoryJsonTest {

    @Test
    @DisplayName("an operation is written as one JSON line in the issue's format, and the issue's line reads back")
    void format() {
        String line = "{\"client\":3,\"op\":\"put\",\"key\":\"k1\",\"value\":\"v7\",\"expected\":null,\"output\":null,\"call\":1200,\"return\":1830}";
        Operation op = Operation.put(3, "k1", "v7", 1200, 1830L);
        assertThat(HistoryJson.line(op)).isEqualTo(line);
        assertThat(HistoryJson.parse(line, "issue")).isEqualTo(op);
        assertThat(HistoryJson.line(Operation.cas(1, "k", null, "b", true, 5, 9L)))
                .isEqualTo("{\"client\":1,\"op\":\"cas\",\"key\":\"k\",\"value\":\"b\",\"expected\":null,\"output\":true,\"call\":5,\"return\":9}");
        assertThat(HistoryJson.line(Operation.get(2, "k", null, 5, null)))
                .as("an unknown outcome has a null return").endsWith("\"output\":null,\"call\":5,\"return\":null}");
        assertThat(HistoryJson.parse(" { \"return\" : null , \"call\":5,\"output\":null,\"expected\":null,\"value\":null,"
                + "\"key\":\"k\",\"op\":\"get\",\"client\":2 } ", "spaced")).as("fields in any order, with spaces")
                .isEqualTo(Operation.get(2, "k", null, 5, null));
    }

    @Test
    @DisplayName("any history survives a write and a read, strings with quotes, escapes and any characters included")
    void roundTrip(Seed seed) {
        String[] odd = {"plain", "with \"quotes\"", "back\\slash", "line\nbreak\ttab\r", "\u0001\u001f", "ünïcødé ✓ 𝄞", ""};
        seed.theory(200)
                .forAll(longs().all(), integers().between(0, 60))
                .checkAssert((s, count) -> {
                    Random random = new Random(s);
                    List<Operation> history = RandomHistories.linearizable(random, 4, 3, count, 0.2).stream()
                            .map(op -> op.op() == Op.PUT ? Operation.put(op.client(), odd[random.nextInt(odd.length)] + op.key(),
                                    op.value() + odd[random.nextInt(odd.length)], op.call(), op.returned()) : op)
                            .toList();
                    StringWriter out = new StringWriter();
                    try {
                        HistoryJson.write(history, out);
                        assertThat(out.toString().lines().count()).as("one line per operation").isEqualTo(history.size());
                        assertThat(HistoryJson.read(new StringReader(out.toString()), "test")).isEqualTo(history);
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                });
    }

    @Test
    @DisplayName("a file written by export reads back and checks the same")
    void fileRoundTrip(Seed seed, @TempDir Path dir) {
        List<Operation> history = RandomHistories.linearizable(seed.random(), 5, 2, 300, 0.1);
        Path file = dir.resolve("h.jsonl");
        HistoryJson.write(history, file);
        assertThat(HistoryJson.read(file)).isEqualTo(history);
        assertThat(Linearizability.check(HistoryJson.read(file))).isInstanceOf(Verdict.Linearizable.class);
    }

    @Test
    @DisplayName("a bad line is refused with the file, the line, the column and what is wrong")
    void badLines(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, HistoryJson.line(Operation.put(1, "k", "a", 0, 1L)) + "\n\n"
                + "{\"client\":1,\"op\":\"put\",\"key\":\"k\",\"value\":\"a\",\"expected\":null,\"output\":null,\"call\":0,\"return\":x}\n");
        assertThatThrownBy(() -> HistoryJson.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file + ":3:94").hasMessageContaining("expected a string, an integer");
        assertThatThrownBy(() -> HistoryJson.parse("{\"client\":1}", "f:1")).hasMessageContaining("f:1: missing field \"op\"");
        assertThatThrownBy(() -> HistoryJson.parse("{\"client\":1,\"colour\":2}", "f:1")).hasMessageContaining("unknown field \"colour\"");
        assertThatThrownBy(() -> HistoryJson.parse(line("\"op\":\"append\""), "f:1"))
                .hasMessageContaining("f:1: unknown op \"append\"").hasMessageContaining("put, get, delete, cas");
        assertThatThrownBy(() -> HistoryJson.parse(line("\"op\":\"get\",\"output\":true"), "f:1"))
                .hasMessageContaining("f:1").hasMessageContaining("string or null");
        assertThatThrownBy(() -> HistoryJson.parse(line("\"call\":\"soon\""), "f:1")).hasMessageContaining("\"call\" must be an integer");
        assertThatThrownBy(() -> HistoryJson.parse(line("\"call\":1.5"), "f:1")).hasMessageContaining("expected ',' or '}'");
        assertThatThrownBy(() -> HistoryJson.parse(line("\"key\":\"k\\q\""), "f:1")).hasMessageContaining("unknown escape");
        assertThatThrownBy(() -> HistoryJson.parse("{\"client\":1", "f:1")).hasMessageContaining("the line ends too early");
        assertThatThrownBy(() -> HistoryJson.parse(line("") + "x", "f:1")).hasMessageContaining("text after the object");
    }

    /** A good delete line with {@code change} in place of its first fields. */
    private static String line(String change) {
        String rest = "\"client\":1,\"op\":\"delete\",\"key\":\"k\",\"value\":null,\"expected\":null,\"output\":null,\"call\":0,\"return\":1";
        if (change.isEmpty()) {
            return "{" + rest + "}";
        }
        String field = change.substring(0, change.indexOf(':'));
        StringBuilder out = new StringBuilder("{").append(change);
        for (String part : rest.split(",")) {
            if (!part.startsWith(field) && !change.contains(part.substring(0, part.indexOf(':') + 1))) {
                out.append(',').append(part);
            }
        }
        return out.append('}').toString();
    }
}
