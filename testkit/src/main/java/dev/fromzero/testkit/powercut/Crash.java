package dev.fromzero.testkit.powercut;

import dev.fromzero.testkit.powercut.Nodes.DataChange;
import dev.fromzero.testkit.powercut.Nodes.DirNode;
import dev.fromzero.testkit.powercut.Nodes.Edit;
import dev.fromzero.testkit.powercut.Nodes.FileNode;
import dev.fromzero.testkit.powercut.Nodes.NameChange;
import dev.fromzero.testkit.powercut.Nodes.Node;
import dev.fromzero.testkit.powercut.Nodes.Truncate;
import dev.fromzero.testkit.powercut.Nodes.Write;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A power cut: picks one state the disk may be in after it, under the rules of {@link PowerCut},
 * and leaves exactly that on the real disk.
 *
 * <ol>
 *   <li>Check that no file changed behind the file system's back: its undo information would be wrong.
 *   <li>Kill the process's files: every channel open before the cut fails from now on.
 *   <li>Pick the names: every durable change, and of the others any set that includes what each builds on.
 *   <li>Pick each file's bytes: its forced content, then some of its later changes in order, the
 *       last one possibly torn at a 512-byte sector boundary (and, when it grew the file, with
 *       zeros where its data did not arrive).
 *   <li>Rebuild the directory tree from those names and bytes, and start afresh: all of it durable.
 * </ol>
 */
final class Crash {

    static final int SECTOR = 512;

    /** How much of what is not durable survives. */
    interface Choices {
        /** Whether a change of names that is not durable (and whose dependencies survived) survives. */
        boolean keep(NameChange change);

        /** How many of a file's {@code pending} changes since its last force survive, in order. */
        int kept(int pending);

        /** How the first lost write is torn, or null if it is lost whole. */
        Tear tear(Write write);
    }

    /** The first {@code at - offset} bytes of a write arrived; the rest did not, and reads as zeros if {@code zeros}. */
    record Tear(long at, boolean zeros) {
    }

    private final Disk disk;
    private final Choices choices;
    private final List<String> report = new ArrayList<>();

    private Crash(Disk disk, Choices choices) {
        this.disk = disk;
        this.choices = choices;
    }

    /** Cuts the power of {@code disk} and returns what the cut lost, in words. */
    static String cut(Disk disk, Choices choices) {
        disk.power.writeLock().lock();
        try {
            synchronized (disk) {
                return new Crash(disk, choices).run();
            }
        } finally {
            disk.power.writeLock().unlock();
        }
    }

    private String run() {
        List<String> bypassed = new ArrayList<>();
        Map<FileNode, Path> now = new IdentityHashMap<>(disk.unlinked);
        checkTree(disk.root, disk.realRoot, now, bypassed);
        disk.unlinked.forEach((node, kept) -> checkFile(node, kept, bypassed));
        if (!bypassed.isEmpty()) {
            throw new AssertionError("the power cut cannot tell what reached the disk:\n  " + String.join("\n  ", bypassed));
        }
        for (TrackedChannel channel : List.copyOf(disk.open)) {
            try {
                channel.delegate.close(); // the process is gone: its files close and its locks go
            } catch (IOException ignored) {
                // closing is all that matters
            }
        }
        disk.open.clear();
        disk.generation++;
        try {
            rebuild(now, names());
        } catch (IOException e) {
            throw new UncheckedIOException("the power cut could not rebuild " + disk.realRoot + ": " + e.getMessage(), e);
        }
        disk.rescan();
        return report.isEmpty() ? "everything had reached the disk; nothing was lost" : String.join("; ", report);
    }

    // ----- 1. what changed behind the file system's back -----

    private void checkTree(DirNode dir, Path real, Map<FileNode, Path> now, List<String> bypassed) {
        Set<String> onDisk = new TreeSet<>();
        try (Stream<Path> entries = Files.list(real)) {
            entries.map(p -> p.getFileName().toString())
                    .filter(name -> !(dir == disk.root && name.equals(Disk.HIDDEN)))
                    .forEach(onDisk::add);
        } catch (IOException e) {
            bypassed.add(real + " cannot be listed (" + e.getMessage() + "): was it deleted behind the file system's back?");
            return;
        }
        for (String name : onDisk) {
            if (!dir.children.containsKey(name)) {
                bypassed.add(real.resolve(name) + " exists, but was not created through its Path");
            }
        }
        dir.children.forEach((name, node) -> {
            Path path = real.resolve(name);
            if (!onDisk.contains(name)) {
                bypassed.add(path + " was created through its Path but is gone: deleted behind the file system's back");
            } else if (node instanceof DirNode sub) {
                checkTree(sub, path, now, bypassed);
            } else {
                now.put((FileNode) node, path);
                checkFile((FileNode) node, path, bypassed);
            }
        });
    }

    private static void checkFile(FileNode node, Path real, List<String> bypassed) {
        try {
            long size = Files.size(real);
            if (size != node.size) {
                bypassed.add(Bypass.message(real, "it has " + size + " bytes, but " + node.size + " were written through its Path"));
            } else if (Disk.crcOf(real).getValue() != node.crc.getValue()) {
                bypassed.add(Bypass.message(real, "its bytes differ from those written through its Path"));
            }
        } catch (IOException e) {
            bypassed.add(real + " cannot be read: " + e.getMessage());
        }
    }

    // ----- 3. names -----

    /** The entries of every directory after the cut. */
    private Map<DirNode, Map<String, Node>> names() {
        Map<DirNode, Map<String, Node>> entries = new IdentityHashMap<>();
        Set<NameChange> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        int lost = 0;
        for (NameChange change : disk.pendingNames) {
            boolean dependenciesKept = change.dependsOn.stream().allMatch(d -> d.compacted || kept.contains(d));
            if (change.durable || (dependenciesKept && choices.keep(change))) {
                kept.add(change);
                for (Edit edit : change.edits) {
                    Map<String, Node> dir = entries.computeIfAbsent(edit.dir(), d -> new TreeMap<>(d.durable));
                    if (edit.node() == null) {
                        dir.remove(edit.name());
                    } else {
                        dir.put(edit.name(), edit.node());
                    }
                }
            } else {
                lost++;
            }
        }
        if (lost > 0) {
            report.add("lost " + lost + " of " + disk.pendingNames.size() + " changes of names (creates, renames, "
                    + "deletes) that no directory sync had made durable");
        }
        return entries;
    }

    // ----- 4 and 5. bytes, and the tree -----

    private void rebuild(Map<FileNode, Path> now, Map<DirNode, Map<String, Node>> entries) throws IOException {
        Path stage = disk.realRoot.resolve(Disk.HIDDEN).resolve("stage");
        Files.createDirectories(stage);
        Map<Path, Node> after = new LinkedHashMap<>();
        place(disk.root, disk.realRoot, entries, after);
        Map<Path, Path> staged = new LinkedHashMap<>();
        for (Map.Entry<Path, Node> entry : after.entrySet()) {
            if (entry.getValue() instanceof FileNode file) {
                Path to = stage.resolve(Long.toString(file.id));
                stageBytes(file, now.get(file), to, entry.getKey());
                staged.put(entry.getKey(), to);
            }
        }
        deleteTree(disk.realRoot, true);
        for (Map.Entry<Path, Node> entry : after.entrySet()) {
            if (entry.getValue() instanceof DirNode) {
                Files.createDirectories(entry.getKey());
            } else {
                Files.move(staged.get(entry.getKey()), entry.getKey());
            }
        }
        deleteTree(disk.realRoot.resolve(Disk.HIDDEN), false);
        Files.createDirectories(disk.unlinkedDir);
    }

    private static void place(DirNode dir, Path real, Map<DirNode, Map<String, Node>> entries, Map<Path, Node> after) {
        Map<String, Node> children = entries.getOrDefault(dir, dir.durable);
        children.forEach((name, node) -> {
            Path path = real.resolve(name);
            after.put(path, node);
            if (node instanceof DirNode sub) {
                place(sub, path, entries, after);
            }
        });
    }

    /** Writes to {@code to} the bytes {@code file} has after the cut; its bytes now are in {@code from}. */
    private void stageBytes(FileNode file, Path from, Path to, Path name) throws IOException {
        List<DataChange> pending = file.pending;
        int kept = pending.isEmpty() ? 0 : choices.kept(pending.size());
        Tear tear = kept < pending.size() && pending.get(kept) instanceof Write w ? choices.tear(w) : null;
        if (kept == pending.size()) {
            Files.move(from, to);
            return;
        }
        Files.copy(from, to);
        try (FileChannel channel = FileChannel.open(to, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            for (int i = pending.size() - 1; i > kept; i--) {
                undo(channel, pending.get(i));
            }
            if (tear == null) {
                undo(channel, pending.get(kept));
            } else {
                tear(channel, (Write) pending.get(kept), tear);
            }
        }
        report.add(disk.realRoot.relativize(name) + ": kept " + kept + " of " + pending.size() + " unsynced writes"
                + (tear == null ? "" : ", then " + (tear.at() - ((Write) pending.get(kept)).offset())
                        + " bytes of the next one (torn at byte " + tear.at() + (tear.zeros() ? ", zeros after it" : "") + ")"));
    }

    private static void undo(FileChannel channel, DataChange change) throws IOException {
        if (change instanceof Write w) {
            writeFully(channel, w.before(), w.offset());
            if (channel.size() > w.sizeBefore()) {
                channel.truncate(w.sizeBefore());
            }
        } else {
            Truncate t = (Truncate) change;
            writeFully(channel, t.cut(), t.newSize());
        }
    }

    private static void tear(FileChannel channel, Write w, Tear tear) throws IOException {
        long at = tear.at();
        if (at < w.sizeBefore()) {
            byte[] before = w.before();
            writeFully(channel, Arrays.copyOfRange(before, (int) (at - w.offset()), before.length), at);
        }
        if (tear.zeros()) {
            long from = Math.max(at, w.sizeBefore());
            if (w.end() > from) {
                writeFully(channel, new byte[(int) (w.end() - from)], from);
            }
        } else {
            long size = Math.max(w.sizeBefore(), at);
            if (channel.size() > size) {
                channel.truncate(size);
            }
        }
    }

    private static void writeFully(FileChannel channel, byte[] bytes, long offset) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer, offset + buffer.position());
        }
    }

    private static void deleteTree(Path root, boolean keepHidden) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                boolean hidden = root.relativize(p).startsWith(Disk.HIDDEN);
                if (!p.equals(root) && !(keepHidden && hidden)) {
                    Files.delete(p);
                }
            }
        }
    }
}
