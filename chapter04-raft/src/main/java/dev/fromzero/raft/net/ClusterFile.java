package dev.fromzero.raft.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The file a running {@link LocalCluster} leaves for its clients, {@code cluster.txt}: two lines,
 *
 * <pre>
 * cluster local
 * members 1=127.0.0.1:40001,2=127.0.0.1:40002,3=127.0.0.1:40003
 * </pre>
 *
 * <p>It is written to a temporary file and renamed into place, so a client never reads half of it.
 */
public record ClusterFile(String cluster, Members members) {

    /** The file's name in the cluster's directory. */
    public static final String NAME = "cluster.txt";

    static void write(Path file, String cluster, Members members) throws IOException {
        Path temporary = file.resolveSibling(NAME + ".tmp");
        Files.writeString(temporary, "cluster " + cluster + "\nmembers " + members + "\n", StandardCharsets.UTF_8);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The cluster described in {@code file}.
     *
     * @throws IllegalArgumentException if there is no such file (no cluster runs there) or it is not a cluster file
     */
    public static ClusterFile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no cluster runs from " + file.getParent() + ": there is no " + file
                    + " (start one with ./course serve raft)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.size() < 2 || !lines.get(0).startsWith("cluster ") || !lines.get(1).startsWith("members ")) {
            throw new IllegalArgumentException(file + " is not a cluster file: it needs a line 'cluster ID', then 'members 1=host:port,...'");
        }
        try {
            return new ClusterFile(lines.get(0).substring(8).strip(), Members.parse(lines.get(1).substring(8)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ", line 2: " + e.getMessage(), e);
        }
    }
}
