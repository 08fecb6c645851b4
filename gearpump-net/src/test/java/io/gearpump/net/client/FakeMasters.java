package io.gearpump.net.client;

import io.gearpump.core.cluster.MasterRole;
import io.gearpump.core.cluster.ClientProtocol.GetMasterStatus;
import io.gearpump.core.cluster.ClientProtocol.MasterInfo;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.Poll;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.rpc.RedirectException;
import io.gearpump.net.rpc.RequestHandler;
import io.gearpump.net.rpc.RpcServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Masters that play only their part in finding the leader, on 127.0.0.1: each answers
 * {@link GetMasterStatus} always, and every other request as the leader (with {@link #leaderAnswers})
 * when the leader it knows is itself, else with a redirect to that leader ("" for none). Tests set
 * who leads, and kill masters. {@link #close} closes everything, with the node last.
 */
final class FakeMasters implements AutoCloseable {

    final class Master {
        final String address;
        final RpcServer server;
        final AtomicInteger requests = new AtomicInteger();
        volatile String leader = "";
        volatile long term = 1;

        Master(String address, RpcServer server) {
            this.address = address;
            this.server = server;
        }

        boolean leads() {
            return address.equals(leader);
        }

        private Object handle(Object request) throws Exception {
            if (request instanceof GetMasterStatus) {
                return new MasterInfo(address, leads() ? MasterRole.LEADER : MasterRole.FOLLOWER, term, 10, 9, leader, "");
            }
            requests.incrementAndGet();
            if (!leads()) {
                throw new RedirectException(leader, address + " does not lead");
            }
            return leaderAnswers.handle(request);
        }

        /** Like kill -9 of the process: the port refuses connections and open connections close (before this returns). */
        void kill() {
            server.close();
            Poll.until("the connections of " + address + " to close", server::endpoints, List::isEmpty);
        }
    }

    final NodeContext node;
    final List<Master> masters = new ArrayList<>();
    volatile RequestHandler leaderAnswers = request -> request;

    FakeMasters(int count) {
        this(count, GearConfig.defaults());
    }

    FakeMasters(int count, GearConfig config) {
        node = NodeContext.start("fake-masters", config, FakeMasters.class.getClassLoader());
        try {
            for (int i = 0; i < count; i++) {
                Master[] self = new Master[1];
                RpcServer server = node.serve(new InetSocketAddress("127.0.0.1", 0), endpoint -> self[0]::handle);
                self[0] = new Master("127.0.0.1:" + server.port(), server);
                masters.add(self[0]);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException(e);
        }
    }

    Master get(int i) {
        return masters.get(i);
    }

    List<String> addresses() {
        return masters.stream().map(m -> m.address).toList();
    }

    /** Every master now knows {@code leader} (null: none) as the leader. */
    void electing(Master leader) {
        masters.forEach(m -> m.leader = leader == null ? "" : leader.address);
    }

    /** host:port of a loopback port that nothing listens on (bound, then closed). */
    static String deadAddress() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return "127.0.0.1:" + s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        masters.forEach(Master::kill);
        node.close();
    }
}
