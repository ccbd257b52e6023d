package dev.fromzero.raft.net;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * One unit on the wire between the runtime's processes: a Raft message between nodes, or a
 * client's request, or a node's answer. Nodes and clients talk over plain TCP, and TCP is a
 * stream of bytes, so each unit is framed: a fixed header that says what follows and how long
 * it is, then the payload.
 *
 * <pre>
 * offset  size  field
 * 0       4     magic "FZRN": a stray connection (a browser, redis-cli) is told apart at once
 * 4       1     version, {@value #VERSION}
 * 5       1     kind: 1 a Raft message, 2 a client request, 3 a reply, 4 a status request
 * 6       4     length of everything after this field; at most {@value #MAX_LENGTH}
 * 10      2     length n of the cluster id (UTF-8)
 * 12      n     cluster id: a node answers only frames of its own cluster
 * 12+n    4     sender: the node id for a Raft message, 0 from a client
 * 16+n    4     CRC32C of the payload: MessageCodec checks nothing a checksum would
 * 20+n    ...   payload: {@link dev.fromzero.raft.MessageCodec}'s bytes, or the KV service's
 * </pre>
 *
 * <p>The length is read before anything is allocated, and a frame longer than the limit is refused
 * unread: a peer that sends four bytes of garbage must not make the node allocate gigabytes.
 */
public record Frame(Kind kind, String cluster, int sender, byte[] payload) {

    public static final int MAGIC = 0x465A524E; // "FZRN"
    public static final int VERSION = 1;
    /** The longest frame: a snapshot of a course-sized store fits with room to spare. */
    public static final int MAX_LENGTH = 64 << 20;
    /** The longest cluster id, in UTF-8 bytes. */
    public static final int MAX_CLUSTER = 255;

    /** What a frame carries. */
    public enum Kind {
        RAFT(1), REQUEST(2), REPLY(3), STATUS(4);

        final int code;

        Kind(int code) {
            this.code = code;
        }

        static Kind of(int code) {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            return null;
        }
    }

    public Frame {
        if (cluster.getBytes(StandardCharsets.UTF_8).length > MAX_CLUSTER || cluster.isEmpty()) {
            throw new IllegalArgumentException("a cluster id has 1 to " + MAX_CLUSTER + " bytes, got '" + cluster + "'");
        }
    }

    /** Writes this frame to {@code out}; the caller flushes, so that frames sent together go out together. */
    public void write(OutputStream out) throws IOException {
        byte[] id = cluster.getBytes(StandardCharsets.UTF_8);
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeByte(VERSION);
        data.writeByte(kind.code);
        data.writeInt(2 + id.length + 4 + 4 + payload.length);
        data.writeShort(id.length);
        data.write(id);
        data.writeInt(sender);
        data.writeInt(checksum(payload));
        data.write(payload);
    }

    /**
     * Reads the next frame from {@code in}, or returns null if the stream ends cleanly before
     * one begins.
     *
     * @throws BadFrameException if the bytes are not a whole, intact frame, saying what is wrong
     * @throws IOException if the connection fails
     */
    public static Frame read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int first = in.read();
        if (first < 0) {
            return null;
        }
        try {
            int magic = (first << 24) | (data.readUnsignedByte() << 16) | data.readUnsignedShort();
            if (magic != MAGIC) {
                throw new BadFrameException(String.format("not a fromzero Raft frame: it starts with 0x%08x %s, not \"FZRN\"",
                        magic, printable(magic)));
            }
            int version = data.readUnsignedByte();
            if (version != VERSION) {
                throw new BadFrameException("frame version " + version + ", but this node speaks version " + VERSION);
            }
            int code = data.readUnsignedByte();
            Kind kind = Kind.of(code);
            if (kind == null) {
                throw new BadFrameException("unknown frame kind " + code + " (1 Raft message, 2 request, 3 reply, 4 status)");
            }
            int length = data.readInt();
            if (length < 10 || length > MAX_LENGTH) {
                throw new BadFrameException("frame length " + Integer.toUnsignedString(length) + " is outside 10.." + MAX_LENGTH);
            }
            int idLength = data.readUnsignedShort();
            if (idLength < 1 || idLength > MAX_CLUSTER || 2 + idLength + 8 > length) {
                throw new BadFrameException("cluster id length " + idLength + " does not fit a frame of " + length + " bytes");
            }
            String cluster = new String(data.readNBytes(idLength), StandardCharsets.UTF_8);
            int sender = data.readInt();
            int crc = data.readInt();
            byte[] payload = new byte[length - 2 - idLength - 8];
            data.readFully(payload);
            if (checksum(payload) != crc) {
                throw new BadFrameException("the payload of a " + payload.length + "-byte frame from sender " + sender
                        + " fails its CRC32C check: damaged in transit");
            }
            return new Frame(kind, cluster, sender, payload);
        } catch (EOFException e) {
            throw new BadFrameException("the connection ended in the middle of a frame");
        }
    }

    private static int checksum(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    private static String printable(int magic) {
        StringBuilder text = new StringBuilder("(\"");
        for (int shift = 24; shift >= 0; shift -= 8) {
            int c = (magic >>> shift) & 0xff;
            text.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : ".");
        }
        return text.append("\")").toString();
    }
}
