package io.gearpump.worker.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.gearpump.core.cluster.AppMasterProtocol.AppFinished;
import io.gearpump.core.cluster.AppMasterProtocol.ExecutorsGranted;
import io.gearpump.core.cluster.AppMasterProtocol.RequestExecutors;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.cluster.Request;
import io.gearpump.net.client.MasterChannel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** How an AppMaster's first request for executors meets a refusal: stepped by hand, on a clock of the test's own. */
class AppMasterRequestTest {

    private static final long REGISTRATION_WAIT = 15_000;

    /** A master that answers the AppMaster's requests from a script the test fills. */
    private static final class ScriptedMaster implements MasterChannel {
        final List<Request<?>> asked = new ArrayList<>();
        final List<Object> answers = new ArrayList<>(); // a reply, or a Throwable to fail with

        @Override
        @SuppressWarnings("unchecked")
        public <R> CompletableFuture<R> call(Request<R> request, Duration timeout) {
            asked.add(request);
            if (request instanceof AppFinished) {
                return CompletableFuture.completedFuture((R) Done.DONE);
            }
            Object answer = answers.remove(0);
            return answer instanceof Throwable t ? CompletableFuture.failedFuture(t) : CompletableFuture.completedFuture((R) answer);
        }

        @Override
        public String current() {
            return "scripted";
        }

        long requests() {
            return asked.stream().filter(r -> r instanceof RequestExecutors).count();
        }
    }

    private final ScriptedMaster master = new ScriptedMaster();
    private final Mailbox<AppMasterInput> mailbox = new Mailbox<>();
    private final AppMaster appMaster = new AppMaster(Application.of("app", Graph.of(Processor.of(Idle.class, 1))), master, mailbox,
            new AppMaster.Settings(7, 1, 2, 3, "127.0.0.1:1", -1, 250, REGISTRATION_WAIT, 30_000));

    @Test
    void slotsStillHeldByAReplacedAttemptAreWaitedForNotAFailure() {
        master.answers.add(new ClusterException(ClusterError.NO_RESOURCES, "not enough free slots for 2 executors (1 free)"));
        master.answers.add(new ExecutorsGranted(new ArrayList<>(List.of(3, 4)), new ArrayList<>(List.of(1, 1))));

        long now = 0;
        for (; now < 3_000; now += 25) {
            appMaster.doWork(now);
        }

        assertEquals(2, master.requests(), "asked again after the refusal");
        assertFalse(appMaster.ended().isDone(), "the application is still starting, not FAILED");
        assertTrue(master.asked.stream().noneMatch(r -> r instanceof AppFinished));
    }

    @Test
    void slotsThatNeverFreeUpFailTheApplicationNamingTheRefusal() {
        for (int i = 0; i < 100; i++) {
            master.answers.add(new ClusterException(ClusterError.NO_RESOURCES, "not enough free slots for 2 executors (1 free)"));
        }

        for (long now = 0; now < REGISTRATION_WAIT + 5_000 && !appMaster.ended().isDone(); now += 25) {
            appMaster.doWork(now);
        }

        assertEquals(AppState.FAILED, appMaster.ended().getNow(null));
        AppFinished end = (AppFinished) master.asked.get(master.asked.size() - 1);
        assertTrue(end.failure().contains("not enough free slots for 2 executors"), end.failure());
    }

    @Test
    void anyOtherRefusalOfTheFirstRequestFailsTheApplicationAtOnce() {
        master.answers.add(new ClusterException(ClusterError.APP_ENDED, "application 7 has ended (KILLED)"));

        for (long now = 0; now < 200; now += 25) { // no retry in that time
            appMaster.doWork(now);
        }

        assertEquals(AppState.FAILED, appMaster.ended().getNow(null));
        assertEquals(1, master.requests());
    }

    /** A task that is never started here. */
    public static final class Idle extends Task {
        public Idle(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
        }
    }
}
