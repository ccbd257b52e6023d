package dev.fromzero.sql.pgwire;

import dev.fromzero.sql.Result;
import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The statements clients send about the session rather than the data: {@code SET name = value}
 * (pgJDBC sets {@code extra_float_digits} and {@code application_name}; tools set more) and
 * {@code SHOW name}. The engine has no such settings, so SET is accepted and changes nothing
 * (every setting a client sends is one whose default the server keeps), and SHOW answers from
 * the parameters the server reported at startup. Everything else goes to the engine.
 */
final class SessionCommands {

    private final Map<String, String> parameters;

    SessionCommands(Map<String, String> parameters) {
        this.parameters = parameters;
    }

    /** The result of {@code sql} if it is a SET or SHOW statement; empty for anything else. */
    Optional<Result> run(String sql) {
        String text = sql.strip();
        while (text.endsWith(";")) {
            text = text.substring(0, text.length() - 1).strip();
        }
        String[] words = text.split("\\s+", 2);
        String first = words[0].toUpperCase(Locale.ROOT);
        if (first.equals("SET") || first.equals("RESET")) {
            return Optional.of(new Result.Done(first));
        }
        if (first.equals("SHOW") && words.length == 2 && words[1].matches("[A-Za-z_][A-Za-z_0-9]*")) {
            String name = words[1].toLowerCase(Locale.ROOT);
            String value = parameters.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
            return Optional.of(new Result.Rows(List.of(new Result.Column(name, DataType.TEXT)),
                    List.of(List.of(value == null ? Value.NULL : Value.of(value)))));
        }
        return Optional.empty();
    }
}
