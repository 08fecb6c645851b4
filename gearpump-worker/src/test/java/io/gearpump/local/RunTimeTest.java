package io.gearpump.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.InvalidApplicationException;
import io.gearpump.core.api.Processor;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.StreamTasks.Discard;
import io.gearpump.core.testing.StreamTasks.Numbers;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An application's run time is kept by its AppMaster: it ends on time with nobody asking it to. */
@Timeout(60)
class RunTimeTest {

    @Test
    void anApplicationWithARunTimeDrainsAndSucceedsWhenItIsOverWithoutBeingStopped() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(GearConfig.defaults())) {
            Application app = Application.of("timed", Graph.of(Processor.of(Numbers.class, 1, "endless")
                    .to(Processor.of(Discard.class, 1, "sink")))).withRunTime(Duration.ofSeconds(2));
            long submitted = System.nanoTime();
            int id = cluster.submit(app);

            AppStatus end = cluster.await(id, Duration.ofSeconds(40));

            Duration ran = Duration.ofNanos(System.nanoTime() - submitted);
            assertEquals(AppState.SUCCEEDED, end.state(), "drained, not killed: " + end);
            assertTrue(ran.compareTo(Duration.ofSeconds(2)) >= 0 && ran.compareTo(Duration.ofSeconds(20)) < 0, "ran " + ran);
            assertTrue(end.processor("sink").received() > 0 && end.processor("sink").received() == end.processor("endless").sent(),
                    "what the source sent before its end was all taken: " + end);
        }
    }

    @Test
    void aRunTimeUnderASecondIsRefusedAtOnce() {
        Application app = Application.of("timed", Graph.of(Processor.of(Numbers.class, 1, "endless")));
        InvalidApplicationException e = assertThrows(InvalidApplicationException.class, () -> app.withRunTime(Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("at least a second"), e.getMessage());
    }
}
