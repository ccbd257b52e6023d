package dev.fromzero.raft.net;

import dev.fromzero.raft.RaftNode;
import dev.fromzero.raft.Role;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What one node says about itself when asked ({@link Frame.Kind#STATUS}): its role, term, the
 * leader it knows, and how far its log, its commit index and its state machine have got. A node
 * answers from its own view, which may be stale: {@code ./course raft status} asks every node and
 * shows all the answers side by side.
 *
 * <p>Bytes: id (int), role (byte: its ordinal), term (long), leader (int), last index, commit
 * index, applied index (long each).
 */
public record NodeStatus(int id, Role role, long term, int leader, long lastIndex, long commitIndex, long appliedIndex) {

    /** The status of {@code node} now. */
    static NodeStatus of(RaftNode node) {
        return new NodeStatus(node.id(), node.role(), node.term(), node.leader(), node.lastIndex(), node.commitIndex(),
                node.appliedIndex());
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(id);
            out.writeByte(role.ordinal());
            out.writeLong(term);
            out.writeInt(leader);
            out.writeLong(lastIndex);
            out.writeLong(commitIndex);
            out.writeLong(appliedIndex);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The status in {@code bytes}.
     *
     * @throws IllegalArgumentException if they are not a status
     */
    static NodeStatus decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int id = in.readInt();
            int role = in.readUnsignedByte();
            if (role >= Role.values().length) {
                throw new IllegalArgumentException("not a node status: role " + role + " at byte 4");
            }
            NodeStatus status = new NodeStatus(id, Role.values()[role], in.readLong(), in.readInt(), in.readLong(),
                    in.readLong(), in.readLong());
            if (in.available() != 0) {
                throw new IllegalArgumentException("not a node status: " + in.available() + " bytes left over");
            }
            return status;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a node status: " + bytes.length + " bytes are too few", e);
        }
    }

    @Override
    public String toString() {
        String who = role == Role.LEADER ? "LEADER" : role + (leader == RaftNode.NONE ? ", no leader known" : ", follows " + leader);
        return "node " + id + ": " + who + ", term " + term + ", last index " + lastIndex + ", commit " + commitIndex
                + ", applied " + appliedIndex;
    }
}
