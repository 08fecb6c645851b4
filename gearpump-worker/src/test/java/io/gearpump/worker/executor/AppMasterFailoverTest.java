package io.gearpump.worker.executor;

import io.gearpump.core.api.AppState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.cluster.AppClock;
import io.gearpump.core.cluster.AppDescription;
import io.gearpump.core.cluster.AppMasterProtocol.AppFinished;
import io.gearpump.core.cluster.AppMasterProtocol.AttemptBegun;
import io.gearpump.core.cluster.AppMasterProtocol.BeginAttempt;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.cluster.AppMasterProtocol.DrainApp;
import io.gearpump.core.cluster.AppMasterProtocol.ExecutorsGranted;
import io.gearpump.core.cluster.AppMasterProtocol.ReportApp;
import io.gearpump.core.cluster.AppMasterProtocol.RequestExecutors;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.Poll;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.rpc.RedirectException;
import io.gearpump.net.rpc.RpcEndpoint;
import io.gearpump.net.rpc.RpcServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An AppMaster and one executor, in this JVM, under fake masters: the leader dies while the
 * application runs; the AppMaster goes on reporting to the new leader, which drains the
 * application through the AppMaster's link; nothing restarts and the end reaches the new leader.
 * Also: the tasks start from the start clock the masters replicated, and a restart from the
 * latest application clock.
 */
@Timeout(60)
class AppMasterFailoverTest {

    /** Outputs a tick every 10 ms until drained. */
    public static class Ticker extends Task {
        public Ticker(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onStart(Instant startTime) {
            context.schedule(Duration.ofMillis(10), Duration.ofMillis(10), () -> output(new Message("tick", System.currentTimeMillis())));
        }

        @Override
        public void onNext(Message message) {
        }
    }

    /** Ticks like {@link Ticker}, remembers every start time, and fails once, a second into its first attempt. */
    public static class OnceFailingTicker extends Task {
        static final List<Instant> STARTS = new CopyOnWriteArrayList<>();
        private int ticks;

        public OnceFailingTicker(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onStart(Instant startTime) {
            STARTS.add(startTime);
            boolean first = STARTS.size() == 1;
            context.schedule(Duration.ofMillis(10), Duration.ofMillis(10), () -> {
                if (first && ++ticks == 100) {
                    throw new IllegalStateException("the first attempt fails");
                }
                output(new Message("tick", System.currentTimeMillis()));
            });
        }

        @Override
        public void onNext(Message message) {
        }
    }

    /** Counts what it gets. */
    public static class Sink extends Task {
        public Sink(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
        }
    }

    private static final int APP = 7;

    private final NodeContext mastersNode = NodeContext.start("fake-masters", GearConfig.defaults(),
            AppMasterFailoverTest.class.getClassLoader());
    private final NodeContext appNode = NodeContext.start("app", GearConfig.defaults()
            .with(GearConfig.FAILOVER_TIMEOUT_MS.name(), "5000"), AppMasterFailoverTest.class.getClassLoader());
    private final byte[] description = AppDescription.of(Application.of("ticks",
            Graph.of(Processor.of(Ticker.class, 1).to(Processor.of(Sink.class, 1))))).toBytes();
    private final List<Thread> threads = new ArrayList<>();
    private final List<RpcServer> servers = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            t.join(10_000);
        }
        servers.forEach(RpcServer::close);
        appNode.close();
        mastersNode.close();
    }

    /** The master's side of one application: grants one in-process executor, keeps the reports and the end. */
    private final class FakeMaster {
        final RpcServer server;
        final String address;
        final List<ReportApp> reports = new CopyOnWriteArrayList<>();
        final List<AppFinished> finished = new CopyOnWriteArrayList<>();
        final List<RequestExecutors> executorRequests = new CopyOnWriteArrayList<>();
        final AtomicInteger noLeaderAnswers = new AtomicInteger(); // requests turned away with no leader known: an election
        volatile String leader = "";
        volatile String masters = "";
        volatile RpcEndpoint appMaster;
        volatile long startClock = AppClock.NONE; // what the replicated state would hand a relaunched AppMaster
        volatile byte[] app = description;

        FakeMaster() throws IOException {
            server = mastersNode.serve(new InetSocketAddress("127.0.0.1", 0), endpoint -> request -> handle(request, endpoint));
            servers.add(server);
            address = "127.0.0.1:" + server.port();
        }

        private Object handle(Object request, RpcEndpoint endpoint) {
            if (!leader.equals(address)) {
                if (leader.isEmpty()) {
                    noLeaderAnswers.incrementAndGet();
                }
                throw new RedirectException(leader, "not the leader");
            }
            return switch (request) {
                case RequestExecutors r -> {
                    executorRequests.add(r);
                    start(new ExecutorRole.Spec(masters, APP, 1, 1, false, r.appMasterAddress(), 0, AppClock.NONE, 1, 0, app,
                            AppMasterFailoverTest.class.getClassLoader()));
                    yield new ExecutorsGranted(new ArrayList<>(List.of(1)), new ArrayList<>(List.of(1)));
                }
                case ReportApp r -> {
                    appMaster = endpoint;
                    reports.add(r);
                    yield new Done();
                }
                case AppFinished f -> {
                    finished.add(f);
                    yield new Done();
                }
                case BeginAttempt b -> AttemptBegun.first(0);
                default -> throw new IllegalArgumentException("unexpected " + request);
            };
        }
    }

    private void start(ExecutorRole.Spec spec) {
        Thread t = Thread.ofVirtual().name("executor-" + spec.executorId()).start(() -> {
            try {
                ExecutorRole.run(appNode, spec);
            } catch (InterruptedException e) {
                // stopped by the test
            } catch (Exception e) {
                e.printStackTrace();
            }
        });
        threads.add(t);
    }

    @Test
    void theApplicationRunsOnAcrossAFailoverAndEndsAtTheNewLeader() throws Exception {
        FakeMaster a = new FakeMaster();
        FakeMaster b = new FakeMaster();
        String masters = a.address + "," + b.address;
        a.masters = masters;
        b.masters = masters;
        a.leader = a.address;
        b.leader = a.address;
        start(new ExecutorRole.Spec(masters, APP, 0, 1, true, "", 1, AppClock.NONE, 1, 0, description, AppMasterFailoverTest.class.getClassLoader()));
        Poll.until("reports of the running application", () -> a.reports.stream().anyMatch(r -> r.state() == AppState.RUNNING));

        a.server.close(); // kill -9 of the leader
        b.leader = "";
        // an election: no leader for a while, during which the AppMaster's report in flight looks for one
        Poll.until("the AppMaster to look for a leader during the election (3 requests turned away)",
                b.noLeaderAnswers::get, n -> n >= 3);
        b.leader = b.address;

        Poll.until("reports at the new leader", () -> b.reports, r -> r.size() >= 2);
        Object drained = b.appMaster.request(new DrainApp(APP)).get(15, TimeUnit.SECONDS); // through the AppMaster's link
        assertInstanceOf(Done.class, drained);
        Poll.until("the end at the new leader", () -> b.finished, f -> !f.isEmpty());

        assertEquals(new AppFinished(APP, 1, AppState.SUCCEEDED, null), b.finished.get(0));
        assertEquals(List.of(), a.finished);
        assertEquals(1, a.executorRequests.size());
        assertEquals(List.of(), b.executorRequests, "no executor was lost, none was asked for");
        b.reports.forEach(r -> assertEquals(0, r.restarts(), "no restart: " + r));
    }

    @Test
    void theTasksStartFromTheReplicatedClockAndARestartFromTheLatestApplicationClock() throws Exception {
        byte[] failingOnce = AppDescription.of(Application.of("ticks",
                Graph.of(Processor.of(OnceFailingTicker.class, 1).to(Processor.of(Sink.class, 1))))).toBytes();
        FakeMaster m = new FakeMaster();
        m.masters = m.address;
        m.leader = m.address;
        m.app = failingOnce;
        long replicated = System.currentTimeMillis() - 60_000; // where the application was a minute ago
        m.startClock = replicated;
        OnceFailingTicker.STARTS.clear();

        start(new ExecutorRole.Spec(m.masters, APP, 0, 1, true, "", 1, m.startClock, 1, 0, failingOnce, AppMasterFailoverTest.class.getClassLoader()));
        Poll.until("the restart after the first attempt failed", () -> OnceFailingTicker.STARTS, s -> s.size() >= 2);

        assertEquals(Instant.ofEpochMilli(replicated), OnceFailingTicker.STARTS.get(0), "the first attempt starts from the replicated clock");
        Instant restartedFrom = OnceFailingTicker.STARTS.get(1);
        long reported = m.reports.stream().filter(r -> AppClock.isPoint(r.clockMillis()) && r.clockMillis() > replicated)
                .mapToLong(ReportApp::clockMillis).max().orElseThrow(() -> new AssertionError("no report carried a clock"));
        // the AppMaster may have skipped sending its very last clock (a report in flight), never computing it
        assertTrue(!restartedFrom.isBefore(Instant.ofEpochMilli(reported)) && restartedFrom.isBefore(Instant.now()),
                "the restart replays from the latest application clock (" + Instant.ofEpochMilli(reported)
                        + " reported), not from the start: " + restartedFrom);
    }
}
