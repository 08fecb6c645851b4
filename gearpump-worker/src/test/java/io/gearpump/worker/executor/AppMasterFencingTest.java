package io.gearpump.worker.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.agent.Mailbox;
import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.cluster.AppClock;
import io.gearpump.core.cluster.AppMasterProtocol.AppFinished;
import io.gearpump.core.cluster.AppMasterProtocol.AttemptBegun;
import io.gearpump.core.cluster.AppMasterProtocol.BeginAttempt;
import io.gearpump.core.cluster.AppMasterProtocol.ExecutorsGranted;
import io.gearpump.core.cluster.AppMasterProtocol.ReportApp;
import io.gearpump.core.cluster.AppMasterProtocol.RequestExecutors;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.cluster.ExecutorProtocol.ExecutorCommand;
import io.gearpump.core.cluster.ExecutorProtocol.ExecutorReport;
import io.gearpump.core.cluster.ExecutorProtocol.GetExecutorReport;
import io.gearpump.core.cluster.ExecutorProtocol.RegisterExecutor;
import io.gearpump.core.cluster.ExecutorProtocol.CheckpointOrders;
import io.gearpump.core.cluster.ExecutorProtocol.StartTasks;
import io.gearpump.core.cluster.ExecutorProtocol.StopTasks;
import io.gearpump.core.cluster.Peer;
import io.gearpump.core.cluster.Request;
import io.gearpump.net.client.MasterChannel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/**
 * Fencing as the AppMaster and the executor see it, in the test's thread on a clock the test moves:
 * an AppMaster starts no attempt without the master's word, and one the master says was replaced
 * stops its tasks and ends without an outcome; an executor refuses a command of an older attempt.
 */
class AppMasterFencingTest {

    /** Never runs: the executors here are fakes. */
    public static class Idle extends Task {
        public Idle(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
        }
    }

    private static final int APP = 7;
    private static final ClusterException SUPERSEDED = new ClusterException(ClusterError.SUPERSEDED,
            "application 7 has a newer AppMaster (epoch 3) than this one (epoch 2)");

    private final Mailbox<AppMasterInput> mailbox = new Mailbox<>();
    private final List<Request<?>> toMaster = new ArrayList<>();
    private final List<ExecutorCommand<?>> toExecutor = new ArrayList<>();
    private Function<Request<?>, Object> masters = this::aMasterThatServesEpoch2;
    private final AppMaster appMaster = new AppMaster(Application.of("fenced", Graph.of(Processor.of(Idle.class, 1))),
            new FakeMasters(), mailbox, new AppMaster.Settings(APP, 2, 1, 3, "am:1", AppClock.NONE, 250, 15_000, 30_000));
    private long now = 1_000_000;

    @Test
    void anAppMasterReplacedWhileItsExecutorsRegisteredStartsNoTasks() throws Exception {
        step(); // asks for its executor, which is granted
        mailbox.offer(new AppMasterInput.ExecutorJoined(new RegisterExecutor(1, 1, "ex:1", 11), new FakeExecutor()));
        masters = request -> request instanceof BeginAttempt ? SUPERSEDED : aMasterThatServesEpoch2(request);
        step();

        assertEquals(List.of(RequestExecutors.class, BeginAttempt.class), types(toMaster));
        assertEquals(new BeginAttempt(APP, 2, 0), toMaster.get(1), "it names its epoch and the attempt it would start");
        assertEquals(List.of(), toExecutor, "no task started");
        assertTrue(appMaster.ended().isDone(), "it ended");
        assertNull(appMaster.ended().get(), "without an outcome: the application is the newer AppMaster's");
    }

    @Test
    void aMastersWordThatTookOverASecondToComeIsAskedForAgainBeforeAnyTaskStarts() throws Exception {
        step();
        mailbox.offer(new AppMasterInput.ExecutorJoined(new RegisterExecutor(1, 1, "ex:1", 11), new FakeExecutor()));
        CompletableFuture<Object> heldByTheNetwork = new CompletableFuture<>();
        masters = request -> request instanceof BeginAttempt ? heldByTheNetwork : aMasterThatServesEpoch2(request);
        step();
        masters = this::aMasterThatServesEpoch2;

        now += 1_500; // a cut that healed: the answer may be older than a replacement of this AppMaster
        heldByTheNetwork.complete(AttemptBegun.first(0));
        step();

        assertEquals(List.of(RequestExecutors.class, BeginAttempt.class, BeginAttempt.class), types(toMaster), "asked again");
        assertEquals(List.of(StartTasks.class), types(toExecutor), "started once, on the fresh answer");
    }

    @Test
    void aRunningAppMasterWhoseReportIsRefusedStopsItsTasksAndEndsWithoutTellingAnEnd() throws Exception {
        step();
        mailbox.offer(new AppMasterInput.ExecutorJoined(new RegisterExecutor(1, 1, "ex:1", 11), new FakeExecutor()));
        step();
        assertEquals(List.of(StartTasks.class), types(toExecutor), "started once the master confirmed epoch 2");

        masters = request -> request instanceof ReportApp ? SUPERSEDED : aMasterThatServesEpoch2(request);
        now += 250; // a round of reports: the executor's goes on to the master, which refuses it
        step();

        assertEquals(List.of(StartTasks.class, GetExecutorReport.class, StopTasks.class), types(toExecutor));
        assertEquals(new StopTasks(0), toExecutor.get(2));
        assertTrue(appMaster.ended().isDone());
        assertNull(appMaster.ended().get());
        assertTrue(toMaster.stream().noneMatch(AppFinished.class::isInstance), "the end is not this AppMaster's to tell");
    }

    @Test
    void anExecutorRefusesACommandOfAnOlderAttemptThanTheOneItRuns() throws Exception {
        List<ExecutorCommand<?>> hosted = new ArrayList<>();
        Mailbox<ExecutorInput> inbox = new Mailbox<>();
        ExecutorAgent executor = new ExecutorAgent(new RegisterExecutor(1, 1, "ex:1", 11), new FakeAppMaster(), command -> {
            hosted.add(command);
            return Done.DONE;
        }, inbox);
        CompletableFuture<Object> newer = new CompletableFuture<>();
        CompletableFuture<Object> older = new CompletableFuture<>();
        inbox.offer(new ExecutorInput.Commanded(new StartTasks(2, new ArrayList<>(), new ArrayList<>(), AppClock.NONE, CheckpointOrders.NONE), newer));
        inbox.offer(new ExecutorInput.Commanded(new StartTasks(1, new ArrayList<>(), new ArrayList<>(), AppClock.NONE, CheckpointOrders.NONE), older));
        executor.doWork(now);

        assertEquals(Done.DONE, newer.get());
        ExecutionException refused = assertThrows(ExecutionException.class, older::get);
        assertEquals(ClusterError.SUPERSEDED, assertInstanceOf(ClusterException.class, refused.getCause()).error());
        assertEquals(1, hosted.size(), "the late start of attempt 1 never reached the tasks");
    }

    // ------------------------------------------------------------------ helpers

    private Object aMasterThatServesEpoch2(Request<?> request) {
        return switch (request) {
            case RequestExecutors r -> new ExecutorsGranted(new ArrayList<>(List.of(1)), new ArrayList<>(List.of(1)));
            case BeginAttempt b -> AttemptBegun.first(0);
            default -> Done.DONE;
        };
    }

    /** Steps the AppMaster until every answer it got was handled. */
    private void step() {
        do {
            appMaster.doWork(now);
        } while (!mailbox.isEmpty());
    }

    private static List<Class<?>> types(List<?> requests) {
        return requests.stream().<Class<?>>map(Object::getClass).toList();
    }

    private final class FakeMasters implements MasterChannel {
        @Override
        public <R> CompletableFuture<R> call(Request<R> request, Duration timeout) {
            toMaster.add(request);
            Object answer = masters.apply(request);
            if (answer instanceof CompletableFuture<?> later) { // answered when the test says so
                return later.thenApply(request.replyType()::cast);
            }
            return answer instanceof RuntimeException e ? CompletableFuture.failedFuture(e)
                    : CompletableFuture.completedFuture(request.replyType().cast(answer));
        }

        @Override
        public String current() {
            return "m1:3000";
        }
    }

    /** The AppMaster's connection as an executor sees it: it takes the registration. */
    private static final class FakeAppMaster implements Peer {
        @Override
        public <R> CompletableFuture<R> call(Request<R> request, Duration timeout) {
            return CompletableFuture.completedFuture(request.replyType().cast(Done.DONE));
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close(String reason) {
        }

        @Override
        public String closeReason() {
            return null;
        }
    }

    /** The executor's connection as the AppMaster sees it: running tasks until stopped. */
    private final class FakeExecutor implements Peer {
        @Override
        public <R> CompletableFuture<R> call(Request<R> request, Duration timeout) {
            ExecutorCommand<?> command = (ExecutorCommand<?>) request;
            toExecutor.add(command);
            Object answer = command instanceof GetExecutorReport g
                    ? new ExecutorReport(1, g.attempt(), AppState.RUNNING, null, now, new ArrayList<>(), new HashMap<>(), new ArrayList<>(), null)
                    : Done.DONE;
            return CompletableFuture.completedFuture(request.replyType().cast(answer));
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close(String reason) {
        }

        @Override
        public String closeReason() {
            return null;
        }
    }
}
