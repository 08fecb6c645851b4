package io.gearpump.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.testing.Poll;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three masters and two workers as separate processes: {@code kill -9} of masters while WordCount
 * runs, driven by bin/gear as a user would, with every master listed in {@code -master}.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MasterFailoverIT {

    @TempDir
    Path dir;

    @Test
    void killingTheLeaderLosesNothingAndTheKilledMasterCatchesUpWhenRestarted() throws Exception {
        try (ClusterProcesses cluster = new ClusterProcesses(dir, 3)) {
            Map<Integer, Process> masters = startGroupRunningWordCount(cluster);
            Instant clockBefore = startClock(cluster.awaitStatus(s -> startClock(s) != null));

            int leader = awaitLeader(cluster, -1);
            masters.get(leader).destroyForcibly(); // kill -9
            int next = awaitLeader(cluster, leader);
            String afterKill = cluster.awaitStatus(s -> s.contains("RUNNING"));
            assertTrue(startClock(afterKill) != null && !startClock(afterKill).isBefore(clockBefore),
                    "the new leader knows the application's clock (" + clockBefore + " or later):\n" + afterKill);

            ClusterProcesses.Result list = cluster.gear("list", "-master", cluster.master());
            assertEquals(0, list.exit(), list.output());
            assertTrue(list.output().matches("(?s).*\\n1\\s+wordcount\\s+RUNNING.*"), "the same application runs:\n" + list.output());
            String status = cluster.awaitStatus(s -> s.contains("RUNNING") && ClusterProcesses.received(s, "sum") > 0);
            long count = ClusterProcesses.received(status, "sum");
            String later = cluster.awaitStatus(s -> ClusterProcesses.received(s, "sum") > count);
            assertTrue(later.contains("restarts: 0"), "it kept counting without a restart:\n" + later);

            ClusterProcesses.Result second = cluster.gear("submit", "-master", cluster.master(), "-jar",
                    ClusterProcesses.EXAMPLES_JAR.toString(), "-main", ClusterProcesses.WORDCOUNT, "-executors", "1",
                    "-repeat", "100", "-runseconds", "0");
            assertEquals(0, second.exit(), second.output());
            assertTrue(second.output().contains("submitted application 2") && second.output().contains("state: SUCCEEDED"),
                    "a new submission succeeds on the new leader:\n" + second.output());

            masters.put(leader, cluster.startMaster(leader, "master-" + leader + "-restarted.log"));
            String caughtUp = awaitCluster(cluster, "the restarted master following, caught up",
                    c -> line(c, leader).contains("FOLLOWER")
                            && applied(line(c, leader)) >= commit(line(c, next)) - 2); // the leader may commit a little more meanwhile
            assertTrue(line(caughtUp, next).contains("LEADER"), caughtUp);
        }
    }

    @Test
    void aFollowerLossChangesNothingAndTwoOfThreeGoneIsNoQuorumUntilOneReturns() throws Exception {
        try (ClusterProcesses cluster = new ClusterProcesses(dir, 3)) {
            Map<Integer, Process> masters = startGroupRunningWordCount(cluster);
            int leader = awaitLeader(cluster, -1);
            int follower = cluster.masterPorts().stream().filter(p -> p != leader).findFirst().orElseThrow();

            masters.get(follower).destroyForcibly();
            ClusterProcesses.Result list = cluster.gear("list", "-master", cluster.master());
            assertEquals(0, list.exit(), list.output());
            assertTrue(list.output().matches("(?s).*\\n1\\s+wordcount\\s+RUNNING.*"), list.output());
            assertEquals(leader, awaitLeader(cluster, -1), "the leader stays");

            masters.get(leader).destroyForcibly();
            list = cluster.gear("list", "-master", cluster.master());
            assertEquals(1, list.exit(), list.output());
            assertTrue(list.output().contains("no quorum"), "a clear error without a quorum:\n" + list.output());

            masters.put(follower, cluster.startMaster(follower, "master-" + follower + "-restarted.log"));
            awaitLeader(cluster, -1);
            String status = cluster.awaitStatus(s -> s.contains("RUNNING") && ClusterProcesses.received(s, "sum") > 0);
            long count = ClusterProcesses.received(status, "sum");
            cluster.awaitStatus(s -> ClusterProcesses.received(s, "sum") > count);
        }
    }

    /** Every master, two workers and an endless WordCount counting on both; returns the masters by port. */
    private static Map<Integer, Process> startGroupRunningWordCount(ClusterProcesses cluster) throws Exception {
        Map<Integer, Process> masters = new HashMap<>();
        for (int port : cluster.masterPorts()) {
            masters.put(port, cluster.startMaster(port, "master-" + port + ".log"));
        }
        cluster.startWorker("worker1");
        cluster.startWorker("worker2");
        cluster.submitEndlessWordCountOnBothWorkers();
        return masters;
    }

    /** The replicated start clock a status shows, or null while it has none. */
    private static Instant startClock(String status) {
        return status.lines().filter(l -> l.startsWith("start clock (replicated): ")).findFirst()
                .map(l -> l.substring("start clock (replicated): ".length()))
                .filter(v -> !v.equals("none yet")).map(Instant::parse).orElse(null);
    }

    /** The port of the master {@code bin/gear cluster} shows leading, other than {@code not}. */
    private static int awaitLeader(ClusterProcesses cluster, int not) throws Exception {
        String c = awaitCluster(cluster, "a leader other than " + not, out -> cluster.masterPorts().stream()
                .anyMatch(p -> p != not && line(out, p).contains("LEADER")));
        return cluster.masterPorts().stream().filter(p -> p != not && line(c, p).contains("LEADER")).findFirst().orElseThrow();
    }

    /** The output of {@code bin/gear cluster} once it shows {@code what} ({@code done}), within 60 s. */
    private static String awaitCluster(ClusterProcesses cluster, String what, Predicate<String> done) {
        return Poll.until("bin/gear cluster to show " + what, Duration.ofSeconds(60),
                () -> cluster.gear("cluster", "-master", cluster.master()), r -> r.exit() == 0 && done.test(r.output())).output();
    }

    /** The line of {@code bin/gear cluster} about the master on {@code port}. */
    private static String line(String cluster, int port) {
        return cluster.lines().filter(l -> l.contains(ClusterProcesses.address(port) + " ")).findFirst().orElse("");
    }

    /** A master line is "[*] address role term commit applied leader". */
    private static long applied(String masterLine) {
        return column(masterLine, 4);
    }

    private static long commit(String masterLine) {
        return column(masterLine, 3);
    }

    private static long column(String masterLine, int afterAddress) {
        List<String> words = List.of(masterLine.trim().split("\\s+"));
        int at = words.indexOf(words.stream().filter(w -> w.startsWith("127.0.0.1:")).findFirst().orElse(""));
        return at < 0 || at + afterAddress >= words.size() ? -1 : Long.parseLong(words.get(at + afterAddress));
    }
}
