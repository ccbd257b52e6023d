package dev.fromzero.kv.log;

/** A record read back from the log, with the position it was read from. */
public record LogEntry(Position position, LogRecord record) {
}
