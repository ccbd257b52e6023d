package dev.fromzero.raft;

import dev.fromzero.raft.Message.AppendEntries;
import dev.fromzero.raft.Message.AppendEntriesResponse;
import dev.fromzero.raft.Message.InstallSnapshot;
import dev.fromzero.raft.Message.InstallSnapshotResponse;
import dev.fromzero.raft.Message.RequestVote;
import dev.fromzero.raft.Message.RequestVoteResponse;
import dev.fromzero.raft.Message.TimeoutNow;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns messages into bytes and back: the simulator sends every message through it, so that
 * nodes share no objects, and part 2's TCP runtime frames these bytes on the wire.
 *
 * <p>The format is big-endian, as {@link DataOutputStream} writes it: one byte for the kind
 * (1 to 7, in the order of {@link Message}'s records), then {@code from} and {@code to} (int),
 * {@code term} (long), then the kind's own fields in declaration order. A byte array is its
 * length (int) then its bytes; a list of entries is its size (int) then each entry's index,
 * term and command. The codec checks nothing a checksum would: the transport does that.
 */
public final class MessageCodec {

    private static final int REQUEST_VOTE = 1;
    private static final int REQUEST_VOTE_RESPONSE = 2;
    private static final int APPEND_ENTRIES = 3;
    private static final int APPEND_ENTRIES_RESPONSE = 4;
    private static final int INSTALL_SNAPSHOT = 5;
    private static final int INSTALL_SNAPSHOT_RESPONSE = 6;
    private static final int TIMEOUT_NOW = 7;

    private MessageCodec() {
    }

    /** The bytes of {@code message}. */
    public static byte[] encode(Message message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(kind(message));
            out.writeInt(message.from());
            out.writeInt(message.to());
            out.writeLong(message.term());
            if (message instanceof RequestVote m) {
                out.writeLong(m.lastLogIndex());
                out.writeLong(m.lastLogTerm());
                out.writeBoolean(m.preVote());
                out.writeBoolean(m.transfer());
            } else if (message instanceof RequestVoteResponse m) {
                out.writeBoolean(m.preVote());
                out.writeBoolean(m.granted());
            } else if (message instanceof AppendEntries m) {
                out.writeLong(m.prevLogIndex());
                out.writeLong(m.prevLogTerm());
                out.writeInt(m.entries().size());
                for (Entry entry : m.entries()) {
                    out.writeLong(entry.index());
                    out.writeLong(entry.term());
                    writeBytes(out, entry.command());
                }
                out.writeLong(m.leaderCommit());
                out.writeLong(m.round());
            } else if (message instanceof AppendEntriesResponse m) {
                out.writeBoolean(m.success());
                out.writeLong(m.index());
                out.writeLong(m.conflictTerm());
                out.writeLong(m.conflictIndex());
                out.writeLong(m.round());
            } else if (message instanceof InstallSnapshot m) {
                out.writeLong(m.snapshot().lastIndex());
                out.writeLong(m.snapshot().lastTerm());
                writeBytes(out, m.snapshot().data());
            } else if (message instanceof InstallSnapshotResponse m) {
                out.writeLong(m.lastIndex());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * The message in {@code bytes}.
     *
     * @throws IllegalArgumentException if the bytes are not one whole message, saying what is wrong and at which byte
     */
    public static Message decode(byte[] bytes) {
        Reader in = new Reader(bytes);
        int kind = in.unsignedByte();
        int from = in.readInt();
        int to = in.readInt();
        long term = in.readLong();
        Message message = switch (kind) {
            case REQUEST_VOTE -> new RequestVote(from, to, term, in.readLong(), in.readLong(), in.readBoolean(), in.readBoolean());
            case REQUEST_VOTE_RESPONSE -> new RequestVoteResponse(from, to, term, in.readBoolean(), in.readBoolean());
            case APPEND_ENTRIES -> {
                long prevLogIndex = in.readLong();
                long prevLogTerm = in.readLong();
                int count = in.count("entries");
                List<Entry> entries = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    entries.add(in.build(() -> new Entry(in.readLong(), in.readLong(), in.bytes())));
                }
                long leaderCommit = in.readLong();
                long round = in.readLong();
                yield in.build(() -> new AppendEntries(from, to, term, prevLogIndex, prevLogTerm, entries, leaderCommit, round));
            }
            case APPEND_ENTRIES_RESPONSE -> new AppendEntriesResponse(from, to, term, in.readBoolean(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
            case INSTALL_SNAPSHOT -> {
                Snapshot snapshot = in.build(() -> new Snapshot(in.readLong(), in.readLong(), in.bytes()));
                yield new InstallSnapshot(from, to, term, snapshot);
            }
            case INSTALL_SNAPSHOT_RESPONSE -> new InstallSnapshotResponse(from, to, term, in.readLong());
            case TIMEOUT_NOW -> new TimeoutNow(from, to, term);
            default -> throw new IllegalArgumentException("not a Raft message: unknown kind " + kind + " at byte 0 of " + bytes.length);
        };
        if (in.remaining() != 0) {
            throw new IllegalArgumentException("not one Raft message: " + in.remaining() + " bytes left over after a "
                    + message.getClass().getSimpleName() + " of " + (bytes.length - in.remaining()) + " bytes");
        }
        return message;
    }

    private static int kind(Message message) {
        if (message instanceof RequestVote) {
            return REQUEST_VOTE;
        } else if (message instanceof RequestVoteResponse) {
            return REQUEST_VOTE_RESPONSE;
        } else if (message instanceof AppendEntries) {
            return APPEND_ENTRIES;
        } else if (message instanceof AppendEntriesResponse) {
            return APPEND_ENTRIES_RESPONSE;
        } else if (message instanceof InstallSnapshot) {
            return INSTALL_SNAPSHOT;
        } else if (message instanceof InstallSnapshotResponse) {
            return INSTALL_SNAPSHOT_RESPONSE;
        }
        return TIMEOUT_NOW;
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Reads fields, and turns a short or malformed message into an error that says where. */
    private static final class Reader {
        private final byte[] bytes;
        private final DataInputStream in;

        Reader(byte[] bytes) {
            this.bytes = bytes;
            this.in = new DataInputStream(new ByteArrayInputStream(bytes));
        }

        int remaining() {
            try {
                return in.available();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private int at() {
            return bytes.length - remaining();
        }

        int unsignedByte() {
            return read(in::readUnsignedByte);
        }

        int readInt() {
            return read(in::readInt);
        }

        long readLong() {
            return read(in::readLong);
        }

        boolean readBoolean() {
            return read(in::readBoolean);
        }

        int count(String what) {
            int at = at();
            int count = readInt();
            if (count < 0 || count > remaining()) {
                throw new IllegalArgumentException("not a Raft message: " + count + " " + what + " at byte " + at
                        + ", but only " + remaining() + " bytes follow");
            }
            return count;
        }

        byte[] bytes() {
            int length = count("bytes");
            byte[] out = new byte[length];
            read(() -> {
                in.readFully(out);
                return null;
            });
            return out;
        }

        /** Builds a record, reporting the record's own check as a malformed message. */
        <T> T build(Supplier<T> record) {
            int at = at();
            try {
                return record.get();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a Raft message: bad field after byte " + at + ": " + e.getMessage(), e);
            }
        }

        private interface Field<T> {
            T read() throws IOException;
        }

        private <T> T read(Field<T> field) {
            int at = at();
            try {
                return field.read();
            } catch (EOFException e) {
                throw new IllegalArgumentException("not a Raft message: it ends at byte " + at + " of " + bytes.length
                        + " in the middle of a field");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
