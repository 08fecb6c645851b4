package io.gearpump.master.cluster;

import io.gearpump.net.node.NodeContext;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The master group from {@code gearpump.cluster.masters}, and which member this master is. With one
 * master listed, the master is that one wherever it listens (a test's port 0 included); with three
 * or five, it must listen on one of the listed addresses, since the others reach it there.
 *
 * @param self    this master's Raft id: its entry in the list, as written (or its address when alone)
 * @param members every master's id, in the list's order
 */
record MasterGroup(String self, List<String> members) {

    static MasterGroup of(String masters, InetSocketAddress bound) {
        List<String> listed = new ArrayList<>();
        for (String m : masters.split(",")) {
            if (!m.isBlank()) {
                listed.add(m.trim());
            }
        }
        if (listed.size() != 1 && listed.size() != 3 && listed.size() != 5) {
            throw new IllegalArgumentException("gearpump.cluster.masters lists " + listed.size() + " masters (" + masters
                    + "); a master group has 1, 3 or 5");
        }
        if (new HashSet<>(listed).size() != listed.size()) {
            throw new IllegalArgumentException("gearpump.cluster.masters lists a master twice: " + masters);
        }
        if (listed.size() == 1) {
            String self = NodeContext.format(bound);
            return new MasterGroup(self, List.of(self));
        }
        List<String> matching = new ArrayList<>();
        for (String m : listed) {
            InetSocketAddress a = NodeContext.parseAddress(m);
            if (a.isUnresolved()) {
                throw new IllegalArgumentException("gearpump.cluster.masters entry '" + m + "' does not resolve to an address");
            }
            if (a.getPort() == bound.getPort() && (a.getAddress().equals(bound.getAddress())
                    || bound.getAddress().isAnyLocalAddress() && isLocal(a.getAddress()))) {
                matching.add(m);
            }
        }
        if (matching.size() == 1) {
            return new MasterGroup(matching.get(0), listed);
        }
        if (matching.size() > 1) {
            throw new IllegalArgumentException("this master listens on " + NodeContext.format(bound) + ", which matches "
                    + String.join(" and ", matching) + " of gearpump.cluster.masters; bind it to the address of its entry (-ip)");
        }
        throw new IllegalArgumentException("this master listens on " + NodeContext.format(bound)
                + ", which is not one of gearpump.cluster.masters (" + String.join(",", listed)
                + "); start it with -ip and -port of its entry");
    }

    /** Whether {@code address} belongs to this machine: a wildcard-bound master is reachable there. */
    private static boolean isLocal(InetAddress address) {
        try {
            return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
