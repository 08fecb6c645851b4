package io.gearpump.worker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.gearpump.core.cluster.AppClock;
import io.gearpump.core.cluster.WorkerProtocol.AppBundle;
import io.gearpump.core.cluster.WorkerProtocol.ExecutorInfo;
import io.gearpump.core.cluster.WorkerProtocol.ExecutorLaunched;
import io.gearpump.core.cluster.WorkerProtocol.FetchJar;
import io.gearpump.core.cluster.WorkerProtocol.HeartbeatAck;
import io.gearpump.core.cluster.WorkerProtocol.LaunchExecutor;
import io.gearpump.core.cluster.WorkerProtocol.RegisterWorker;
import io.gearpump.core.cluster.WorkerProtocol.WorkerHeartbeat;
import io.gearpump.core.cluster.WorkerProtocol.WorkerRegistered;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.Poll;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.rpc.RedirectException;
import io.gearpump.net.rpc.RpcEndpoint;
import io.gearpump.net.rpc.RpcServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A worker follows the leading master across a failover, keeping its id and its executors. */
@Timeout(60)
class WorkerServiceTest {

    private final NodeContext mastersNode = NodeContext.start("fake-masters", GearConfig.defaults(),
            WorkerServiceTest.class.getClassLoader());
    private final NodeContext workerNode = NodeContext.start("worker", GearConfig.defaults()
            .with(GearConfig.HEARTBEAT_INTERVAL_MS.name(), "50")
            .with(GearConfig.HEARTBEAT_TIMEOUT_MS.name(), "2000")
            .with(GearConfig.FAILOVER_TIMEOUT_MS.name(), "3000"), WorkerServiceTest.class.getClassLoader());
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final FakeLauncher launcher = new FakeLauncher();

    @AfterEach
    void closeAll() {
        for (AutoCloseable c : toClose.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                System.err.println("closing " + c + " failed: " + e);
            }
        }
        workerNode.close();
        mastersNode.close();
    }

    /** A master that registers workers (from id {@code firstId}, keeping a previous id when told to) and serves jars. */
    private final class FakeMaster {
        final RpcServer server;
        final String address;
        final List<RegisterWorker> registrations = new CopyOnWriteArrayList<>();
        final Set<Integer> known = ConcurrentHashMap.newKeySet();
        final AtomicInteger nextId;
        volatile String leader = "";
        volatile boolean keepsIds = true;
        volatile RpcEndpoint workerConnection;

        FakeMaster(int firstId) throws IOException {
            nextId = new AtomicInteger(firstId);
            server = mastersNode.serve(new InetSocketAddress("127.0.0.1", 0), endpoint -> request -> handle(request, endpoint));
            address = "127.0.0.1:" + server.port();
            toClose.add(server);
        }

        private Object handle(Object request, RpcEndpoint endpoint) {
            if (!leader.equals(address)) {
                throw new RedirectException(leader, "not the leader");
            }
            return switch (request) {
                case RegisterWorker r -> {
                    registrations.add(r);
                    int id = keepsIds && r.previousId() > 0 ? r.previousId() : nextId.getAndIncrement();
                    known.add(id);
                    workerConnection = endpoint;
                    yield new WorkerRegistered(id, 50);
                }
                case WorkerHeartbeat h -> new HeartbeatAck(known.contains(h.workerId()));
                case FetchJar f -> new AppBundle(f.appId(), "app", "app.jar", new byte[] {'P', 'K', 3, 4}, new byte[0]);
                default -> throw new IllegalArgumentException("unexpected " + request);
            };
        }

        Object launchOnWorker(int workerId) throws Exception {
            return workerConnection.request(new LaunchExecutor(7, launcher.launched.size(), workerId, false, address, "127.0.0.1:1", 0,
                    AppClock.NONE, 1, 0))
                    .get(15, TimeUnit.SECONDS);
        }
    }

    /** Records launches, reports them as running, counts closes. */
    private static final class FakeLauncher implements ExecutorLauncher {
        final List<LaunchExecutor> launched = new CopyOnWriteArrayList<>();
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public long launch(LaunchExecutor launch, AppBundle bundle) {
            launched.add(launch);
            return 1000 + launched.size();
        }

        @Override
        public void stop(int appId) {
            launched.removeIf(l -> l.appId() == appId);
        }

        @Override
        public void stopExecutor(int appId, int executorId) {
            launched.removeIf(l -> l.appId() == appId && l.executorId() == executorId);
        }

        @Override
        public ArrayList<ExecutorInfo> executors() {
            ArrayList<ExecutorInfo> out = new ArrayList<>();
            launched.forEach(l -> out.add(new ExecutorInfo(l.appId(), l.executorId(), 1000, true)));
            return out;
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            launched.clear();
        }
    }

    private WorkerService worker(FakeMaster... masters) {
        WorkerService w = new WorkerService(workerNode, java.util.Arrays.stream(masters).map(m -> m.address).toList(), launcher, 4);
        toClose.add(w);
        return w;
    }

    @Test
    void afterAFailoverItRegistersWithTheNewLeaderKeepingItsIdAndItsExecutors() throws Exception {
        FakeMaster a = new FakeMaster(5);
        FakeMaster b = new FakeMaster(100);
        a.leader = a.address;
        b.leader = a.address;
        WorkerService worker = worker(b, a); // starts at a follower: follows its redirect

        Poll.until("registration with the leader", worker::workerId, id -> id == 5);
        assertEquals(-1, a.registrations.get(0).previousId());
        assertInstanceOf(ExecutorLaunched.class, a.launchOnWorker(5));

        a.server.close(); // the leader dies; b wins the election
        b.leader = b.address;

        Poll.until("registration with the new leader", () -> b.registrations, r -> r.size() == 1);
        assertEquals(5, b.registrations.get(0).previousId());
        assertEquals(5, worker.workerId());
        assertEquals(0, launcher.closes.get(), "its executors run on");
        assertEquals(1, launcher.launched.size());
        Poll.until("the new leader's connection", () -> b.workerConnection != null);
        assertInstanceOf(ExecutorLaunched.class, b.launchOnWorker(5)); // launches and jars go through the new leader
        assertEquals(2, launcher.launched.size());
    }

    @Test
    void aHeartbeatAnsweredUnknownMakesItRegisterAgainWithItsId() throws Exception {
        FakeMaster m = new FakeMaster(3);
        m.leader = m.address;
        WorkerService worker = worker(m);
        Poll.until("registration", worker::workerId, id -> id == 3);
        m.launchOnWorker(3);

        m.known.clear(); // the master forgot the worker

        Poll.until("a second registration", () -> m.registrations, r -> r.size() == 2);
        assertEquals(3, m.registrations.get(1).previousId());
        assertEquals(3, worker.workerId());
        assertEquals(0, launcher.closes.get());
        assertEquals(1, launcher.launched.size());
    }

    @Test
    void aNewIdStopsTheExecutorsStartedUnderTheOldOne() throws Exception {
        FakeMaster m = new FakeMaster(3);
        m.leader = m.address;
        WorkerService worker = worker(m);
        Poll.until("registration", worker::workerId, id -> id == 3);
        m.launchOnWorker(3);

        m.keepsIds = false;
        m.known.clear();

        Poll.until("the new id", worker::workerId, id -> id == 4);
        Poll.until("the executors of the old id stopped (off the agent's thread)", launcher.closes::get, n -> n == 1);
        assertEquals(0, launcher.launched.size());
    }
}
