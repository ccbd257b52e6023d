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
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The model of the disk under the power-cut file system's root: which bytes and which names have
 * reached it. Every change made through the file system comes here, under one lock, and happens
 * on the real file too, so that the real files always hold the newest state; the model remembers
 * how to take back what a power cut may lose.
 *
 * <p>Two locks: {@link #power}, which every operation holds (shared) while it runs and a cut holds
 * alone, so that a cut falls between operations; and the monitor of this object, which orders
 * changes to the model.
 */
final class Disk {

    /** Files the model keeps out of sight: deleted files a cut may bring back, and a cut's work. */
    static final String HIDDEN = ".powercut";

    final Path realRoot;
    final Path unlinkedDir;
    final ReentrantReadWriteLock power = new ReentrantReadWriteLock();
    /** Raised by each cut: channels opened before it belong to a dead process. */
    volatile int generation;
    /** Set by {@link PowerCut#failForces}: every force fails, and makes nothing durable. */
    volatile boolean forcesFail;
    DirNode root;
    long nextId;
    final List<NameChange> pendingNames = new ArrayList<>();
    /** The last pending change of each entry, per directory. */
    final Map<DirNode, Map<String, NameChange>> lastChange = new IdentityHashMap<>();
    /** Files deleted (or replaced) whose deletion a cut may still undo, and where their bytes are kept. */
    final Map<FileNode, Path> unlinked = new IdentityHashMap<>();
    final Set<TrackedChannel> open = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

    Disk(Path realRoot) {
        this.realRoot = realRoot.toAbsolutePath().normalize();
        this.unlinkedDir = this.realRoot.resolve(HIDDEN).resolve("unlinked");
        try {
            Files.createDirectories(unlinkedDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the power-cut file system in " + realRoot, e);
        }
        rescan();
    }

    /** Forgets every change: what the real files hold now is all durable (after a cut, or at the start). */
    synchronized void rescan() {
        pendingNames.clear();
        lastChange.clear();
        unlinked.clear();
        root = new DirNode(nextId++);
        scanInto(root, realRoot);
    }

    private void scanInto(DirNode dir, Path real) {
        try (Stream<Path> entries = Files.list(real)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (dir == root && name.equals(HIDDEN)) {
                    continue;
                }
                Node node;
                if (Files.isDirectory(entry)) {
                    DirNode sub = new DirNode(nextId++);
                    scanInto(sub, entry);
                    node = sub;
                } else {
                    FileNode file = new FileNode(nextId++);
                    file.size = Files.size(entry);
                    file.crc = crcOf(entry);
                    node = file;
                }
                dir.children.put(name, node);
                dir.durable.put(name, node);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + real, e);
        }
    }

    // ----- paths -----

    /** The names from the root to {@code real}, or null if it is not below the root. */
    List<String> namesOf(Path real) {
        Path abs = real.toAbsolutePath().normalize();
        if (!abs.startsWith(realRoot)) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (Path name : realRoot.relativize(abs)) {
            if (!name.toString().isEmpty()) {
                names.add(name.toString());
            }
        }
        if (!names.isEmpty() && names.get(0).equals(HIDDEN)) {
            throw new IllegalArgumentException(real + " is the power-cut file system's own bookkeeping; "
                    + "give the code under test a directory below " + realRoot + " and leave " + HIDDEN + " alone");
        }
        return names;
    }

    /** The node at {@code names}, or null. */
    synchronized Node lookup(List<String> names) {
        Node node = root;
        for (String name : names) {
            if (!(node instanceof DirNode dir)) {
                return null;
            }
            node = dir.children.get(name);
            if (node == null) {
                return null;
            }
        }
        return node;
    }

    /** The directory holding {@code names}, which must exist in the model. */
    synchronized DirNode parentOf(List<String> names, Path real) throws IOException {
        if (names.isEmpty()) {
            throw new IOException("the power-cut file system's root " + real + " cannot be created, moved or deleted");
        }
        if (lookup(names.subList(0, names.size() - 1)) instanceof DirNode dir) {
            return dir;
        }
        throw new NoSuchFileException(real.toString(), null, "its directory does not exist");
    }

    // ----- liveness -----

    /** Enters an operation of a channel opened in {@code openedIn}: fails if the power was cut since. */
    void enter(int openedIn, Path path) throws IOException {
        power.readLock().lock();
        if (openedIn != generation) {
            power.readLock().unlock();
            throw new IOException("the power was cut: " + path + " was opened by a process that no longer runs; "
                    + "reopen the store to go on");
        }
    }

    void exit() {
        power.readLock().unlock();
    }

    // ----- names -----

    /** Records a change to names (already made on the real files) and applies it to the current entries. */
    synchronized void change(List<Edit> edits) {
        NameChange change = new NameChange(edits);
        for (Edit edit : edits) {
            Map<String, NameChange> last = lastChange.computeIfAbsent(edit.dir(), d -> new HashMap<>());
            addDependency(change, last.put(edit.name(), change));
            addDependency(change, edit.dir().linkedBy);
            Node old = edit.dir().children.get(edit.name());
            if (old instanceof DirNode removedDir && edit.node() == null) {
                removedDir.pendingInside.forEach(inside -> addDependency(change, inside));
            }
            edit.dir().pendingInside.add(change);
        }
        for (Edit edit : edits) {
            if (edit.node() == null) {
                edit.dir().children.remove(edit.name());
            } else {
                edit.dir().children.put(edit.name(), edit.node());
                if (edit.node() instanceof DirNode linked) {
                    linked.linkedBy = change;
                }
            }
        }
        pendingNames.add(change);
    }

    private static void addDependency(NameChange change, NameChange on) {
        if (on != null && on != change && !on.compacted && !change.dependsOn.contains(on)) {
            change.dependsOn.add(on);
        }
    }

    /** A sync of {@code dir}: every change of its entries so far is durable, and all they build on. */
    synchronized void syncDirectory(DirNode dir) {
        ArrayDeque<NameChange> todo = new ArrayDeque<>(dir.pendingInside);
        while (!todo.isEmpty()) {
            NameChange change = todo.pop();
            if (!change.durable) {
                change.durable = true;
                todo.addAll(change.dependsOn);
            }
        }
        while (!pendingNames.isEmpty() && pendingNames.get(0).durable) {
            compact(pendingNames.remove(0));
        }
    }

    private void compact(NameChange change) {
        change.compacted = true;
        for (Edit edit : change.edits) {
            if (edit.node() == null) {
                edit.dir().durable.remove(edit.name());
            } else {
                edit.dir().durable.put(edit.name(), edit.node());
            }
            edit.dir().pendingInside.remove(change);
            lastChange.getOrDefault(edit.dir(), Map.of()).remove(edit.name(), change);
            if (edit.node() instanceof DirNode linked && linked.linkedBy == change) {
                linked.linkedBy = null;
            }
        }
    }

    /** A new file or directory node for a name just created. */
    synchronized FileNode newFile() {
        return new FileNode(nextId++);
    }

    synchronized DirNode newDirectory() {
        return new DirNode(nextId++);
    }

    /**
     * Deletes the file or empty directory {@code real}, keeping a file's bytes where a cut can
     * bring them back.
     */
    synchronized void delete(List<String> names, Path real) throws IOException {
        DirNode parent = parentOf(names, real);
        String name = names.get(names.size() - 1);
        Node node = parent.children.get(name);
        if (node == null) {
            throw new NoSuchFileException(real.toString());
        }
        if (node instanceof FileNode file) {
            Path keep = unlinkedDir.resolve(Long.toString(file.id));
            Files.move(real, keep);
            unlinked.put(file, keep);
        } else {
            if (!((DirNode) node).children.isEmpty()) {
                throw new DirectoryNotEmptyException(real.toString());
            }
            Files.delete(real);
        }
        change(List.of(new Edit(parent, name, null)));
    }

    /** Renames {@code from} to {@code to}, replacing a file there, as one atomic change. */
    synchronized void move(List<String> fromNames, Path from, List<String> toNames, Path to,
                           java.nio.file.CopyOption... options) throws IOException {
        DirNode fromDir = parentOf(fromNames, from);
        DirNode toDir = parentOf(toNames, to);
        String fromName = fromNames.get(fromNames.size() - 1);
        String toName = toNames.get(toNames.size() - 1);
        Node node = fromDir.children.get(fromName);
        if (node == null) {
            throw new NoSuchFileException(from.toString());
        }
        Node replaced = toDir.children.get(toName);
        if (replaced == node) {
            return;
        }
        Path keep = null;
        if (replaced instanceof FileNode replacedFile) {
            keep = unlinkedDir.resolve(Long.toString(replacedFile.id));
            Files.createLink(keep, to);
        }
        try {
            Files.move(from, to, options);
        } catch (IOException | RuntimeException e) {
            if (keep != null) {
                Files.deleteIfExists(keep);
            }
            throw e;
        }
        if (keep != null) {
            unlinked.put((FileNode) replaced, keep);
        }
        change(List.of(new Edit(fromDir, fromName, null), new Edit(toDir, toName, node)));
    }

    // ----- data -----

    /**
     * Writes {@code src} to {@code channel}'s file at {@code offset} (or at its end, when
     * {@code offset < 0}) and returns the offset it went to.
     */
    synchronized long write(TrackedChannel channel, ByteBuffer src, long offset) throws IOException {
        FileNode node = channel.node;
        checkUntouched(node, channel.delegate, channel.path);
        long at = offset < 0 ? node.size : offset;
        int length = src.remaining();
        if (length == 0) {
            return at;
        }
        byte[] before = read(channel.delegate, at, Math.max(0, Math.min(length, node.size - at)));
        ByteBuffer forCrc = src.duplicate();
        long written = 0;
        while (src.hasRemaining()) {
            written += channel.delegate.write(src, at + written);
        }
        node.pending.add(new Write(at, length, node.size, before));
        if (at == node.size) {
            node.crc.update(forCrc);
            node.size += length;
        } else if (at > node.size) {
            node.crc.update(new byte[(int) (at - node.size)]);
            node.crc.update(forCrc);
            node.size = at + length;
        } else {
            node.size = Math.max(node.size, at + length);
            node.crc = crcOf(channel.delegate, node.size);
        }
        return at;
    }

    /** Cuts {@code channel}'s file to {@code size}, if it is larger. */
    synchronized void truncate(TrackedChannel channel, long size) throws IOException {
        FileNode node = channel.node;
        checkUntouched(node, channel.delegate, channel.path);
        if (size >= node.size) {
            return;
        }
        byte[] cut = read(channel.delegate, size, node.size - size);
        channel.delegate.truncate(size);
        node.pending.add(new Truncate(size, node.size, cut));
        node.size = size;
        node.crc = crcOf(channel.delegate, size);
    }

    /** A force: every change made to the file so far is durable. */
    synchronized void force(TrackedChannel channel) throws IOException {
        checkForce(channel.path);
        checkUntouched(channel.node, channel.delegate, channel.path);
        channel.node.pending.clear();
    }

    /** Fails a force of {@code path} while {@link PowerCut#failForces} says so, as fsync fails with EIO. */
    void checkForce(Path path) throws IOException {
        if (forcesFail) {
            throw new IOException("the disk failed to sync " + path + " (a failure simulated by PowerCut.failForces)");
        }
    }

    private static void checkUntouched(FileNode node, FileChannel delegate, Path path) throws IOException {
        long real = delegate.size();
        if (real != node.size) {
            throw new IOException(Bypass.message(path, "it has " + real + " bytes, but " + node.size
                    + " were written through its Path"));
        }
    }

    static byte[] read(FileChannel channel, long offset, long length) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate((int) length);
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, offset + bytes.position()) < 0) {
                break;
            }
        }
        return bytes.array();
    }

    static CRC32C crcOf(FileChannel channel, long size) throws IOException {
        CRC32C crc = new CRC32C();
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        for (long at = 0; at < size; ) {
            buffer.clear();
            int n = channel.read(buffer, at);
            if (n < 0) {
                break;
            }
            buffer.flip();
            crc.update(buffer);
            at += n;
        }
        return crc;
    }

    static CRC32C crcOf(Path real) throws IOException {
        try (FileChannel channel = FileChannel.open(real, StandardOpenOption.READ)) {
            return crcOf(channel, channel.size());
        }
    }

    synchronized void opened(TrackedChannel channel) {
        open.add(channel);
    }

    synchronized void closed(TrackedChannel channel) {
        open.remove(channel);
    }

    /** Creates, in the model, the file or directory that was just created at {@code names}. */
    synchronized void created(List<String> names, Path real, Node node) throws IOException {
        DirNode parent = parentOf(names, real);
        String name = names.get(names.size() - 1);
        if (parent.children.containsKey(name)) {
            throw new FileAlreadyExistsException(real.toString());
        }
        change(List.of(new Edit(parent, name, node)));
    }
}
