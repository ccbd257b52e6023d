package dev.fromzero.kv.resp;

import dev.fromzero.kv.KvStore;
import dev.fromzero.kv.StoreStats;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The commands about the server rather than the data: PING, ECHO, INFO, and what clients send
 * on their own when they connect (redis-cli asks for {@code COMMAND DOCS} to show hints,
 * redis-benchmark for {@code CONFIG GET save} and {@code appendonly}, client libraries send
 * {@code CLIENT SETNAME} or {@code SETINFO}). Those get small honest answers: no command docs,
 * the persistence settings we do have, and names accepted and ignored. Everything else is
 * Redis's unknown-command error, so a client that sends {@code HELLO} falls back to RESP2.
 * Shared by every connection.
 */
final class ServerCommands {

    private final KvStore store;
    private final String sync;
    private final int port;

    /** {@code sync} is the {@code appendfsync} setting the server runs with: always, everysec or no. */
    ServerCommands(KvStore store, String sync, int port) {
        this.store = store;
        this.sync = sync;
        this.port = port;
    }

    void execute(String name, List<byte[]> request, RespWriter out) {
        int args = request.size() - 1;
        switch (name) {
            case "PING" -> {
                if (args == 0) {
                    out.simple("PONG");
                } else if (args == 1) {
                    out.bulk(request.get(1));
                } else {
                    wrongArity(name, out);
                }
            }
            case "ECHO" -> {
                if (args == 1) {
                    out.bulk(request.get(1));
                } else {
                    wrongArity(name, out);
                }
            }
            case "INFO" -> out.bulk(info(args == 0 ? "default" : text(request.get(1)).toLowerCase(Locale.ROOT)));
            case "COMMAND" -> out.array(0);
            case "CONFIG" -> config(request, out);
            case "CLIENT" -> client(request, out);
            case "SELECT" -> {
                if (args == 1 && text(request.get(1)).equals("0")) {
                    out.simple("OK");
                } else {
                    out.error("ERR DB index is out of range: fromzero has one database, 0");
                }
            }
            default -> unknown(request, out);
        }
    }

    /** {@code CONFIG GET name}: the persistence settings that match, as name-value pairs. */
    private void config(List<byte[]> request, RespWriter out) {
        if (request.size() != 3 || !text(request.get(1)).equalsIgnoreCase("GET")) {
            out.error("ERR fromzero supports CONFIG GET name only");
            return;
        }
        byte[] pattern = text(request.get(2)).toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        String[][] settings = {{"save", ""}, {"appendonly", "yes"}, {"appendfsync", sync}, {"databases", "1"}};
        int matched = 0;
        for (String[] setting : settings) {
            matched += Glob.matches(pattern, setting[0].getBytes(StandardCharsets.UTF_8)) ? 1 : 0;
        }
        out.array(2 * matched);
        for (String[] setting : settings) {
            if (Glob.matches(pattern, setting[0].getBytes(StandardCharsets.UTF_8))) {
                out.bulk(setting[0]);
                out.bulk(setting[1]);
            }
        }
    }

    private void client(List<byte[]> request, RespWriter out) {
        String sub = request.size() > 1 ? text(request.get(1)).toUpperCase(Locale.ROOT) : "";
        switch (sub) {
            case "SETNAME", "SETINFO" -> out.simple("OK");
            case "GETNAME" -> out.bulk((byte[]) null);
            default -> out.error("ERR fromzero supports CLIENT SETNAME, GETNAME and SETINFO only");
        }
    }

    /** Redis's INFO format: {@code # Section} lines, then {@code field:value} lines, CRLF-separated. */
    private String info(String section) {
        StoreStats stats = store.stats();
        StringBuilder info = new StringBuilder();
        boolean all = section.equals("default") || section.equals("all") || section.equals("everything");
        if (all || section.equals("server")) {
            info.append("# Server\r\nserver_name:fromzero\r\ntcp_port:").append(port)
                    .append("\r\nappendfsync:").append(sync).append("\r\n\r\n");
        }
        if (all || section.equals("keyspace")) {
            info.append("# Keyspace\r\ndb0:keys=").append(stats.liveKeys()).append(",expires=0,avg_ttl=0\r\n\r\n");
        }
        if (all || section.equals("store")) {
            info.append("# Store\r\ndirectory:").append(store.directory())
                    .append("\r\nkeys:").append(stats.liveKeys())
                    .append("\r\nlive_bytes:").append(stats.liveBytes())
                    .append("\r\ndead_bytes:").append(stats.deadBytes())
                    .append("\r\nsegments:").append(stats.deadBytesBySegment().size()).append("\r\n");
        }
        return info.toString();
    }

    static void wrongArity(String name, RespWriter out) {
        out.error("ERR wrong number of arguments for '" + name.toLowerCase(Locale.ROOT) + "' command");
    }

    /** Redis's message, word for word, so that clients and people recognize it. */
    private static void unknown(List<byte[]> request, RespWriter out) {
        StringBuilder message = new StringBuilder("ERR unknown command '").append(shorten(text(request.get(0))))
                .append("', with args beginning with: ");
        for (byte[] arg : request.subList(1, request.size())) {
            message.append('\'').append(shorten(text(arg))).append("' ");
        }
        out.error(message.toString());
    }

    private static String shorten(String text) {
        return text.length() > 128 ? text.substring(0, 128) : text;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
