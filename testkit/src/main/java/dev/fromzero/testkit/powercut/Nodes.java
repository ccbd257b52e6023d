package dev.fromzero.testkit.powercut;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * What the power-cut file system knows about each file and directory under its root: a file's
 * writes since its last {@code force}, and a directory's entries now and as the disk holds them.
 * A node is the file itself (an inode), not its name, so it follows renames.
 */
final class Nodes {

    private Nodes() {
    }

    /** A file or a directory. */
    abstract static sealed class Node permits FileNode, DirNode {
        final long id;

        Node(long id) {
            this.id = id;
        }
    }

    /**
     * A regular file. Its real file always holds the newest bytes; what a power cut may lose is
     * undone from {@link #pending}, newest first, with the bytes each change overwrote.
     */
    static final class FileNode extends Node {
        /** The size the real file has, as written through this file system. */
        long size;
        /** The checksum of the real file's content, kept to notice writes that bypass this file system. */
        CRC32C crc = new CRC32C();
        /** Changes since the last force, oldest first. */
        final List<DataChange> pending = new ArrayList<>();

        FileNode(long id) {
            super(id);
        }
    }

    /** A directory: its entries now, and those the disk holds for sure (as of its syncs). */
    static final class DirNode extends Node {
        final Map<String, Node> children = new TreeMap<>();
        final Map<String, Node> durable = new TreeMap<>();
        /** The name change that linked this directory where it is, while it is not yet durable. */
        NameChange linkedBy;
        /** Name changes inside this directory that are not yet compacted into {@link #durable}. */
        final List<NameChange> pendingInside = new ArrayList<>();

        DirNode(long id) {
            super(id);
        }
    }

    /** A change to a file's bytes that has not been forced. */
    sealed interface DataChange {
        /** The file's size before the change. */
        long sizeBefore();
    }

    /**
     * {@code length} bytes written at {@code offset}; {@code before} holds what they overwrote
     * (the part below {@code sizeBefore}).
     */
    record Write(long offset, long length, long sizeBefore, byte[] before) implements DataChange {
        long end() {
            return offset + length;
        }
    }

    /** The file cut to {@code newSize}; {@code cut} holds the bytes it dropped. */
    record Truncate(long newSize, long sizeBefore, byte[] cut) implements DataChange {
    }

    /** One entry of a directory set to a node, or removed ({@code node == null}). */
    record Edit(DirNode dir, String name, Node node) {
    }

    /**
     * A create, delete, rename, mkdir or rmdir: one or two edits that a crash keeps or loses
     * together (a rename is atomic). It depends on the earlier changes it builds on; a crash keeps
     * it only if it keeps them too.
     */
    static final class NameChange {
        final List<Edit> edits;
        final List<NameChange> dependsOn = new ArrayList<>();
        /** A directory it touches was synced after it: every crash keeps it. */
        boolean durable;
        /** Applied to the durable entries and forgotten. */
        boolean compacted;

        NameChange(List<Edit> edits) {
            this.edits = edits;
        }
    }
}
