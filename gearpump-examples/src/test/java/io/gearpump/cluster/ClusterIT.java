package io.gearpump.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A master and two workers as separate processes, driven by bin/gear as a user would. */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterIT {

    private static final String WORDCOUNT = "io.gearpump.examples.wordcount.WordCount";

    @TempDir
    Path dir;

    @Test
    void wordCountRunsOnBothWorkersAndKillRemovesEveryExecutor() throws Exception {
        try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
            cluster.startMaster();
            Process worker1 = cluster.startWorker("worker1");
            Process worker2 = cluster.startWorker("worker2");

            String status = submitEndlessWordCountOnBothWorkers(cluster);
            long first = received(status, "sum");
            String later = awaitStatus(cluster, s -> received(s, "sum") > first);
            assertTrue(received(later, "sum") > first, "counts progress:\n" + later);
            assertEquals(3, ClusterProcesses.executorsOf(worker1) + ClusterProcesses.executorsOf(worker2),
                    "an AppMaster and two executors run under the two workers");

            ClusterProcesses.Result kill = cluster.gear("kill", "-appid", "1", "-master", cluster.master());

            assertEquals(0, kill.exit(), kill.output());
            assertTrue(kill.output().contains("application 1 (wordcount): KILLED"), kill.output());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (ClusterProcesses.executorsOf(worker1) + ClusterProcesses.executorsOf(worker2) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, ClusterProcesses.executorsOf(worker1) + ClusterProcesses.executorsOf(worker2), "no executor left");
            ClusterProcesses.Result list = cluster.gear("list", "-master", cluster.master());
            assertTrue(list.output().matches("(?s).*\\n1\\s+wordcount\\s+KILLED.*"), list.output());
        }
    }

    @Test
    void badSubmissionsGetClearErrorsAndTheClusterStaysHealthy() throws Exception {
        try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
            cluster.startMaster();
            cluster.startWorker("worker1");
            Path notAJar = java.nio.file.Files.writeString(dir.resolve("notes.jar"), "just text");

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
            submitEndlessWordCountOnBothWorkers(cluster);

            // kill -9 of one executor (not the AppMaster): its tasks are restarted, the count shows it
            ProcessHandle executor = ClusterProcesses.taskExecutors(worker1, worker2).findFirst().orElseThrow();
            executor.destroyForcibly();
            String restarted = awaitStatus(cluster, s -> s.contains("restarts: 1") && s.contains("RUNNING"));
            long afterRestart = received(restarted, "sum");
            awaitStatus(cluster, s -> received(s, "sum") > afterRestart);

            // kill -9 of the worker without the AppMaster: everything moves to the other worker and keeps counting
            Process victim = ClusterProcesses.hostsAppMaster(worker1) ? worker2 : worker1;
            Process survivor = victim == worker1 ? worker2 : worker1;
            String victimId = victim == worker1 ? "1" : "2";
            String survivorId = victim == worker1 ? "2" : "1";
            java.util.List<ProcessHandle> victimExecutors = victim.descendants().toList();
            victim.destroyForcibly();
            String moved = awaitStatus(cluster, s -> s.contains("RUNNING") && !s.contains("of worker " + victimId)
                    && s.contains("of worker " + survivorId));
            long afterMove = received(moved, "sum");
            awaitStatus(cluster, s -> received(s, "sum") > afterMove);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (victimExecutors.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(victimExecutors.stream().noneMatch(ProcessHandle::isAlive), "the dead worker's executors are gone");
            assertTrue(ClusterProcesses.executorsOf(survivor) >= 2, "the survivor runs the AppMaster and the tasks");
        }
    }

    @Test
    void killingTheWorkerOfTheAppMasterBringsUpANewAppMasterThatCarriesOn() throws Exception {
        try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
            cluster.startMaster();
            Process worker1 = cluster.startWorker("worker1");
            Process worker2 = cluster.startWorker("worker2");
            submitEndlessWordCountOnBothWorkers(cluster);

            Process victim = ClusterProcesses.hostsAppMaster(worker1) ? worker1 : worker2;
            Process survivor = victim == worker1 ? worker2 : worker1;
            String victimId = victim == worker1 ? "1" : "2";
            victim.destroyForcibly();

            String carriedOn = awaitStatus(cluster, s -> s.contains("RUNNING") && !s.contains("of worker " + victimId)
                    && received(s, "sum") > 0);
            long count = received(carriedOn, "sum");
            awaitStatus(cluster, s -> received(s, "sum") > count);
            assertTrue(ClusterProcesses.hostsAppMaster(survivor), "the new AppMaster runs on the surviving worker");
        }
    }

    /** bin/gear submit of WordCount (2 executors) in the background; returns once it counts on both workers. */
    private static String submitEndlessWordCountOnBothWorkers(ClusterProcesses cluster) throws Exception {
        cluster.gearInBackground("submit.log", "submit", "-master", cluster.master(), "-jar",
                ClusterProcesses.EXAMPLES_JAR.toString(), "-main", WORDCOUNT, "-executors", "2",
                "-split", "2", "-sum", "2", "-runseconds", "600");
        return awaitStatus(cluster, s -> s.contains("RUNNING") && s.contains("of worker 1") && s.contains("of worker 2")
                && received(s, "sum") > 0);
    }

    private static String awaitStatus(ClusterProcesses cluster, java.util.function.Predicate<String> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String last = "";
        while (System.nanoTime() < deadline) {
            ClusterProcesses.Result r = cluster.gear("status", "-appid", "1", "-master", cluster.master());
            last = r.output();
            if (r.exit() == 0 && done.test(last)) {
                return last;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("status never matched; last:\n" + last + "\nsubmit log:\n" + cluster.log("submit.log"));
    }

    private static long received(String status, String processor) {
        Matcher m = Pattern.compile("\\d+ " + processor + "\\s+x\\d+ received ([\\d,]+)").matcher(status);
        return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : -1;
    }
}
