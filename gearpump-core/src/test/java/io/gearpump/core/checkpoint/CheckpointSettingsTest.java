package io.gearpump.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.InvalidApplicationException;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.cluster.AppDescription;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.SnapshotTasks;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class CheckpointSettingsTest {

    private static final Application APP = Application.of("app", Graph.of(Processor.of(SnapshotTasks.Counting.class, 1)));

    @Test
    void byDefaultAnApplicationTakesNoCheckpoints() {
        CheckpointSettings s = CheckpointSettings.of(GearConfig.defaults(), APP.config());

        assertFalse(s.enabled());
        assertEquals(1000, s.intervalMillis());
        assertEquals(Path.of("checkpoints"), s.dir());
    }

    @Test
    void theApplicationsOwnSettingsOverrideTheClusters() {
        GearConfig cluster = GearConfig.defaults().with("gearpump.app.guarantee", "at_least_once")
                .with("gearpump.checkpoint.interval.ms", "5000").with("gearpump.checkpoint.dir", "/shared/chk");

        CheckpointSettings s = CheckpointSettings.of(cluster,
                APP.withGuarantee(Guarantee.EXACTLY_ONCE).withCheckpointInterval(Duration.ofMillis(250)).config());

        assertEquals(Guarantee.EXACTLY_ONCE, s.guarantee());
        assertEquals(250, s.intervalMillis());
        assertEquals(Path.of("/shared/chk"), s.dir(), "the cluster's where the application says nothing");
    }

    @Test
    void aBadGuaranteeFailsTheSubmissionNamingTheKeyAndTheChoices() {
        Application bad = Application.of("app", APP.graph(), UserConfig.empty().with("gearpump.app.guarantee", "exactly-once"));

        InvalidApplicationException e = assertThrows(InvalidApplicationException.class, () -> AppDescription.of(bad));
        assertTrue(e.getMessage().contains("'gearpump.app.guarantee' = 'exactly-once'")
                && e.getMessage().contains("one of NONE, AT_LEAST_ONCE, EXACTLY_ONCE"), e.getMessage());
    }
}
