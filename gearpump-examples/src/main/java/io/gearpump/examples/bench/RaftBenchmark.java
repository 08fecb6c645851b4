package io.gearpump.examples.bench;

import io.gearpump.core.config.GearConfig;
import io.gearpump.master.raft.FileStorage;
import io.gearpump.master.raft.RaftConfig;
import io.gearpump.master.raft.RaftMessage;
import io.gearpump.master.raft.RaftServer;
import io.gearpump.master.raft.RaftWireTypes;
import io.gearpump.master.raft.Role;
import io.gearpump.master.raft.StateMachine;
import io.gearpump.master.replication.RaftHost;
import io.gearpump.master.replication.RaftNetTransport;
import io.gearpump.net.node.NodeContext;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code gear bench raft}: three Raft members in this JVM, talking over loopback TCP through
 * gearpump-net, each with its own file storage (fsync on), replicating 64-byte commands to a counter:
 * one client at a time, then 64 clients with a command in flight each. Prints commands per second and
 * commit latency (proposal to applied on the leader).
 */
final class RaftBenchmark {

    private record Member(NodeContext node, RaftNetTransport transport, RaftHost host) {
    }

    private RaftBenchmark() {
    }

    static List<String> run(int warmup, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("gear-bench-raft");
        List<String> ids = List.of("m1", "m2", "m3");
        Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
        for (String id : ids) {
            addresses.put(id, new InetSocketAddress("127.0.0.1", freePort()));
        }
        List<Member> members = new ArrayList<>();
        try {
            for (String id : ids) {
                members.add(start(id, ids, addresses, dir.resolve(id)));
            }
            RaftHost leader = awaitLeader(members);
            List<String> lines = new ArrayList<>();
            for (int clients : new int[] {1, 64}) {
                drive(leader, clients, warmup, new LatencyHistogram()); // warm-up
                LatencyHistogram h = new LatencyHistogram();
                long commands = drive(leader, clients, seconds, h);
                long[] counts = h.snapshot();
                lines.add(String.format(Locale.ROOT,
                        "engine=gearpump workload=raft masters=3 fsync=on clients=%d cmds_per_s=%.0f p50_us=%.1f p99_us=%.1f max_us=%.1f secs=%d",
                        clients, commands / (double) seconds, LatencyHistogram.valueAt(counts, 50) / 1000.0,
                        LatencyHistogram.valueAt(counts, 99) / 1000.0, LatencyHistogram.max(counts) / 1000.0, seconds));
            }
            return lines;
        } finally {
            for (Member m : members) {
                m.host().close();
                m.transport().close();
                m.node().close();
            }
        }
    }

    private static Member start(String id, List<String> ids, Map<String, InetSocketAddress> addresses, Path dir)
            throws Exception {
        NodeContext node = NodeContext.start("raft-" + id, GearConfig.load(), RaftBenchmark.class.getClassLoader(),
                RaftWireTypes.ENTRIES);
        AtomicReference<RaftHost> host = new AtomicReference<>();
        RaftNetTransport transport = RaftNetTransport.listen(id, addresses, node, (RaftMessage m) -> {
            RaftHost h = host.get();
            if (h != null) {
                h.receive(m);
            }
        });
        host.set(new RaftHost("raft-" + id, 50, h -> RaftServer.start(RaftConfig.of(id, ids), FileStorage.open(dir, id),
                new Counter(), transport, new Random())));
        return new Member(node, transport, host.get());
    }

    private static RaftHost awaitLeader(List<Member> members) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (Member m : members) {
                Role role = m.host().call(() -> CompletableFuture.completedFuture(m.host().server().role())).join();
                if (role == Role.LEADER) {
                    return m.host();
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no leader within 30 s");
    }

    /** {@code clients} virtual threads, each with one command in flight, for {@code seconds}; returns commands done. */
    private static long drive(RaftHost leader, int clients, int seconds, LatencyHistogram latencies) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        byte[] command = new byte[64];
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long clientId = CLIENT_IDS.incrementAndGet();
            threads.add(Thread.ofVirtual().start(() -> {
                long seq = 1;
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    long s = seq++;
                    leader.call(() -> leader.server().propose(clientId, s, command)).join();
                    latencies.record(System.nanoTime() - t0);
                    done.incrementAndGet();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return done.get();
    }

    private static final AtomicLong CLIENT_IDS = new AtomicLong();

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** The replicated state: a count of commands. */
    private static final class Counter implements StateMachine {
        private long count;

        @Override
        public byte[] apply(byte[] command) {
            return ByteBuffer.allocate(8).putLong(++count).array();
        }

        @Override
        public byte[] query(byte[] query) {
            return ByteBuffer.allocate(8).putLong(count).array();
        }

        @Override
        public byte[] snapshot() {
            return query(null);
        }

        @Override
        public void restore(byte[] snapshot) {
            count = ByteBuffer.wrap(snapshot).getLong();
        }
    }
}
