package dev.fromzero.testkit.lin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {

    @Test
    @DisplayName("the recorder pairs calls with their returns; a call never answered has an unknown outcome")
    void recorder() {
        History history = new History();
        int put = history.call(1, Op.PUT, "k", "a", null, 10);
        int cas = history.call(2, Op.CAS, "k", "b", "a", 12);
        int get = history.call(3, Op.GET, "k", null, null, 13);
        history.returned(put, null, 20);
        history.returned(get, "a", 25);
        assertThat(history.operations()).containsExactly(Operation.put(1, "k", "a", 10, 20L),
                Operation.cas(2, "k", "a", "b", null, 12, null), Operation.get(3, "k", "a", 13, 25L));
        assertThatThrownBy(() -> history.returned(put, null, 30)).hasMessageContaining("has returned already");
        assertThatThrownBy(() -> history.returned(cas, "yes", 30)).hasMessageContaining("true or false");
        assertThatThrownBy(() -> history.call(1, Op.PUT, "k", null, null, 40)).hasMessageContaining("needs a value");
    }

    @Test
    @DisplayName("-Dfromzero.history.dir makes a checked history go to DIR, one file per scenario and seed; without it nothing is written")
    void exportThroughTheProperty(@TempDir Path dir) {
        List<Operation> history = List.of(Operation.put(1, "k", "a", 0, 10L), Operation.get(2, "k", "a", 20, 30L));
        String before = System.getProperty(HistoryFiles.PROPERTY);
        try {
            System.clearProperty(HistoryFiles.PROPERTY);
            assertThat(HistoryFiles.exportIfAsked("KvTest#basic", 41, history)).isEmpty();
            System.setProperty(HistoryFiles.PROPERTY, dir.resolve("histories").toString());
            Linearizability.assertLinearizable("KvTest#basic", 41, history);
            Linearizability.assertLinearizable("KvTest#basic", 42, history);
            Path file = dir.resolve("histories").resolve("KvTest.basic.seed-41.jsonl");
            assertThat(HistoryJson.read(file)).isEqualTo(history);
            assertThat(dir.resolve("histories")).isDirectoryContaining("glob:**/KvTest.basic.seed-42.jsonl");
        } finally {
            if (before == null) {
                System.clearProperty(HistoryFiles.PROPERTY);
            } else {
                System.setProperty(HistoryFiles.PROPERTY, before);
            }
        }
    }
}
