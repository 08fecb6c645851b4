package io.gearpump.worker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.agent.Mailbox;
import io.gearpump.core.cluster.AppClock;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.cluster.Request;
import io.gearpump.core.cluster.WorkerProtocol.AppBundle;
import io.gearpump.core.cluster.WorkerProtocol.ExecutorInfo;
import io.gearpump.core.cluster.WorkerProtocol.ExecutorLaunched;
import io.gearpump.core.cluster.WorkerProtocol.FetchJar;
import io.gearpump.core.cluster.WorkerProtocol.HeartbeatAck;
import io.gearpump.core.cluster.WorkerProtocol.LaunchExecutor;
import io.gearpump.core.cluster.WorkerProtocol.RegisterWorker;
import io.gearpump.core.cluster.WorkerProtocol.StopExecutor;
import io.gearpump.core.cluster.WorkerProtocol.StopExecutors;
import io.gearpump.core.cluster.WorkerProtocol.WorkerHeartbeat;
import io.gearpump.core.cluster.WorkerProtocol.WorkerRegistered;
import io.gearpump.net.client.MasterChannel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/** The worker agent alone, in the test's thread, on a clock the test moves, against a fake master. */
class WorkerAgentTest {

    private static final long HEARTBEAT = 1_000;

    private final List<Request<?>> asked = new ArrayList<>();
    private Function<Request<?>, Object> master = this::leader;
    private int nextId = 7;
    private boolean knowsUs = true;
    private CompletableFuture<AppBundle> heldFetch; // when set, a jar fetch is answered by completing it
    private final RecordingLauncher launcher = new RecordingLauncher();
    private final Mailbox<WorkerInput> mailbox = new Mailbox<>();
    private final WorkerAgent agent = new WorkerAgent(new MasterChannel() {
        @Override
        @SuppressWarnings("unchecked")
        public <R> CompletableFuture<R> call(Request<R> request, Duration timeout) {
            asked.add(request);
            if (request instanceof FetchJar && heldFetch != null) {
                return (CompletableFuture<R>) heldFetch;
            }
            try {
                return CompletableFuture.completedFuture(request.replyType().cast(master.apply(request)));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public String current() {
            return "fake-master";
        }
    }, launcher, mailbox, Runnable::run, new WorkerAgent.Settings("host (pid 1)", 4, 1, HEARTBEAT, Duration.ofSeconds(1)));
    private long now = 5_000_000;

    private Object leader(Request<?> request) {
        return switch (request) {
            case RegisterWorker r -> new WorkerRegistered(r.previousId() > 0 ? r.previousId() : nextId++, (int) HEARTBEAT);
            case WorkerHeartbeat h -> new HeartbeatAck(knowsUs);
            case FetchJar f -> new AppBundle(f.appId(), "app", "app.jar", new byte[] {'P', 'K', 3, 4}, new byte[0]);
            default -> throw new IllegalArgumentException("unexpected " + request);
        };
    }

    @Test
    void itRegistersThenHeartbeatsOncePerIntervalWithItsExecutors() {
        step();
        assertEquals(7, agent.workerId());
        assertEquals(new RegisterWorker("host (pid 1)", 4, 1, -1), asked.get(0));

        for (int i = 0; i < 3; i++) {
            now += HEARTBEAT / 2;
            step();
            now += HEARTBEAT / 2;
            step();
        }

        assertEquals(3, heartbeats().size(), "one heartbeat per interval: " + asked);
        assertEquals(launcher.executors(), heartbeats().get(0).executors());
    }

    @Test
    void registrationsThatKeepFailingAreTriedLessOftenUpToEightIntervalsApart() {
        master = request -> {
            throw new ClusterException(ClusterError.NO_MASTER, "cannot resolve host 'nosuchhost.invalid'");
        };
        List<Long> tries = new ArrayList<>();
        long start = now;
        for (long t = 0; t <= 40 * HEARTBEAT; t += HEARTBEAT / 4) {
            now = start + t;
            int before = asked.size();
            step();
            if (asked.size() > before) {
                tries.add(t / HEARTBEAT);
            }
        }
        assertEquals(List.of(0L, 1L, 3L, 7L, 15L, 23L, 31L, 39L), tries, "waits of 1, 2, 4, then 8 intervals");

        master = this::leader;
        now = start + 47 * HEARTBEAT;
        step();
        assertEquals(7, agent.workerId(), "it registers once the masters answer");
    }

    @Test
    void aHeartbeatAnsweredUnknownMakesItRegisterAgainAskingForItsId() {
        step();
        knowsUs = false;
        now += HEARTBEAT;
        step();
        knowsUs = true;
        step();

        assertEquals(new RegisterWorker("host (pid 1)", 4, 1, 7), asked.get(asked.size() - 1));
        assertEquals(7, agent.workerId());
        assertEquals(0, launcher.closes, "its executors run on under the same id");
    }

    @Test
    void aNewIdStopsTheExecutorsStartedUnderTheOldOne() {
        step();
        knowsUs = false;
        master = request -> request instanceof RegisterWorker ? new WorkerRegistered(9, (int) HEARTBEAT) : leader(request);
        now += HEARTBEAT;
        step();

        assertEquals(9, agent.workerId());
        assertEquals(1, launcher.closes, "the executors of the old id are stopped");
    }

    /**
     * Found by the cluster simulation (seed 207 with long-polls): the worker got a new id, stopped its
     * executors, then finished a launch addressed to its old id (its jar fetch was still on its way):
     * an executor of a retired worker ran on.
     */
    @Test
    void aLaunchAddressedToTheIdTheWorkerHadBeforeIsNotCarriedOut() throws Exception {
        step();
        heldFetch = new CompletableFuture<>();
        CompletableFuture<Object> reply = new CompletableFuture<>();
        mailbox.offer(new WorkerInput.Commanded(new LaunchExecutor(3, 1, 7, false, "m", "127.0.0.1:1", 0, AppClock.NONE, 1, 0), reply));
        step(); // fetching the jar
        knowsUs = false;
        master = request -> request instanceof RegisterWorker ? new WorkerRegistered(9, (int) HEARTBEAT) : leader(request);
        now += HEARTBEAT;
        step();
        assertEquals(9, agent.workerId());

        heldFetch.complete(new AppBundle(3, "app", "app.jar", new byte[] {'P', 'K', 3, 4}, new byte[0]));
        step();

        ExecutionException refused = assertThrows(ExecutionException.class, reply::get);
        assertEquals(ClusterError.SUPERSEDED, assertInstanceOf(ClusterException.class, refused.getCause()).error());
        assertEquals(List.of(), launcher.launched, "nothing launched for worker 7, which the masters retired");
    }

    @Test
    void aMoveToAnotherMasterRegistersAtOnceNotAtTheNextHeartbeat() {
        step();
        int before = asked.size();

        mailbox.offer(new WorkerInput.Moved("m2:3000"));
        step();

        assertEquals(new RegisterWorker("host (pid 1)", 4, 1, 7), asked.get(before));
    }

    @Test
    void aFailedRegistrationIsTriedAgainAnIntervalLater() {
        master = request -> {
            throw new IllegalStateException("no master reachable");
        };
        step();
        assertEquals(-1, agent.workerId());
        master = this::leader;
        now += HEARTBEAT - 1;
        step();
        assertEquals(-1, agent.workerId(), "not before the interval");

        now += 1;
        step();

        assertEquals(7, agent.workerId());
    }

    @Test
    void aLaunchFetchesTheJarOnceAndStartsTheExecutor() throws Exception {
        step();
        CompletableFuture<Object> reply = new CompletableFuture<>();
        mailbox.offer(new WorkerInput.Commanded(new LaunchExecutor(3, 1, 7, false, "m", "127.0.0.1:1", 0, AppClock.NONE, 1, 0), reply));
        step();

        assertEquals(new ExecutorLaunched(301), reply.get());
        assertEquals(1, asked.stream().filter(FetchJar.class::isInstance).count());
    }

    @Test
    void theMasterStopsOneExecutorOfAnApplicationOrAllOfThem() throws Exception {
        step();
        CompletableFuture<Object> one = new CompletableFuture<>();
        mailbox.offer(new WorkerInput.Commanded(new StopExecutor(3, 2), one));
        CompletableFuture<Object> all = new CompletableFuture<>();
        mailbox.offer(new WorkerInput.Commanded(new StopExecutors(4), all));
        step();

        assertEquals(Done.DONE, one.get());
        assertEquals(Done.DONE, all.get());
        assertEquals(List.of("3/2", "4/*"), launcher.stopped);
    }

    private List<WorkerHeartbeat> heartbeats() {
        return asked.stream().filter(WorkerHeartbeat.class::isInstance).map(WorkerHeartbeat.class::cast).toList();
    }

    private void step() {
        do {
            agent.doWork(now);
        } while (!mailbox.isEmpty());
    }

    private static final class RecordingLauncher implements ExecutorLauncher {
        final List<String> stopped = new ArrayList<>();
        final List<LaunchExecutor> launched = new ArrayList<>();
        int closes;

        @Override
        public long launch(LaunchExecutor launch, AppBundle bundle) {
            assertTrue(bundle.jar().length > 0);
            launched.add(launch);
            return launch.appId() * 100L + launch.executorId();
        }

        @Override
        public void stop(int appId) {
            stopped.add(appId + "/*");
        }

        @Override
        public void stopExecutor(int appId, int executorId) {
            stopped.add(appId + "/" + executorId);
        }

        @Override
        public ArrayList<ExecutorInfo> executors() {
            return new ArrayList<>(List.of(new ExecutorInfo(3, 0, 42, true)));
        }

        @Override
        public void close() {
            closes++;
        }
    }
}
