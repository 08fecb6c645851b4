package io.gearpump.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.TestTasks.NumberSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A heap left nearly full by a collection stops the largest application, named, and nothing else. */
@Timeout(60)
class HeapGuardTest {

    private static Application endless(String name, int par) {
        return Application.of(name, Graph.of(Processor.of(NumberSource.class, par, "source", UserConfig.empty())
                .to(Partitioners.shuffle(), Processor.of(TestTasks.CountingSink.class, par, "sink"))));
    }

    @Test
    void aNearlyFullHeapFailsTheApplicationWithTheMostTasksSayingWhy() throws Exception {
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int small = engine.submit(endless("small", 1));
            int large = engine.submit(endless("large", 8));
            long max = Runtime.getRuntime().maxMemory();

            HeapGuard.shared().collected(max / 2);
            assertEquals(AppState.RUNNING, engine.status(large).state(), "half full is fine");

            HeapGuard.shared().collected(max);
            AppStatus failed = Termination.await(engine, large);

            assertEquals(AppState.FAILED, failed.state());
            String cause = failed.failureCause().orElseThrow();
            assertTrue(cause.contains("out of memory: the JVM's heap was 100 % full after a garbage collection")
                    && cause.contains("application large (16 tasks in this JVM") && cause.contains("-Xmx"), cause);
            assertEquals(AppState.RUNNING, engine.status(small).state(), "only the largest is stopped");
            engine.kill(small);
        }
    }
}
