package dev.fromzero.raft.kv;

import dev.fromzero.kv.KeyValue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The bytes of a state-machine snapshot: every record of the store (user keys, sessions and the
 * applied index alike, see {@link KvStateMachine}), so that a follower far behind can be sent
 * the whole state in one InstallSnapshot and rebuild its store from it.
 *
 * <p>Format, big-endian: the magic {@code "KVS1"}, the record count (int), each record as key
 * length (int), key bytes, value length (int), value bytes, then the CRC32C of everything before
 * it (int). A snapshot travels over the network and sits on disk, so {@link #decode} checks the
 * magic, every length and the checksum, and names what is wrong.
 */
final class KvSnapshot {

    private static final int MAGIC = 0x4B565331; // "KVS1"

    private KvSnapshot() {
    }

    static byte[] encode(Iterator<KeyValue> records) {
        List<KeyValue> all = new ArrayList<>();
        long size = 4 + 4 + 4;
        while (records.hasNext()) {
            KeyValue record = records.next();
            all.add(record);
            size += 8 + record.key().length + record.value().length;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("the store holds " + size + " bytes: too many for one snapshot (at most 2 GiB)");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.putInt(MAGIC).putInt(all.size());
        for (KeyValue record : all) {
            out.putInt(record.key().length).put(record.key());
            out.putInt(record.value().length).put(record.value());
        }
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        return out.array();
    }

    /**
     * The records of a snapshot.
     *
     * @throws IllegalArgumentException if the bytes are not a whole, undamaged snapshot
     */
    static List<KeyValue> decode(byte[] bytes) {
        if (bytes.length < 12) {
            throw new IllegalArgumentException("a KV snapshot of " + bytes.length + " bytes is too short: it has at least 12");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.getInt() != MAGIC) {
            throw new IllegalArgumentException("not a KV snapshot: it does not start with KVS1");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
            throw new IllegalArgumentException("a KV snapshot of " + bytes.length + " bytes is damaged: its CRC32C does not match");
        }
        int count = in.getInt();
        List<KeyValue> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(new KeyValue(chunk(in, i), chunk(in, i)));
        }
        if (in.remaining() != 4) {
            throw new IllegalArgumentException("a KV snapshot has " + (in.remaining() - 4) + " bytes after its " + count + " records");
        }
        return records;
    }

    private static byte[] chunk(ByteBuffer in, int record) {
        int length = in.remaining() >= 4 ? in.getInt() : -1;
        if (length < 0 || length > in.remaining() - 4) {
            throw new IllegalArgumentException("record " + record + " of a KV snapshot runs past its end, at byte " + in.position());
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }
}
