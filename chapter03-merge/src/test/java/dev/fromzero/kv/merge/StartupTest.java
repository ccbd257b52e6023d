package dev.fromzero.kv.merge;

import static dev.fromzero.kv.merge.MergeFixtures.assertMatches;
import static dev.fromzero.kv.merge.MergeFixtures.bytes;
import static dev.fromzero.kv.merge.MergeFixtures.dataFileOf;
import static dev.fromzero.kv.merge.MergeFixtures.hints;
import static dev.fromzero.kv.merge.MergeFixtures.model;
import static dev.fromzero.kv.merge.MergeFixtures.names;
import static dev.fromzero.kv.merge.MergeFixtures.number;
import static dev.fromzero.kv.merge.MergeFixtures.open;
import static dev.fromzero.kv.merge.MergeFixtures.segments;
import static dev.fromzero.testkit.Explained.assertThrown;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fromzero.kv.CorruptionException;
import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.index.HintFile;
import dev.fromzero.kv.merge.MergeFixtures.Both;
import dev.fromzero.kv.merge.MergeFixtures.LogCapture;
import dev.fromzero.testkit.Bounded;
import dev.fromzero.testkit.FileFaults;
import dev.fromzero.testkit.Hint;
import dev.fromzero.testkit.Points;
import dev.fromzero.testkit.Scratch;
import dev.fromzero.testkit.Step;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@Step(chapter = 3, number = 3, title = "Startup from hints", guide = "docs/chapter03-merge.md#step-3-startup-from-hints")
@Hint("On open, a segment whose hint reads back whole (HintFile.read with the data file's size) is indexed from "
        + "the hint alone, without reading the data file. A hint that is missing where one should be, or that fails "
        + "to read, is worth a WARNING naming the file, then the data file is scanned as before: a hint only makes "
        + "startup faster, it never decides what the store holds.")
class StartupTest {

    /** A merged store of 60 keys over several merged segments, with some writes after the merge. */
    private static TreeMap<byte[], byte[]> mergedStore(Path dir) {
        TreeMap<byte[], byte[]> model = model();
        KvStore store = open(dir);
        try (Bounded.Closing closing = MergeFixtures.closing(store, "a merge of 60 keys and a write")) {
            Both w = new Both(store, model);
            for (int round = 0; round < 3; round++) {
                for (int k = 0; k < 60; k++) {
                    w.put("key-%03d".formatted(k), "round-" + round + "-" + "x".repeat(k % 13 + 1));
                }
            }
            for (int k = 0; k < 60; k += 7) {
                w.delete("key-%03d".formatted(k));
            }
            MergeFixtures.merge(store, "the merge of three rounds of 60 keys");
            w.put("after-merge", "a write after the merge");
        }
        assertThat(hints(dir).size()).as("merged segments with hints after merging 60 keys into 512-byte segments")
                .isGreaterThanOrEqualTo(2);
        return model;
    }

    @Test
    @Points(3)
    @DisplayName("opening a merged store reads its hints, not its data: a damaged value there goes unnoticed until read")
    @Hint("If open fails here, it scanned a merged data file whose hint was fine. Read the hint instead: the data "
            + "is only read when a key is.")
    void openUsesHints(@Scratch Path dir) {
        TreeMap<byte[], byte[]> model = mergedStore(dir);
        Path hint = hints(dir).get(0);
        Path data = dataFileOf(hint);
        HintFile.Entry victim = HintFile.read(hint, FileFaults.size(data)).stream()
                .filter(e -> model.get(e.key()).length > 0).findFirst().orElseThrow();
        // The last byte of a record is the last byte of its value: its checksum no longer matches.
        FileFaults.xor(data, victim.offset() + victim.length() - 1, (byte) 0x55);
        KvStore store;
        try {
            store = open(dir);
        } catch (CorruptionException e) {
            throw new AssertionError("open() failed on a value damaged in " + data.getFileName() + ", a merged data "
                    + "file with an intact hint " + hint.getFileName() + ": open must index it from the hint and "
                    + "not read the data file. It threw: " + e, e);
        }
        try (store) {
            assertThrown(CorruptionException.class, () -> store.get(victim.key()),
                    "get(%s), whose record in %s was damaged: a read checks the record's checksum and reports "
                            + "the damage, never returns wrong data",
                    MergeFixtures.show(victim.key()), data.getFileName());
            for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
                if (!java.util.Arrays.equals(e.getKey(), victim.key())) {
                    assertThat(store.get(e.getKey())).as("get(%s), a key not damaged", MergeFixtures.show(e.getKey()))
                            .isEqualTo(e.getValue());
                }
            }
            assertThat(store.stats().liveKeys()).as("live keys, counted from the hints").isEqualTo(model.size());
        }
    }

    @Test
    @Points(2)
    @DisplayName("a missing hint is no loss: open scans that segment, logs a WARNING naming it, and has the same state")
    @Hint("The store knows which segments a merge wrote (and so must have hints). Warn through "
            + "System.getLogger(\"dev.fromzero.kv\") with the file's name, then scan the data file.")
    void missingHintFallsBack(@Scratch Path dir) {
        TreeMap<byte[], byte[]> model = mergedStore(dir);
        Path hint = hints(dir).get(0);
        delete(hint);
        assertFallsBack(dir, model, hint, "deleted");
    }

    @Test
    @Points(2)
    @DisplayName("a corrupt hint (a byte flipped, or cut short) is no loss: open warns, scans the segment, same state")
    void corruptHintFallsBack(@Scratch Path dir) {
        TreeMap<byte[], byte[]> model = mergedStore(dir);
        List<Path> hints = hints(dir);
        Path flipped = hints.get(0);
        FileFaults.xor(flipped, FileFaults.size(flipped) / 2, (byte) 0x01);
        assertFallsBack(dir, model, flipped, "with a byte flipped in its middle");
        Path cut = hints(dir).get(hints(dir).size() - 1);
        FileFaults.truncate(cut, FileFaults.size(cut) - 5);
        assertFallsBack(dir, model, cut, "cut 5 bytes short");
    }

    @Test
    @Points(2)
    @DisplayName("a stale hint, written for a data file of another size, is no loss: open warns and scans instead")
    @Hint("The data-file size in the hint's header is there for this: a hint that was not written for this exact "
            + "file must not be trusted.")
    void staleHintFallsBack(@Scratch Path dir) {
        TreeMap<byte[], byte[]> model = mergedStore(dir);
        List<Path> hints = hints(dir);
        Path first = hints.get(0);
        Path other = hints.stream().filter(h -> FileFaults.size(dataFileOf(h)) != FileFaults.size(dataFileOf(first)))
                .findFirst().orElseThrow(() -> new AssertionError("the merged data files " + names(segments(dir))
                        + " all have one size; the test needs two of different sizes"));
        try {
            Files.copy(other, first, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertFallsBack(dir, model, first, "replaced by the hint of " + dataFileOf(other).getFileName());
    }

    /** Opens {@code dir}: it must hold the model, and have logged a WARNING naming {@code hint}'s segment. */
    private static void assertFallsBack(Path dir, TreeMap<byte[], byte[]> model, Path hint, String damage) {
        List<byte[]> absent = new ArrayList<>();
        for (int k = 0; k < 60; k += 7) {
            absent.add(bytes("key-%03d".formatted(k)));
        }
        try (LogCapture log = LogCapture.attach()) {
            try (KvStore store = open(dir)) {
                assertMatches(store, model, absent, "after reopening with hint " + hint.getFileName() + " " + damage
                        + ": the segment must be scanned instead");
            }
            List<String> warnings = log.warnings();
            assertThat(warnings)
                    .as("WARNING messages logged to \"dev.fromzero.kv\" while opening with hint %s %s: one must name the "
                            + "file (its number %s), so that an operator learns that startup was slow and why",
                            hint.getFileName(), damage, number(hint))
                    .anyMatch(message -> message.contains(number(hint)));
        }
        assertThat(Files.exists(dataFileOf(hint))).as("the data file of hint %s", hint.getFileName()).isTrue();
    }

    private static void delete(Path file) {
        try {
            Files.delete(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
