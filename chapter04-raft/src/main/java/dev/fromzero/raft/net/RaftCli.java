package dev.fromzero.raft.net;

import dev.fromzero.raft.Role;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The command-line client behind {@code ./course raft}: one operation on the cluster a
 * {@link ClusterFile} describes, printed in a form a person reads.
 *
 * <pre>
 * java dev.fromzero.raft.net.RaftCli --cluster-file F put K V | get K | del K | cas K OLD NEW | status
 * </pre>
 *
 * Exit codes: 0 done, 1 the cluster did not answer (or refused), 2 bad arguments.
 */
public final class RaftCli {

    private static final String USAGE = "usage: RaftCli --cluster-file FILE put KEY VALUE | get KEY | del KEY | cas KEY OLD NEW | status";

    private RaftCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 3 || !args[0].equals("--cluster-file")) {
            err.println("error: give --cluster-file FILE and an operation\n" + USAGE);
            return 2;
        }
        List<String> op = Arrays.asList(args).subList(2, args.length);
        int arity = switch (op.get(0)) {
            case "put" -> 2;
            case "get", "del" -> 1;
            case "cas" -> 3;
            case "status" -> 0;
            default -> -1;
        };
        if (arity < 0) {
            err.println("error: unknown operation '" + op.get(0) + "'\n" + USAGE);
            return 2;
        }
        if (op.size() - 1 != arity) {
            err.println("error: " + op.get(0) + " takes " + arity + " argument" + (arity == 1 ? "" : "s") + ", got " + (op.size() - 1)
                    + ": " + op.subList(1, op.size()) + "\n" + USAGE);
            return 2;
        }
        ClusterFile cluster;
        try {
            cluster = ClusterFile.read(Path.of(args[1]));
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        if (op.get(0).equals("status")) {
            return status(cluster, out);
        }
        try (RaftClient client = RaftClient.of(cluster)) {
            switch (op.get(0)) {
                case "put" -> {
                    client.put(op.get(1), op.get(2));
                    out.println("OK");
                }
                case "get" -> {
                    String value = client.get(op.get(1));
                    out.println(value == null ? "(nil)" : value);
                }
                case "del" -> out.println(client.delete(op.get(1)) ? "deleted" : "(no such key)");
                default -> out.println(client.cas(op.get(1), op.get(2), op.get(3)) ? "set"
                        : "not set: the value of " + op.get(1) + " is not " + op.get(2));
            }
            return 0;
        } catch (RaftClient.NoAnswerException | IllegalStateException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /** Asks every node; prints each answer, and who leads. */
    private static int status(ClusterFile cluster, PrintStream out) {
        int leader = 0;
        long leaderTerm = -1;
        for (int id : cluster.members().ids()) {
            try {
                NodeStatus status = RaftClient.status(cluster.cluster(), cluster.members(), id, Duration.ofSeconds(2));
                out.println(status);
                if (status.role() == Role.LEADER && status.term() > leaderTerm) {
                    leader = id;
                    leaderTerm = status.term();
                }
            } catch (IOException e) {
                out.println("node " + id + ": no answer from " + Members.text(cluster.members().address(id)) + " (" + e.getMessage() + ")");
            }
        }
        out.println(leader == 0 ? "no leader right now (an election may be under way: ask again)"
                : "leader: node " + leader + " in term " + leaderTerm);
        return 0;
    }
}
