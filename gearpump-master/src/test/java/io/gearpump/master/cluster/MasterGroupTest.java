package io.gearpump.master.cluster;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.MasterRole;
import io.gearpump.core.cluster.Request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.cluster.ClientProtocol.AppList;
import io.gearpump.core.cluster.ClientProtocol.AppSummary;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.cluster.WorkerProtocol.ExecutorInfo;
import io.gearpump.core.cluster.WorkerProtocol.ExecutorLaunched;
import io.gearpump.core.cluster.AppMasterProtocol.ExecutorsGranted;
import io.gearpump.core.cluster.ClientProtocol.GetAppStatus;
import io.gearpump.core.cluster.ClientProtocol.GetMasterStatus;
import io.gearpump.core.cluster.WorkerProtocol.LaunchExecutor;
import io.gearpump.core.cluster.ClientProtocol.ListApps;
import io.gearpump.core.cluster.ClientProtocol.MasterInfo;
import io.gearpump.core.cluster.WorkerProtocol.RegisterWorker;
import io.gearpump.core.cluster.AppMasterProtocol.AppMetrics;
import io.gearpump.core.cluster.AppMasterProtocol.ReportApp;
import io.gearpump.core.cluster.AppMasterProtocol.RequestExecutors;
import io.gearpump.core.cluster.WorkerProtocol.StopExecutors;
import io.gearpump.core.cluster.ClientProtocol.SubmitApp;
import io.gearpump.core.cluster.WorkerProtocol.WorkerHeartbeat;
import io.gearpump.core.cluster.WorkerProtocol.WorkerRegistered;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.Poll;
import io.gearpump.master.raft.FileStorage;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.rpc.RemoteException;
import io.gearpump.net.rpc.RequestHandler;
import io.gearpump.net.rpc.RpcClient;
import io.gearpump.net.rpc.RpcErrorCode;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three masters in one JVM, each with its own node, port and log directory: one leads, the others
 * redirect to it; the applications survive the leader's loss and a restarted master catches up from
 * its disk; with two of three gone nobody leads and requests are redirected nowhere. With a fake
 * worker and AppMaster: an application's state, start clock and executor ids survive the leader's
 * loss, and a worker the old leader declared dead does not get its id back from the new one.
 */
@Timeout(90)
class MasterGroupTest {

    private static final byte[] JAR = {'P', 'K', 3, 4, 0};

    @TempDir
    Path dir;

    private final List<String> addresses = new ArrayList<>();
    private final Map<String, MasterService> masters = new HashMap<>();
    private final Map<String, NodeContext> nodes = new HashMap<>();
    private GearConfig config;
    private NodeContext clientNode;
    private final Map<String, RpcClient> clients = new HashMap<>();
    private final List<RpcClient> workerLinks = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopAll() {
        clients.values().forEach(RpcClient::close);
        workerLinks.forEach(RpcClient::close);
        new ArrayList<>(masters.keySet()).forEach(this::stop);
        if (clientNode != null) {
            clientNode.close();
        }
    }

    @Test
    void theGroupKeepsApplicationsAcrossTheLeadersLossAndARestartedMasterCatchesUp() throws Exception {
        startGroup();
        String leader = awaitLeader(null);
        for (String other : addresses) {
            if (!other.equals(leader)) {
                // a follower learns who leads from the leader's first heartbeat, which may still be on its way
                RemoteException e = Poll.until("master " + other + " to name the leader", () -> remoteFailure(() -> list(other)),
                        r -> r.remoteMessage() != null && !r.remoteMessage().isEmpty());
                assertEquals(RpcErrorCode.REDIRECT, e.code(), "a follower does not serve the request");
                assertEquals(leader, e.remoteMessage(), "a follower names the leader");
            }
        }
        int first = submit(leader, "first", 11);
        int second = submit(leader, "second", 12);
        assertEquals(List.of(first, second), ids(list(leader)));
        ClusterException unknown = refusal(() -> call(leader, new GetAppStatus(99)));
        assertEquals(ClusterError.UNKNOWN_APP, unknown.error());
        assertEquals("unknown application id 99", unknown.getMessage());
        ClusterException notAJar = refusal(() -> submit(leader, "bad", 13, new byte[] {1, 2, 3, 4}));
        assertEquals(ClusterError.INVALID_SUBMISSION, notAJar.error(), notAJar.getMessage());
        assertEquals(List.of(first, second), ids(list(leader)), "a refused submission adds nothing; the leader serves on");
        assertEquals(first, submit(leader, "first", 11), "a retried submission (same id) is applied once");

        stop(leader);
        String next = awaitLeader(leader);
        assertNotEquals(leader, next);
        assertEquals(List.of(first, second), ids(list(next)), "the new leader has every application");
        byte[] bigJar = java.util.Arrays.copyOf(JAR, 3 << 20); // a fat jar: bigger than one default Raft append
        int third = submit(next, "third", 13, bigJar);
        assertTrue(third > second, "application ids keep counting up across leaders");

        start(leader); // from its disk: it rejoins as a follower and catches up
        long commit = status(next).commitIndex();
        awaitStatus(leader, "the restarted master to catch up with the leader",
                s -> s.appliedIndex() >= commit && s.role() != MasterRole.LEADER && s.leader().equals(next));
    }

    @Test
    void withTwoOfThreeGoneNoMasterLeadsAndServiceReturnsWhenOneComesBack() throws Exception {
        startGroup();
        String leader = awaitLeader(null);
        int app = submit(leader, "kept", 21);
        List<String> followers = new ArrayList<>(addresses);
        followers.remove(leader);
        stop(followers.get(0));
        stop(followers.get(1));
        awaitStatus(leader, "a leader without a quorum to step down", s -> s.role() != MasterRole.LEADER);
        RemoteException e = remoteFailure(() -> list(leader));
        assertEquals(RpcErrorCode.REDIRECT, e.code());
        assertEquals("", e.remoteMessage(), "no leader is known without a quorum");

        start(followers.get(0));
        String back = awaitLeader(null);
        assertEquals(List.of(app), ids(list(back)), "nothing acknowledged was lost");
    }

    @Test
    void aRunningApplicationsStartClockAndExecutorIdsSurviveTheLeadersLoss() throws Exception {
        startGroup();
        String leader = awaitLeader(null);
        FakeWorker worker = new FakeWorker();
        int workerId = worker.register(leader, 0);
        int app = submit(leader, "clocked", 31);
        Poll.until("the AppMaster's launch", () -> worker.launches.stream().anyMatch(l -> l.appId() == app && l.appMaster()));
        ExecutorsGranted granted = call(leader, new RequestExecutors(app, 1, 2, "127.0.0.1:1"));
        assertEquals(List.of(1, 2), granted.executorIds());
        long clock = 1_700_000_000_000L;
        call(leader, report(app, clock));
        assertEquals(clock, status(leader, app).startClockMillis(), "the leader replicated the clock it was told");

        stop(leader);
        String next = awaitLeader(leader);
        AppSummary after = status(next, app);
        assertEquals(AppState.RUNNING, after.state());
        assertEquals(clock, after.startClockMillis(), "the new leader knows where the application was");
        call(next, report(app, clock - 5_000)); // a late report from before: the start clock never goes back
        assertEquals(clock, status(next, app).startClockMillis());
        assertEquals(workerId, worker.register(next, workerId), "the new leader never declared the worker dead: same id");
        ExecutorsGranted more = call(next, new RequestExecutors(app, 1, 1, "127.0.0.1:1"));
        assertEquals(List.of(3), more.executorIds(), "executor ids go on from the replicated counter, none repeats");
    }

    @Test
    void aWorkerTheOldLeaderDeclaredDeadGetsANewIdFromTheNextLeader() throws Exception {
        startGroup();
        String leader = awaitLeader(null);
        FakeWorker worker = new FakeWorker();
        int oldId = worker.register(leader, 0);
        long before = status(leader).commitIndex();
        worker.link.close(); // its connection drops: the leader declares it dead and retires its id
        awaitStatus(leader, "the retirement to commit", s -> s.commitIndex() > before);
        long retired = status(leader).commitIndex();
        Poll.until("every master to apply it", () -> addresses.stream().map(this::statusOrNull).toList(),
                all -> all.stream().allMatch(s -> s != null && s.appliedIndex() >= retired));

        stop(leader);
        String next = awaitLeader(leader);
        int newId = new FakeWorker().register(next, oldId);
        assertNotEquals(oldId, newId, "its work was moved: it comes back as a new worker");
    }

    // ------------------------------------------------------------------ helpers

    /**
     * A worker that launches nothing, only answers and heartbeats (every 200 ms, reporting what it
     * was asked to launch as running): enough for a master to place AppMasters and executors on it.
     */
    private final class FakeWorker implements RequestHandler {
        final List<LaunchExecutor> launches = new CopyOnWriteArrayList<>();
        volatile RpcClient link;

        @Override
        public Object handle(Object request) {
            return switch (request) {
                case LaunchExecutor l -> {
                    launches.add(l);
                    yield new ExecutorLaunched(4242);
                }
                case StopExecutors s -> new Done();
                default -> throw new IllegalArgumentException("a fake worker does not serve " + request);
            };
        }

        int register(String master, int previousId) {
            if (link != null) {
                link.close();
            }
            RpcClient l = clientNode.connect(NodeContext.parseAddress(master), this);
            workerLinks.add(l);
            link = l;
            l.awaitConnectedQuietly(Duration.ofSeconds(2));
            int id = ((WorkerRegistered) l.request(new RegisterWorker("127.0.0.1:1", 4, 4242, previousId),
                    Duration.ofSeconds(10)).join()).workerId();
            Thread.ofVirtual().name("fake-worker-heartbeats").start(() -> heartbeats(l, id));
            return id;
        }

        private void heartbeats(RpcClient l, int id) {
            while (l.state() != RpcClient.State.CLOSED) {
                ArrayList<ExecutorInfo> running = new ArrayList<>();
                launches.forEach(e -> running.add(new ExecutorInfo(e.appId(), e.executorId(), 4242, true)));
                l.request(new WorkerHeartbeat(id, running), Duration.ofSeconds(2));
                try {
                    Thread.sleep(200); // the heartbeat period, not a wait for a condition
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static ReportApp report(int app, long clockMillis) {
        return new ReportApp(app, 1, AppState.RUNNING, null, 0, clockMillis, new ArrayList<>(), new ArrayList<>(), new HashMap<>(), Guarantee.NONE, null, AppMetrics.none(), new ArrayList<>());
    }

    private AppSummary status(String address, int app) {
        return call(address, new GetAppStatus(app)).summary();
    }

    private void startGroup() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                addresses.add("127.0.0.1:" + s.getLocalPort());
            }
        }
        config = GearConfig.defaults().with(GearConfig.MASTERS.name(), String.join(",", addresses));
        clientNode = NodeContext.start("client", config, getClass().getClassLoader());
        for (String a : addresses) {
            start(a);
        }
    }

    private void start(String address) throws Exception {
        NodeContext node = MasterService.startNode("master-" + address, config, getClass().getClassLoader());
        nodes.put(address, node);
        masters.put(address, new MasterService(node, NodeContext.parseAddress(address), Clock.systemUTC(),
                FileStorage.open(dir.resolve(address.replace(':', '_')), address)));
    }

    private void stop(String address) {
        RpcClient c = clients.remove(address);
        if (c != null) {
            c.close();
        }
        masters.remove(address).close();
        nodes.remove(address).close();
    }

    private RpcClient client(String address) {
        return clients.computeIfAbsent(address, a -> clientNode.connect(NodeContext.parseAddress(a), RequestHandler.NONE));
    }

    private <R> R call(String address, Request<R> request) {
        RpcClient c = client(address);
        c.awaitConnectedQuietly(Duration.ofSeconds(2));
        return c.call(request, Duration.ofSeconds(10)).join();
    }

    private MasterInfo status(String address) {
        return call(address, new GetMasterStatus());
    }

    private AppList list(String address) {
        return call(address, new ListApps());
    }

    private int submit(String address, String name, long submissionId) {
        return submit(address, name, submissionId, JAR);
    }

    private int submit(String address, String name, long submissionId, byte[] jar) {
        return call(address, new SubmitApp(name, "test", name + ".jar", jar, new byte[] {1}, 1, submissionId)).appId();
    }

    private static List<Integer> ids(AppList list) {
        return list.apps().stream().map(AppSummary::appId).toList();
    }

    /** The master that leads and serves (its list answers), other than {@code not}. */
    private String awaitLeader(String not) {
        return Poll.until("a leader among " + masters.keySet() + " other than " + not, () -> servingLeader(not),
                Objects::nonNull);
    }

    /** A master other than {@code not} that says it leads and answers a list, or null. */
    private String servingLeader(String not) {
        for (String a : masters.keySet()) {
            if (a.equals(not)) {
                continue;
            }
            try {
                if (status(a).role() == MasterRole.LEADER) {
                    list(a);
                    return a;
                }
            } catch (CompletionException e) {
                // not serving yet
            }
        }
        return null;
    }

    /** A refusal reaches the caller as the master's own exception, its code intact. */
    private static ClusterException refusal(Runnable call) {
        CompletionException e = assertThrows(CompletionException.class, call::run);
        assertTrue(e.getCause() instanceof ClusterException, "a refusal, got " + e.getCause());
        return (ClusterException) e.getCause();
    }

    private static RemoteException remoteFailure(Runnable call) {
        CompletionException e = assertThrows(CompletionException.class, call::run);
        assertTrue(e.getCause() instanceof RemoteException, "a remote failure, got " + e.getCause());
        return (RemoteException) e.getCause();
    }

    /** Waits until master {@code address} answers with a status that {@code done} accepts, asking again while it does not. */
    private MasterInfo awaitStatus(String address, String what, Predicate<MasterInfo> done) {
        return Poll.until(what, () -> statusOrNull(address), s -> s != null && done.test(s));
    }

    /** The master's status, or null while it is between states and does not answer. */
    private MasterInfo statusOrNull(String address) {
        try {
            return status(address);
        } catch (CompletionException e) {
            return null;
        }
    }
}
