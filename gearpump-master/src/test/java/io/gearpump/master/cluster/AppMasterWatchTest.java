package io.gearpump.master.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.cluster.WorkerProtocol.ExecutorInfo;

import java.util.List;

import org.junit.jupiter.api.Test;

class AppMasterWatchTest {

    @Test
    void anAppMasterMissingFromItsWorkersHeartbeatIsLostOnlyAfterTheGrace() {
        AppMasterWatch watch = new AppMasterWatch(2);
        watch.launched(7, 1, 1000);

        assertEquals(List.of(), watch.lostOn(1, List.of(), 1500, 900), "a heartbeat from before the launch proves nothing");
        assertEquals(List.of(), watch.lostOn(1, List.of(new ExecutorInfo(7, 0, 42, true)), 5000, 900));
        assertEquals(List.of(), watch.lostOn(2, List.of(), 5000, 900), "another worker says nothing about it");
        assertEquals(List.of(7), watch.lostOn(1, List.of(new ExecutorInfo(7, 0, 42, false)), 5000, 900));
        assertEquals(List.of(), watch.onDeadWorker(1), "a loss is handed out once, so it is relaunched once");
        assertEquals(List.of(), watch.lostOn(1, List.of(), 6000, 900));
    }

    @Test
    void aDeadWorkerLosesTheAppMastersItRan() {
        AppMasterWatch watch = new AppMasterWatch(2);
        watch.launched(7, 1, 0);
        watch.launched(8, 2, 0);
        assertEquals(List.of(7), watch.onDeadWorker(1));
    }

    @Test
    void relaunchesAreBoundedAndAnEndedApplicationIsForgotten() {
        AppMasterWatch watch = new AppMasterWatch(2);
        watch.launched(7, 1, 0);
        assertTrue(watch.mayRelaunch(7));
        watch.launched(7, 2, 10);
        assertTrue(watch.mayRelaunch(7));
        watch.launched(7, 1, 20);
        assertFalse(watch.mayRelaunch(7), "two relaunches were allowed");

        watch.ended(7);
        assertEquals(List.of(), watch.onDeadWorker(1));
        assertFalse(watch.mayRelaunch(7));
    }

    @Test
    void withNoRestartsAllowedALostAppMasterIsNeverRelaunched() {
        AppMasterWatch watch = new AppMasterWatch(0);
        watch.launched(7, 1, 0);
        assertEquals(List.of(7), watch.onDeadWorker(1));
        assertFalse(watch.mayRelaunch(7));
    }
}
