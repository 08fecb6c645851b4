package io.gearpump.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.testing.Poll;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A master and two workers as separate processes, driven by bin/gear as a user would. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterIT {

    private static final String WORDCOUNT = ClusterProcesses.WORDCOUNT;

    @TempDir
    Path dir;

    @Test
    void aConfigurationFileGivenInGearJavaOptsIsTheOneRead() throws Exception {
        Path conf = java.nio.file.Files.writeString(dir.resolve("mine.conf"), "gearpump.cluster.masters = mine.invalid:3000\n");
        ProcessBuilder gear = new ProcessBuilder(ClusterProcesses.HOME.resolve("bin/gear").toString(), "list")
                .directory(dir.toFile()).redirectErrorStream(true);
        gear.environment().put("GEAR_JAVA_OPTS", "-Dgearpump.conf=" + conf);
        Process p = gear.start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

        assertEquals(1, p.waitFor(), output);
        assertTrue(output.contains("cannot resolve host 'mine.invalid'"), "the masters of " + conf + ": " + output);
    }

    @Test
    void localOnATakenPortSaysSoInOneLine() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Process local = new ProcessBuilder(ClusterProcesses.HOME.resolve("bin/local").toString(), "-port",
                    String.valueOf(taken.getLocalPort())).directory(dir.toFile()).redirectErrorStream(true).start();
            try {
                String output = new String(local.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertEquals(1, local.waitFor(), output);
                assertEquals("local: cannot listen on /127.0.0.1:" + taken.getLocalPort() + ": Address already in use", output.strip());
            } finally {
                local.destroyForcibly();
            }
        }
    }

    @Test
    void wordCountRunsOnBothWorkersAndKillRemovesEveryExecutor() throws Exception {
        try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
            cluster.startMaster();
            Process worker1 = cluster.startWorker("worker1");
            Process worker2 = cluster.startWorker("worker2");

            String status = cluster.submitEndlessWordCountOnBothWorkers();
            long first = ClusterProcesses.received(status, "sum");
            String later = cluster.awaitStatus(s -> ClusterProcesses.received(s, "sum") > first);
            assertTrue(ClusterProcesses.received(later, "sum") > first, "counts progress:\n" + later);
            assertTrue(later.matches("(?s).*\ndashboard: http://127\\.0\\.0\\.1:\\d+/ \\(REST API: http://127\\.0\\.0\\.1:\\d+/api/v1/apps/1\\)\n.*"),
                    "status names the dashboard:\n" + later);
            assertTrue(later.contains("receive latency p50"), "status shows each processor's metrics:\n" + later);
            assertEquals(3, ClusterProcesses.executorsOf(worker1) + ClusterProcesses.executorsOf(worker2),
                    "an AppMaster and two executors run under the two workers");

            ClusterProcesses.Result kill = cluster.gear("kill", "-appid", "1", "-master", cluster.master());

            assertEquals(0, kill.exit(), kill.output());
            assertTrue(kill.output().contains("application 1 (wordcount): KILLED"), kill.output());
            Poll.until("no executor to be left",
                    () -> ClusterProcesses.executorsOf(worker1) + ClusterProcesses.executorsOf(worker2), executors -> executors == 0);
            ClusterProcesses.Result list = cluster.gear("list", "-master", cluster.master());
            assertTrue(list.output().matches("(?s).*\\n1\\s+wordcount\\s+KILLED.*"), list.output());

            ClusterProcesses.Result again = cluster.gear("kill", "-appid", "1", "-master", cluster.master());
            assertEquals(1, again.exit(), again.output());
            assertEquals("gear kill: application 1 had already ended (KILLED)", again.output().strip());
            assertEquals(1, cluster.masterLogLines("application 1: KILLED").size(), "the master logs one final state");
            ClusterProcesses.Result ended = cluster.gear("status", "-appid", "1", "-master", cluster.master());
            assertTrue(ended.output().contains("received") && !ended.output().contains("msgs/s"),
                    "an ended application shows its counts but no current rate:\n" + ended.output());
        }
    }

    @Test
    void badSubmissionsGetClearErrorsAndTheClusterStaysHealthy() throws Exception {
        try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
            cluster.startMaster();
            cluster.startWorker("worker1");
            Path notAJar = java.nio.file.Files.writeString(dir.resolve("notes.jar"), "just text");

            ClusterProcesses.Result unresolvable = cluster.gear("list", "-master", "nosuchhost.invalid:3000");
            assertEquals(1, unresolvable.exit(), unresolvable.output());
            assertEquals("gear list: cannot resolve host 'nosuchhost.invalid' (the masters, from -master or gearpump.cluster.masters)",
                    unresolvable.output().strip(), "one line, no stack trace");

            ClusterProcesses.Result r = cluster.gear("submit", "-master", cluster.master(), "-jar", notAJar.toString(), "-main", WORDCOUNT);
            assertEquals(2, r.exit(), r.output());
            assertTrue(r.output().contains("is not a jar"), r.output());

            r = cluster.gear("submit", "-master", cluster.master(), "-jar", ClusterProcesses.EXAMPLES_JAR.toString(), "-main", "com.example.Missing");
            assertEquals(2, r.exit(), r.output());
            assertTrue(r.output().contains("main class com.example.Missing not found"), r.output());

            r = cluster.gear("submit", "-master", cluster.master(), "-jar", ClusterProcesses.EXAMPLES_JAR.toString(), "-main", WORDCOUNT, "-split", "0");
            assertTrue(r.exit() != 0, r.output());
            assertTrue(r.output().contains("option -split must be at least 1"), r.output());

            // a main that throws (here: a main that wants options it was not given)
            r = cluster.gear("submit", "-master", cluster.master(), "-jar", ClusterProcesses.EXAMPLES_JAR.toString(),
                    "-main", "io.gearpump.worker.executor.ExecutorMain");
            assertEquals(1, r.exit(), r.output());
            assertTrue(r.output().contains("the main of io.gearpump.worker.executor.ExecutorMain threw"), r.output());

            r = cluster.gear("status", "-appid", "42", "-master", cluster.master());
            assertEquals(1, r.exit(), r.output());
            assertTrue(r.output().contains("unknown application id 42"), r.output());

            r = cluster.gear("list", "-master", "127.0.0.1:1");
            assertEquals(1, r.exit(), r.output());
            assertTrue(r.output().contains("no master reachable"), r.output());

            // still healthy: a finite WordCount succeeds
            r = cluster.gear("submit", "-master", cluster.master(), "-jar", ClusterProcesses.EXAMPLES_JAR.toString(), "-main", WORDCOUNT,
                    "-executors", "1", "-repeat", "1000", "-runseconds", "0");
            assertEquals(0, r.exit(), r.output());
            assertTrue(r.output().contains("state: SUCCEEDED"), r.output());
            // 1000 passes of one Split task over the built-in text, where "the" occurs 9 times
            assertTrue(r.output().lines().anyMatch(l -> l.matches("\\s+the\\s+9,000")), r.output());
        }
    }

    @Test
    void killingAWorkerMovesTheTasksToTheOtherAndKillingAnExecutorRestartsThem() throws Exception {
        try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
            cluster.startMaster();
            Process worker1 = cluster.startWorker("worker1");
            Process worker2 = cluster.startWorker("worker2");
            cluster.submitEndlessWordCountOnBothWorkers();

            // kill -9 of one executor (not the AppMaster): its tasks are restarted, the count shows it
            ProcessHandle executor = ClusterProcesses.taskExecutors(worker1, worker2).findFirst().orElseThrow();
            executor.destroyForcibly();
            String restarted = cluster.awaitStatus(s -> s.contains("restarts: 1") && s.contains("RUNNING"));
            long afterRestart = ClusterProcesses.received(restarted, "sum");
            cluster.awaitStatus(s -> ClusterProcesses.received(s, "sum") > afterRestart);

            // kill -9 of the worker without the AppMaster: everything moves to the other worker and keeps counting
            Process victim = ClusterProcesses.hostsAppMaster(worker1) ? worker2 : worker1;
            Process survivor = victim == worker1 ? worker2 : worker1;
            String victimId = victim == worker1 ? "1" : "2";
            String survivorId = victim == worker1 ? "2" : "1";
            List<ProcessHandle> victimExecutors = victim.descendants().toList();
            victim.destroyForcibly();
            String moved = cluster.awaitStatus(s -> s.contains("RUNNING") && !s.contains("of worker " + victimId)
                    && s.contains("of worker " + survivorId));
            long afterMove = ClusterProcesses.received(moved, "sum");
            cluster.awaitStatus(s -> ClusterProcesses.received(s, "sum") > afterMove);
            Poll.until("the dead worker's executors to be gone",
                    () -> victimExecutors.stream().filter(ProcessHandle::isAlive).toList(), List::isEmpty);
            assertTrue(ClusterProcesses.executorsOf(survivor) >= 2, "the survivor runs the AppMaster and the tasks");
        }
    }

    @Test
    void anApplicationEndsAfterItsRunSecondsEvenWhenItsSubmitterIsGone() throws Exception {
        try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
            cluster.startMaster();
            cluster.startWorker("worker1");
            // 15 s: room for a slow start on a busy machine, so that it still runs when its submitter dies
            Process submitter = cluster.gearInBackground("submit.log", "submit", "-master", cluster.master(), "-jar",
                    ClusterProcesses.EXAMPLES_JAR.toString(), "-main", WORDCOUNT, "-executors", "1", "-runseconds", "15");
            cluster.awaitStatus(s -> s.contains("RUNNING") && ClusterProcesses.received(s, "sum") > 0);

            submitter.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            submitter.destroyForcibly();

            String ended = cluster.awaitStatus(s -> s.contains("SUCCEEDED"));
            assertTrue(ClusterProcesses.received(ended, "sum") > 0, ended);
        }
    }

    @Test
    void killingTheWorkerOfTheAppMasterBringsUpANewAppMasterThatCarriesOn() throws Exception {
        try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
            cluster.startMaster();
            Process worker1 = cluster.startWorker("worker1");
            Process worker2 = cluster.startWorker("worker2");
            String first = cluster.submitEndlessWordCountOnBothWorkers();
            long countedBefore = ClusterProcesses.received(first, "sum");

            Process victim = ClusterProcesses.hostsAppMaster(worker1) ? worker1 : worker2;
            Process survivor = victim == worker1 ? worker2 : worker1;
            String victimId = victim == worker1 ? "1" : "2";
            victim.destroyForcibly();

            String carriedOn = cluster.awaitStatus(s -> s.contains("RUNNING") && !s.contains("of worker " + victimId)
                    && s.contains("in this attempt"));
            long count = ClusterProcesses.received(carriedOn, "sum");
            assertTrue(carriedOn.contains("restarts: 1,"), "the new AppMaster's attempt is the first restart:\n" + carriedOn);
            assertTrue(count >= countedBefore, "counts since submission do not start over (" + countedBefore + " before):\n" + carriedOn);
            cluster.awaitStatus(s -> ClusterProcesses.received(s, "sum") > count);
            assertTrue(ClusterProcesses.hostsAppMaster(survivor), "the new AppMaster runs on the surviving worker");
        }
    }
}
