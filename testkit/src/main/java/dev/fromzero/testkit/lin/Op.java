package dev.fromzero.testkit.lin;

import java.util.Arrays;
import java.util.Locale;

/** The four operations of the key-value model, named as in a history's JSON lines ({@code "op":"cas"}). */
public enum Op {
    PUT, GET, DELETE, CAS;

    /** The name in the JSON format: put, get, delete or cas. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The operation named {@code name} in the JSON format; an unknown name is an error that lists the known ones. */
    public static Op fromJson(String name) {
        for (Op op : values()) {
            if (op.jsonName().equals(name)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown op \"" + name + "\": expected one of "
                + Arrays.stream(values()).map(Op::jsonName).toList());
    }
}
