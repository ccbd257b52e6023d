package dev.fromzero.kv.log;

/**
 * Where a record lives: the number of its data file, its byte offset there, and its encoded
 * length. A position stays valid for as long as its file exists, across reopens.
 */
public record Position(long fileId, long offset, int length) {

    public Position {
        if (fileId < 0 || offset < 0 || length <= 0) {
            throw new IllegalArgumentException("not a position: file " + fileId + ", offset " + offset + ", length " + length);
        }
    }

    /** The offset just past this record, where the next one starts. */
    public long end() {
        return offset + length;
    }
}
