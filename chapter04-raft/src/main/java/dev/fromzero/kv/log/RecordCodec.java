package dev.fromzero.kv.log;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Turns records into bytes and back. This is the on-disk format of every data file.
 *
 * <pre>
 * offset  size   field
 * ------  -----  ----------------------------------------------------------------------
 * 0       4      header checksum: CRC32C of bytes 4 .. end of header, little-endian
 * 4       4      payload checksum: CRC32C of the key bytes then the value bytes, little-endian
 * 8       1      type: 1 put, 2 tombstone, 3 batch commit; +0x80 for a member of a batch
 * 9       1..3   key length k, unsigned varint, at most 65,536 ({@link #MAX_KEY_SIZE})
 * .       1..4   value length v, unsigned varint, at most 16 MiB ({@link #MAX_VALUE_SIZE})
 * .       k      key
 * .       v      value
 * </pre>
 *
 * <p>Why two checksums: the lengths decide where the next record starts. If only one checksum
 * covered the whole record, a flipped bit in a length would send the reader past the end of the
 * file, and the damage would look like a harmless torn write at the tail, hiding every record
 * after it. With its own checksum, a damaged header is recognised as damage at once.
 *
 * <p>A batch commit record has an empty key and, as its value, the number of members that
 * precede it, as a varint. A tombstone has an empty value.
 */
public final class RecordCodec {

    /** The largest key, in bytes. */
    public static final int MAX_KEY_SIZE = 64 * 1024;
    /** The largest value, in bytes. */
    public static final int MAX_VALUE_SIZE = 16 * 1024 * 1024;
    /** No header is longer than this: two checksums, the type, and two varints. */
    public static final int MAX_HEADER_SIZE = 4 + 4 + 1 + 2 * Varint.MAX_BYTES;

    static final int BATCH_MEMBER = 0x80;
    private static final int FIXED_HEADER = 9;

    private RecordCodec() {
    }

    /** The outcome of decoding the bytes at a buffer's position. */
    public sealed interface Decoded {
        /** A whole, intact record of {@code length} bytes. */
        record Ok(LogRecord record, boolean batchMember, int length) implements Decoded {
        }

        /**
         * The bytes end before the record does. {@code length} is the record's full length when
         * its header was intact, or 0 when the bytes end inside the header.
         */
        record Incomplete(int length) implements Decoded {
        }

        /**
         * The bytes are not a record: {@code reason} says why. {@code length} is the record's
         * length when its header was intact (so only the payload is damaged), or 0.
         */
        record Corrupt(String reason, int length) implements Decoded {
        }
    }

    /** How many bytes {@link #encode} writes for {@code record}. */
    public static int encodedSize(LogRecord record) {
        return FIXED_HEADER + Varint.size(record.key().length) + Varint.size(record.value().length)
                + record.key().length + record.value().length;
    }

    /** How many bytes a batch of {@code records} takes: its members and its commit record. */
    public static int encodedBatchSize(List<LogRecord> records) {
        long total = encodedSize(commit(records.size()));
        for (LogRecord record : records) {
            total += encodedSize(record);
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a batch of " + records.size() + " records is " + total
                    + " bytes, more than one write can hold; split it");
        }
        return (int) total;
    }

    /** The record that commits a batch of {@code count} members. */
    public static LogRecord commit(int count) {
        ByteBuffer value = ByteBuffer.allocate(Varint.size(count));
        Varint.write(value, count);
        return new LogRecord(RecordType.BATCH_COMMIT, new byte[0], value.array());
    }

    /** The number of members a batch commit record commits. */
    public static int committedCount(LogRecord commit) {
        if (commit.type() != RecordType.BATCH_COMMIT) {
            throw new IllegalArgumentException(commit + " is not a batch commit");
        }
        return Varint.read(ByteBuffer.wrap(commit.value()));
    }

    /**
     * Encodes {@code record} in the format above.
     *
     * @param batchMember whether the record belongs to a batch that a commit record will close
     * @throws IllegalArgumentException if the key or value is larger than the limits
     */
    public static byte[] encode(LogRecord record, boolean batchMember) {
        ByteBuffer out = ByteBuffer.allocate(encodedSize(record));
        encode(record, batchMember, out);
        return out.array();
    }

    /** Encodes {@code record} at the buffer's position, advancing it by {@link #encodedSize}. */
    public static void encode(LogRecord record, boolean batchMember, ByteBuffer out) {
        checkLimits(record);
        if (batchMember && record.type() == RecordType.BATCH_COMMIT) {
            throw new IllegalArgumentException("a batch commit record cannot be a member of a batch");
        }
        int start = out.position();
        out.position(start + 8);
        out.put((byte) (record.type().code() | (batchMember ? BATCH_MEMBER : 0)));
        Varint.write(out, record.key().length);
        Varint.write(out, record.value().length);
        int headerEnd = out.position();
        out.put(record.key());
        out.put(record.value());
        ByteBuffer checksums = out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        checksums.putInt(start + 4, crc(out, headerEnd, out.position()));
        checksums.putInt(start, crc(out, start + 4, headerEnd));
    }

    /**
     * Decodes the record at the buffer's position. On {@link Decoded.Ok} the position moves past
     * the record; otherwise it is left where it was.
     */
    public static Decoded decode(ByteBuffer in) {
        int start = in.position();
        ByteBuffer header = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (header.remaining() < FIXED_HEADER) {
            return new Decoded.Incomplete(0);
        }
        int headerCrc = header.getInt();
        int payloadCrc = header.getInt();
        int typeByte = header.get() & 0xff;
        int keyLength;
        int valueLength;
        try {
            keyLength = Varint.read(header);
            valueLength = Varint.read(header);
        } catch (BufferUnderflowException e) {
            return new Decoded.Incomplete(0);
        } catch (IllegalArgumentException e) {
            return new Decoded.Corrupt("malformed length in record header: " + e.getMessage(), 0);
        }
        int headerEnd = header.position();
        if (crc(in, start + 4, headerEnd) != headerCrc) {
            return new Decoded.Corrupt("header checksum mismatch", 0);
        }
        RecordType type = RecordType.fromCode(typeByte & ~BATCH_MEMBER);
        boolean batchMember = (typeByte & BATCH_MEMBER) != 0;
        String invalid = checkHeader(type, batchMember, keyLength, valueLength);
        if (invalid != null) {
            return new Decoded.Corrupt(invalid, 0);
        }
        long length = (long) headerEnd - start + keyLength + valueLength;
        if (in.limit() - start < length) {
            return new Decoded.Incomplete((int) length);
        }
        int payloadEnd = headerEnd + keyLength + valueLength;
        if (crc(in, headerEnd, payloadEnd) != payloadCrc) {
            return new Decoded.Corrupt("payload checksum mismatch", (int) length);
        }
        byte[] key = new byte[keyLength];
        byte[] value = new byte[valueLength];
        in.get(headerEnd, key);
        in.get(headerEnd + keyLength, value);
        in.position(payloadEnd);
        return new Decoded.Ok(new LogRecord(type, key, value), batchMember, (int) length);
    }

    private static void checkLimits(LogRecord record) {
        if (record.key().length > MAX_KEY_SIZE) {
            throw new IllegalArgumentException("key of " + record.key().length + " bytes is larger than the limit of "
                    + MAX_KEY_SIZE + " bytes (RecordCodec.MAX_KEY_SIZE)");
        }
        if (record.value().length > MAX_VALUE_SIZE) {
            throw new IllegalArgumentException("value of " + record.value().length + " bytes is larger than the limit of "
                    + MAX_VALUE_SIZE + " bytes (RecordCodec.MAX_VALUE_SIZE)");
        }
    }

    private static String checkHeader(RecordType type, boolean batchMember, int keyLength, int valueLength) {
        if (type == null) {
            return "unknown record type";
        }
        if (keyLength > MAX_KEY_SIZE || valueLength > MAX_VALUE_SIZE) {
            return "record lengths " + keyLength + "/" + valueLength + " exceed the limits";
        }
        if (type == RecordType.TOMBSTONE && valueLength != 0) {
            return "tombstone with a value";
        }
        if (type == RecordType.BATCH_COMMIT && batchMember) {
            return "batch commit marked as a batch member";
        }
        return null;
    }

    private static int crc(ByteBuffer bytes, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(bytes.duplicate().limit(to).position(from));
        return (int) crc.getValue();
    }
}
