package dev.fromzero.raft.net;

import java.nio.file.Path;

/**
 * Runs one node of a cluster in this JVM until it is stopped (SIGTERM or Ctrl-C close its
 * storage; {@code kill -9} is a crash, which it survives).
 *
 * <pre>
 * java dev.fromzero.raft.net.NodeMain --id 1 --members 1=127.0.0.1:7001,2=127.0.0.1:7002,3=127.0.0.1:7003
 *      --dir data/node-1 --cluster demo [--tick-ms 10]
 * </pre>
 *
 * It prints one line once it listens, and errors (bad frames, a failed disk) to stderr.
 */
public final class NodeMain {

    private NodeMain() {
    }

    public static void main(String[] args) {
        NetNode.Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + "\nusage: NodeMain --id N --members 1=127.0.0.1:P1,2=127.0.0.1:P2,..."
                    + " --dir DIR --cluster ID [--tick-ms " + NetNode.Options.DEFAULT_TICK_MILLIS + "]");
            System.exit(2);
            return;
        }
        NetNode node;
        try {
            // A node whose loop failed is in an unknown state: end the process, as a crash would.
            node = NetNode.start(options, System.err, () -> Runtime.getRuntime().halt(1));
        } catch (RuntimeException e) {
            System.err.println("error: node " + options.id() + " cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "raft-node-stop"));
        System.out.println("node " + options.id() + " of cluster '" + options.cluster() + "' listening on "
                + Members.text(options.members().address(options.id())) + ", data in " + options.dir());
    }

    static NetNode.Options parse(String[] args) {
        Integer id = null;
        Members members = null;
        Path dir = null;
        String cluster = null;
        long tick = NetNode.Options.DEFAULT_TICK_MILLIS;
        for (int i = 0; i < args.length; i += 2) {
            String value = value(args, i);
            switch (args[i]) {
                case "--id" -> id = number(args[i], value);
                case "--members" -> members = Members.parse(value);
                case "--dir" -> dir = Path.of(value);
                case "--cluster" -> cluster = value;
                case "--tick-ms" -> tick = number(args[i], value);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (id == null || members == null || dir == null || cluster == null) {
            throw new IllegalArgumentException("--id, --members, --dir and --cluster are required");
        }
        return new NetNode.Options(cluster, id, members, dir, tick);
    }

    static String value(String[] args, int i) {
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(args[i] + " needs a value");
        }
        return args[i + 1];
    }

    static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + value + " is not a number");
        }
    }
}
