//@ chapter 4
package dev.fromzero.raft.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The nodes of a cluster and where each listens, as the runtime's command lines spell it:
 * {@code 1=127.0.0.1:7001,2=127.0.0.1:7002,3=127.0.0.1:7003}. Every address is on the loopback
 * interface: the runtime has no authentication, and a cluster that spans machines would need it.
 */
public record Members(Map<Integer, InetSocketAddress> addresses) {

    public Members {
        addresses = Collections.unmodifiableMap(new TreeMap<>(addresses));
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one node");
        }
    }

    /** Nodes 1 to n on {@code ports}, in order, all on 127.0.0.1. */
    public static Members onLoopback(List<Integer> ports) {
        Map<Integer, InetSocketAddress> addresses = new TreeMap<>();
        for (int i = 0; i < ports.size(); i++) {
            addresses.put(i + 1, new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.get(i)));
        }
        return new Members(addresses);
    }

    /**
     * The members in {@code text}: comma-separated {@code id=host:port}, ids positive and
     * distinct, hosts on the loopback interface.
     *
     * @throws IllegalArgumentException naming the part that is wrong
     */
    public static Members parse(String text) {
        Map<Integer, InetSocketAddress> addresses = new TreeMap<>();
        for (String part : text.split(",")) {
            String member = part.strip();
            int eq = member.indexOf('=');
            int colon = member.lastIndexOf(':');
            if (eq < 1 || colon < eq + 2 || colon == member.length() - 1) {
                throw new IllegalArgumentException("'" + member + "' is not a member: write id=host:port, e.g. 1=127.0.0.1:7001");
            }
            int id = number(member.substring(0, eq), "node id", member);
            int port = number(member.substring(colon + 1), "port", member);
            String host = member.substring(eq + 1, colon);
            if (id < 1) {
                throw new IllegalArgumentException("node id " + id + " in '" + member + "' must be positive");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " in '" + member + "' is not a port (1 to 65535)");
            }
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved() || !address.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException("host '" + host + "' in '" + member
                        + "' is not on this machine's loopback interface: the runtime listens on 127.0.0.1 only");
            }
            if (addresses.put(id, address) != null) {
                throw new IllegalArgumentException("node id " + id + " appears twice in '" + text + "'");
            }
        }
        return new Members(addresses);
    }

    private static int number(String digits, String what, String member) {
        try {
            return Integer.parseInt(digits.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + digits + "' in '" + member + "' is not a number");
        }
    }

    /** The node ids, in order. */
    public List<Integer> ids() {
        return new ArrayList<>(addresses.keySet());
    }

    /** Where node {@code id} listens. */
    public InetSocketAddress address(int id) {
        InetSocketAddress address = addresses.get(id);
        if (address == null) {
            throw new IllegalArgumentException("node " + id + " is not one of the members " + ids());
        }
        return address;
    }

    /** {@code address} as host:port, without the slash {@code InetSocketAddress.toString} puts first. */
    public static String text(InetSocketAddress address) {
        return (address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString()) + ":" + address.getPort();
    }

    /** The text {@link #parse} reads. */
    @Override
    public String toString() {
        return addresses.entrySet().stream()
                .map(e -> e.getKey() + "=" + text(e.getValue()))
                .collect(Collectors.joining(","));
    }
}
