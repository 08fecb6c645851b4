package io.gearpump.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a user sees of a task that fails at every start on a {@link LocalCluster}: the failure names
 * the application by its own id (an executor runs each attempt under the attempt's number, which
 * once stood in for the id), and the application is restarted as often as configured, which may be
 * never.
 */
@Timeout(120)
class TaskFailureTest {

    /** The application id each start of {@link FailsAtStart} saw in its context. */
    static final List<Integer> STARTS = new CopyOnWriteArrayList<>();

    /** A source that throws as it starts. */
    public static class FailsAtStart extends Task {
        public FailsAtStart(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onStart(Instant startTime) {
            STARTS.add(context.appId());
            throw new IllegalStateException("failing on purpose");
        }

        @Override
        public void onNext(Message message) {
        }
    }

    @BeforeEach
    void clear() {
        STARTS.clear();
    }

    @Test
    void theFailureNamesTheApplicationIdAndTheLastAttempt() {
        try (LocalCluster cluster = LocalCluster.start(GearConfig.defaults().with("gearpump.app.max.restarts", "2"))) {
            int appId = cluster.submit(app());

            AppStatus end = cluster.await(appId, Duration.ofSeconds(100));

            assertEquals(AppState.FAILED, end.state(), String.valueOf(end));
            assertTrue(end.failure().contains("task 0.0 (fails-at-start) of app " + appId + " (attempt 2) failed"), end.failure());
            assertEquals(List.of(appId, appId, appId), STARTS, "every attempt's task knows the application's id");
        }
    }

    @Test
    void withNoRestartsAllowedTheFirstFailureFailsTheApplication() {
        try (LocalCluster cluster = LocalCluster.start(GearConfig.defaults().with("gearpump.app.max.restarts", "0"))) {
            int appId = cluster.submit(app());

            AppStatus end = cluster.await(appId, Duration.ofSeconds(100));

            assertEquals(AppState.FAILED, end.state(), String.valueOf(end));
            assertEquals(List.of(appId), STARTS, "started once, never restarted");
            assertTrue(end.failure().startsWith("no restart allowed (gearpump.app.max.restarts = 0); failure: "), end.failure());
            assertTrue(end.failure().contains("task 0.0 (fails-at-start) of app " + appId + " (attempt 0) failed"), end.failure());
        }
    }

    private static Application app() {
        return Application.of("fails", Graph.of(Processor.of(FailsAtStart.class, 1, "fails-at-start")));
    }
}
