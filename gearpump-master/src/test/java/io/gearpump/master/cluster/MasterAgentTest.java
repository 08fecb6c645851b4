package io.gearpump.master.cluster;

import io.gearpump.core.cluster.Peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.agent.Mailbox;
import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.cluster.AppClock;
import io.gearpump.core.cluster.AppMasterProtocol.AppFinished;
import io.gearpump.core.cluster.AppMasterProtocol.AttemptBegun;
import io.gearpump.core.cluster.AppMasterProtocol.BeginAttempt;
import io.gearpump.core.cluster.AppMasterProtocol.ExecutorsGranted;
import io.gearpump.core.cluster.AppMasterProtocol.AppMetrics;
import io.gearpump.core.cluster.AppMasterProtocol.ProcessedCounts;
import io.gearpump.core.cluster.AppMasterProtocol.ProcessorReport;
import io.gearpump.core.cluster.AppMasterProtocol.ReportApp;
import io.gearpump.core.cluster.AppMasterProtocol.RequestExecutors;
import io.gearpump.core.cluster.ClientProtocol.AppList;
import io.gearpump.core.cluster.ClientProtocol.AppReport;
import io.gearpump.core.cluster.ClientProtocol.AppSubmitted;
import io.gearpump.core.cluster.ClientProtocol.AwaitApp;
import io.gearpump.core.cluster.ClientProtocol.ClusterReport;
import io.gearpump.core.cluster.ClientProtocol.GetCluster;
import io.gearpump.core.cluster.ClientProtocol.ListApps;
import io.gearpump.core.cluster.ClientProtocol.SubmitApp;
import io.gearpump.core.cluster.ClientProtocol.WorkerInfo;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.cluster.MasterRequest;
import io.gearpump.core.cluster.WorkerProtocol.ExecutorInfo;
import io.gearpump.core.cluster.WorkerProtocol.ExecutorLaunched;
import io.gearpump.core.cluster.WorkerProtocol.FetchJar;
import io.gearpump.core.cluster.WorkerProtocol.LaunchExecutor;
import io.gearpump.core.cluster.WorkerProtocol.RegisterWorker;
import io.gearpump.core.cluster.WorkerProtocol.StopExecutor;
import io.gearpump.core.cluster.WorkerProtocol.StopExecutors;
import io.gearpump.core.cluster.WorkerProtocol.WorkerHeartbeat;
import io.gearpump.core.cluster.WorkerProtocol.WorkerRegistered;
import io.gearpump.core.cluster.WorkerState;
import io.gearpump.net.rpc.RedirectException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

/**
 * The master agent alone, in the test's thread, on a clock the test moves: a fake Raft that
 * commits at once and fake connections that answer at once. No sockets, no sleeps.
 */
class MasterAgentTest {

    private static final byte[] JAR = {'P', 'K', 3, 4, 0};
    private static final int HEARTBEAT = 1_000;
    private static final long WORKER_TIMEOUT = 5_000;

    private final Mailbox<MasterInput> mailbox = new Mailbox<>();
    private final FakeRaft raft = new FakeRaft("m1:3000", mailbox);
    private final MasterAgent agent = new MasterAgent(raft, mailbox,
            new MasterAgent.Settings(HEARTBEAT, WORKER_TIMEOUT, 8_000, 2));
    private final FakePeer client = new FakePeer("client", request -> null);
    private long now = 1_000_000;

    @Test
    void aFollowerRedirectsAndServesOnceItLeadsAfterItsBarrier() throws Exception {
        raft.follow(3, "m2:3000");
        RedirectException redirect = assertInstanceOf(RedirectException.class, failure(ask(new ListApps(), client)));
        assertEquals("m2:3000", redirect.target());

        lead(4);
        AppList apps = answer(ask(new ListApps(), client));

        assertEquals(List.of(), apps.apps());
    }

    @Test
    void aLoneMastersAskersWaitForItToServeInsteadOfBeingRedirected() throws Exception {
        Mailbox<MasterInput> alone = new Mailbox<>();
        FakeRaft lone = new FakeRaft("solo:3000", "solo:3000", alone);
        MasterAgent soloAgent = new MasterAgent(lone, alone, new MasterAgent.Settings(HEARTBEAT, WORKER_TIMEOUT, 8_000, 2));
        CompletableFuture<Object> reply = new CompletableFuture<>();
        alone.offer(new MasterInput.Asked(new ListApps(), client, reply));
        soloAgent.doWork(now);
        assertTrue(!reply.isDone(), "parked, not redirected, while Raft has not elected it yet");

        lone.lead(1);
        do {
            soloAgent.doWork(now);
        } while (!alone.isEmpty());

        assertEquals(new AppList(new ArrayList<>()), reply.get());
    }

    @Test
    void aSubmissionLaunchesItsAppMasterWithItsExecutorsAndStartClock() throws Exception {
        lead(1);
        FakePeer worker = worker("w1");
        register(worker, 4);

        AppSubmitted submitted = answer(ask(new SubmitApp("wc", "ann", "wc.jar", JAR, new byte[] {1}, 3, 77), client));

        assertEquals(1, submitted.appId());
        LaunchExecutor launch = worker.asked(LaunchExecutor.class).get(0);
        assertEquals(new LaunchExecutor(1, 0, 1, true, "m1:3000,m2:3000,m3:3000", "", 3, AppClock.NONE, 1, 0), launch);
    }

    @Test
    void aSubmissionBeforeAnyWorkerRegisteredWaitsForOneInsteadOfFailing() throws Exception {
        lead(1);
        answer(ask(new SubmitApp("wc", "ann", "wc.jar", JAR, new byte[] {1}, 1, 90), client)); // bin/local still starting its workers
        now += 2_000;
        step();
        assertEquals(AppState.SUBMITTED, raft.stateOf(1), "still waiting for a worker");

        FakePeer late = worker("w1");
        register(late, 4);
        now += 2_000;
        step();

        assertEquals(1, late.asked(LaunchExecutor.class).size(), "the AppMaster is launched once a worker has room");
        assertEquals(AppState.SUBMITTED, raft.stateOf(1));
    }

    @Test
    void aSubmissionNoWorkerCanHostFailsOnceWorkersHadTimeToRegister() throws Exception {
        lead(1);
        answer(ask(new SubmitApp("wc", "ann", "wc.jar", JAR, new byte[] {1}, 1, 91), client));
        for (int i = 0; i < 10; i++) { // 10 s: longer than the 8 s workers get to come back
            now += 1_000;
            step();
        }

        assertEquals(AppState.FAILED, raft.stateOf(1));
        assertTrue(raft.failureOf(1).contains("no worker had a free slot for the AppMaster within 8000 ms"), raft.failureOf(1));
    }

    @Test
    void aSilentWorkerIsRetiredAndItsAppMasterMovesToAnotherWorker() throws Exception {
        lead(1);
        FakePeer first = worker("w1");
        FakePeer second = worker("w2");
        int firstId = register(first, 4);
        int secondId = register(second, 2); // fewer free slots: the AppMaster goes to the first
        answer(ask(new SubmitApp("wc", "ann", "wc.jar", JAR, new byte[] {1}, 1, 78), client));
        assertEquals(1, first.asked(LaunchExecutor.class).size());

        for (int beat = 0; beat < 7; beat++) { // the second heartbeats, the first is silent
            now += HEARTBEAT;
            answer(ask(new WorkerHeartbeat(secondId, new ArrayList<>()), second));
        }

        assertEquals("declared dead", first.closeReason());
        assertTrue(raft.proposed.contains(new MasterCommand.RetireWorker(firstId)), raft.proposed.toString());
        ClusterReport cluster = answer(ask(new GetCluster(), client));
        WorkerInfo dead = cluster.workers().stream().filter(w -> w.workerId() == firstId).findFirst().orElseThrow();
        assertEquals(WorkerState.DEAD, dead.state());
        assertEquals(0, dead.slotsUsed(), "a dead worker shows no slots in use");
        LaunchExecutor moved = second.asked(LaunchExecutor.class).get(0);
        assertTrue(moved.appMaster() && moved.appId() == 1 && moved.workerId() == secondId, moved.toString());
    }

    /**
     * Found by the cluster simulation (seed 264, with worker partitions): an AppMaster the master had
     * replaced still got executors granted and ran tasks beside its replacement, for good.
     */
    @Test
    void aReplacedAppMasterIsRefusedEverythingAndTheExecutorsItWasGrantedAreStopped() throws Exception {
        lead(1);
        FakePeer first = worker("w1");
        FakePeer second = worker("w2");
        int firstId = register(first, 4);
        int secondId = register(second, 4);
        long submittedAt = now;
        answer(ask(new SubmitApp("wc", "ann", "wc.jar", JAR, new byte[] {1}, 1, 82), client)); // the AppMaster: on the first
        FakePeer oldAppMaster = new FakePeer("am-1", request -> Done.DONE);
        ExecutorsGranted granted = answer(ask(new RequestExecutors(1, 1, 1, "am-1"), oldAppMaster));
        assertEquals(List.of(1), granted.executorIds());
        assertEquals(List.of(secondId), granted.workerIds(), "on the second worker, which has more free slots now");
        int executorOfTheOld = 1;
        assertEquals(new AttemptBegun(0, 0, new ArrayList<>(), submittedAt), answer(ask(new BeginAttempt(1, 1, 0), oldAppMaster)),
                "the application's first attempt, and when the application's run time started");
        answer(ask(reportWithTotals(1, 1, 500, 400), oldAppMaster)); // what the first attempt processed, as last reported

        for (int beat = 0; beat < 7; beat++) { // the first worker, where the AppMaster runs, is cut off
            now += HEARTBEAT;
            answer(ask(new WorkerHeartbeat(secondId, new ArrayList<>()), second));
        }
        LaunchExecutor replacement = second.asked(LaunchExecutor.class).stream().filter(LaunchExecutor::appMaster).findFirst()
                .orElseThrow(() -> new AssertionError("no new AppMaster: " + second.asked(LaunchExecutor.class)));
        assertEquals(2, replacement.epoch(), "the replacement is recorded as the next epoch before it is launched");
        assertTrue(raft.proposed.indexOf(new MasterCommand.ReplaceAppMaster(1)) > raft.proposed.indexOf(new MasterCommand.RetireWorker(firstId)));

        for (MasterRequest<?> fromTheOld : List.<MasterRequest<?>>of(new RequestExecutors(1, 1, 1, "am-1"), new BeginAttempt(1, 1, 1),
                new ReportApp(1, 1, AppState.RUNNING, null, 0, 5, new ArrayList<>(), new ArrayList<>(), new HashMap<>(), Guarantee.NONE, null, AppMetrics.none(), new ArrayList<>()),
                new AppFinished(1, 1, AppState.FAILED, "gave up"))) {
            ClusterException refused = assertInstanceOf(ClusterException.class, failure(ask(fromTheOld, oldAppMaster)), fromTheOld.toString());
            assertEquals(ClusterError.SUPERSEDED, refused.error(), fromTheOld.toString());
        }
        assertEquals(AppState.RUNNING, raft.stateOf(1), "the old AppMaster's end did not end the application (running since its report)");
        FakePeer newAppMaster = new FakePeer("am-2", request -> Done.DONE);
        AttemptBegun afterRelaunch = answer(ask(new BeginAttempt(1, 2, 0), newAppMaster));
        assertEquals(new AttemptBegun(0, 1, new ArrayList<>(List.of(new ProcessedCounts(0, 500, 400))), submittedAt), afterRelaunch,
                "the new AppMaster's first attempt is the application's first restart, after what the old one processed");
        assertEquals(afterRelaunch, answer(ask(new BeginAttempt(1, 2, 0), newAppMaster)), "asked again: the same, counted once");
        answer(ask(reportWithTotals(1, 2, 700, 550), newAppMaster));
        assertEquals(new AttemptBegun(0, 2, new ArrayList<>(List.of(new ProcessedCounts(0, 700, 550))), submittedAt),
                answer(ask(new BeginAttempt(1, 2, 1), newAppMaster)), "restarts and counts go on adding up");

        answer(ask(new WorkerHeartbeat(secondId, new ArrayList<>(List.of(new ExecutorInfo(1, 0, 50, true),
                new ExecutorInfo(1, executorOfTheOld, 51, true)))), second));
        assertEquals(List.of(new StopExecutor(1, executorOfTheOld)), second.asked(StopExecutor.class),
                "the executor granted to the old AppMaster is stopped; the new AppMaster is not");
    }

    @Test
    void aLeaderThatStepsDownClosesItsWorkersAndRedirects() throws Exception {
        lead(1);
        FakePeer worker = worker("w1");
        register(worker, 4);

        raft.follow(2, "m3:3000");
        step();

        assertEquals("master m1:3000 no longer leads", worker.closeReason());
        RedirectException redirect = assertInstanceOf(RedirectException.class, failure(ask(new ListApps(), client)));
        assertEquals("m3:3000", redirect.target());
    }

    @Test
    void aDeposedLeaderThatHasNotNoticedRedirectsAJarFetchForAnAppItDoesNotKnow() throws Exception {
        lead(1);
        FakePeer worker = worker("w1");
        register(worker, 4);
        raft.follow(2, "m3:3000"); // the agent has not stepped since: it still serves

        CompletableFuture<Object> reply = new CompletableFuture<>();
        mailbox.offer(new MasterInput.Asked(new FetchJar(5), worker, reply));
        agent.doWork(now);

        RedirectException redirect = assertInstanceOf(RedirectException.class, failure(reply));
        assertEquals("m3:3000", redirect.target(), "not 'unknown application id 5': the new leader may know it");
    }

    @Test
    void anEndedApplicationsExecutorsAreStoppedWhenAWorkerStillRunsThem() throws Exception {
        lead(1);
        FakePeer worker = worker("w1");
        int id = register(worker, 4);
        answer(ask(new SubmitApp("wc", "ann", "wc.jar", JAR, new byte[] {1}, 1, 79), client));
        raft.propose(new MasterCommand.SetAppState(1, AppState.KILLED, "killed by request"), 0);

        answer(ask(new WorkerHeartbeat(id, new ArrayList<>(List.of(new ExecutorInfo(1, 0, 42, true)))), worker));

        assertEquals(List.of(new StopExecutors(1)), worker.asked(StopExecutors.class));
    }

    @Test
    void aWaiterIsAnsweredWhenItsApplicationsStateChangesOrWhenItsWaitHasPassed() throws Exception {
        lead(1);
        register(worker("w1"), 4);
        answer(ask(new SubmitApp("wc", "ann", "wc.jar", JAR, new byte[] {1}, 1, 80), client));

        AppReport differs = answer(ask(new AwaitApp(1, AppState.RUNNING, 5_000), client));
        assertEquals(AppState.SUBMITTED, differs.summary().state(), "another state than the client knows: at once");
        CompletableFuture<AppReport> shortWait = ask(new AwaitApp(1, AppState.SUBMITTED, 2_000), client);
        CompletableFuture<AppReport> longWait = ask(new AwaitApp(1, AppState.SUBMITTED, 30_000), client);
        now += 1_999;
        step();
        assertTrue(!shortWait.isDone() && !longWait.isDone(), "parked while the state stays and the wait lasts");

        now += 1;
        step();
        assertEquals(AppState.SUBMITTED, answer(shortWait).summary().state(), "the wait has passed: the same state");
        assertTrue(!longWait.isDone());

        raft.propose(new MasterCommand.SetAppState(1, AppState.RUNNING, null), 0);
        step();
        assertEquals(AppState.RUNNING, answer(longWait).summary().state(), "answered when the new state is applied");

        ClusterException unknown = assertInstanceOf(ClusterException.class, failure(ask(new AwaitApp(9, AppState.RUNNING, 1_000), client)));
        assertEquals(ClusterError.UNKNOWN_APP, unknown.error());
    }

    @Test
    void aLeaderThatStepsDownRedirectsItsWaiters() throws Exception {
        lead(1);
        register(worker("w1"), 4);
        answer(ask(new SubmitApp("wc", "ann", "wc.jar", JAR, new byte[] {1}, 1, 81), client));
        CompletableFuture<AppReport> waiting = ask(new AwaitApp(1, AppState.SUBMITTED, 30_000), client);

        raft.follow(2, "m3:3000");
        step();

        RedirectException redirect = assertInstanceOf(RedirectException.class, failure(waiting));
        assertEquals("m3:3000", redirect.target());
    }

    // ------------------------------------------------------------------ helpers

    /** An AppMaster's report of one processor that has received and sent these many since submission. */
    private static ReportApp reportWithTotals(int appId, int epoch, long receivedTotal, long sentTotal) {
        ProcessorReport p = new ProcessorReport(0, "split", 1, receivedTotal / 2, sentTotal / 2, 0, receivedTotal, sentTotal);
        return new ReportApp(appId, epoch, AppState.RUNNING, null, 0, 5, new ArrayList<>(List.of(p)), new ArrayList<>(),
                new HashMap<>(), Guarantee.NONE, null, AppMetrics.none(), new ArrayList<>());
    }

    /** Raft elects this master; the agent serves after its barrier, within a step. */
    private void lead(long term) {
        raft.lead(term);
        step();
    }

    private FakePeer worker(String name) {
        return new FakePeer(name, request -> switch (request) {
            case LaunchExecutor l -> new ExecutorLaunched(100 + l.executorId());
            case StopExecutors s -> Done.DONE;
            case StopExecutor s -> Done.DONE;
            default -> throw new IllegalArgumentException("a worker does not serve " + request);
        });
    }

    private int register(FakePeer worker, int slots) throws Exception {
        WorkerRegistered r = answer(ask(new RegisterWorker(worker.toString(), slots, 1, -1), worker));
        return r.workerId();
    }

    @SuppressWarnings("unchecked")
    private <R> CompletableFuture<R> ask(MasterRequest<R> request, Peer from) {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        mailbox.offer(new MasterInput.Asked(request, from, reply));
        step();
        return (CompletableFuture<R>) reply;
    }

    /** Steps the agent until nothing is left in its mailbox (every continuation ran). */
    private void step() {
        do {
            agent.doWork(now);
        } while (!mailbox.isEmpty());
    }

    private static <R> R answer(CompletableFuture<R> reply) throws Exception {
        assertTrue(reply.isDone(), "answered within the step");
        return reply.get();
    }

    private static Throwable failure(CompletableFuture<?> reply) {
        assertTrue(reply.isCompletedExceptionally(), "refused within the step");
        try {
            reply.get();
            throw new AssertionError("not refused");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
