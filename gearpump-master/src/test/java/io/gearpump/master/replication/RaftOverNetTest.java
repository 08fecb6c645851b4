package io.gearpump.master.replication;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.Poll;
import io.gearpump.master.raft.FileStorage;
import io.gearpump.master.raft.RaftConfig;
import io.gearpump.master.raft.RaftMessage;
import io.gearpump.master.raft.RaftServer;
import io.gearpump.master.raft.RaftWireTypes;
import io.gearpump.master.raft.Role;
import io.gearpump.master.raft.StateMachine;
import io.gearpump.net.node.NodeContext;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three Raft members over loopback TCP through gearpump-net, with file storage: one leader, the same log everywhere. */
@Timeout(60)
class RaftOverNetTest {

    @TempDir
    Path dir;

    /** Appends every command; the state is the concatenation. */
    static final class Journal implements StateMachine {
        final ByteArrayOutputStream applied = new ByteArrayOutputStream();

        @Override
        public byte[] apply(byte[] command) {
            applied.writeBytes(command);
            return command;
        }

        @Override
        public byte[] query(byte[] query) {
            return applied.toByteArray();
        }

        @Override
        public byte[] snapshot() {
            return applied.toByteArray();
        }

        @Override
        public void restore(byte[] snapshot) {
            applied.reset();
            applied.writeBytes(snapshot);
        }
    }

    record Member(NodeContext node, RaftNetTransport transport, RaftHost host, Journal journal) implements AutoCloseable {
        @Override
        public void close() {
            host.close();
            transport.close();
            node.close();
        }
    }

    @Test
    void threeMastersElectOneLeaderAndEveryoneAppliesTheSameCommands() throws Exception {
        List<String> ids = List.of("m1", "m2", "m3");
        Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
        for (String id : ids) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                addresses.put(id, new InetSocketAddress("127.0.0.1", s.getLocalPort()));
            }
        }
        List<Member> members = new ArrayList<>();
        try {
            for (String id : ids) {
                NodeContext node = NodeContext.start("raft-" + id, GearConfig.defaults(), getClass().getClassLoader(),
                        RaftWireTypes.ENTRIES);
                AtomicReference<RaftHost> host = new AtomicReference<>();
                RaftNetTransport transport = RaftNetTransport.listen(id, addresses, node, m -> {
                    RaftHost h = host.get();
                    if (h != null) {
                        h.receive(m);
                    }
                });
                Journal journal = new Journal();
                host.set(new RaftHost("raft-" + id, 20, h -> RaftServer.start(RaftConfig.of(id, ids),
                        FileStorage.open(dir.resolve(id), id), journal, transport, new Random(ids.indexOf(id)))));
                members.add(new Member(node, transport, host.get(), journal));
            }

            RaftHost leader = awaitLeader(members);
            for (int i = 0; i < 20; i++) {
                byte[] command = ("c" + i + ";").getBytes(StandardCharsets.UTF_8);
                int seq = i + 1;
                assertArrayEquals(command, leader.call(() -> leader.server().propose(7, seq, command)).join());
            }
            String all = "c0;c1;c2;c3;c4;c5;c6;c7;c8;c9;c10;c11;c12;c13;c14;c15;c16;c17;c18;c19;";
            byte[] read = leader.call(() -> leader.server().read(new byte[0])).join();
            assertEquals(all, new String(read, StandardCharsets.UTF_8), "a linearizable read sees every command");
            int leaders = 0;
            for (Member m : members) {
                Poll.until(ids.get(members.indexOf(m)) + " to apply the same commands in the same order", Duration.ofSeconds(10),
                        () -> journal(m), all::equals);
                leaders += role(m) == Role.LEADER ? 1 : 0;
            }
            assertEquals(1, leaders);
        } finally {
            members.forEach(Member::close);
        }
    }

    @Test
    void noRaftFrameGoesOutBeforeTheHandshakeIsDone() throws Exception {
        // a peer that accepts and never challenges: the dialled connection stays open, in its handshake
        try (ServerSocket silentPeer = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             NodeContext node = NodeContext.start("raft-m1", GearConfig.defaults().with("gearpump.cluster.secret", "s3cret"),
                     getClass().getClassLoader(), RaftWireTypes.ENTRIES);
             RaftNetTransport transport = new RaftNetTransport("m1", Map.of("m2", new InetSocketAddress("127.0.0.1",
                     silentPeer.getLocalPort())), node)) {
            RaftMessage heartbeat = new RaftMessage.Heartbeat("m1", "m2", 1, 0, 1);
            transport.send(heartbeat); // dials
            silentPeer.setSoTimeout(10_000);
            try (Socket accepted = silentPeer.accept()) {
                accepted.setSoTimeout(20);
                byte[] sink = new byte[4096];
                for (int i = 0; i < 25; i++) { // about half a second of heartbeats on a connection that is open
                    transport.send(heartbeat);
                    try {
                        int n = accepted.getInputStream().read(sink);
                        fail("the transport sent " + n + " bytes before the handshake was done (the peer would refuse them"
                                + " as from a peer without the cluster secret)");
                    } catch (SocketTimeoutException e) {
                        // nothing came: right
                    }
                }
            }
        }
    }

    /** What the member's state machine has applied, read on its own thread. */
    private static String journal(Member m) {
        return m.host().call(() -> CompletableFuture.completedFuture(m.journal().applied.toString(StandardCharsets.UTF_8))).join();
    }

    private static RaftHost awaitLeader(List<Member> members) {
        List<Role> roles = Poll.until("a leader", Duration.ofSeconds(30),
                () -> members.stream().map(RaftOverNetTest::role).toList(), r -> r.contains(Role.LEADER));
        return members.get(roles.indexOf(Role.LEADER)).host();
    }

    /** The member's role, read on its own thread. */
    private static Role role(Member m) {
        return m.host().call(() -> CompletableFuture.completedFuture(m.host().server().role())).join();
    }
}
