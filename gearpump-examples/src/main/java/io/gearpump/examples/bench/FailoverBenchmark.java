package io.gearpump.examples.bench;

import io.gearpump.core.cluster.ClientProtocol.MasterInfo;
import io.gearpump.core.cluster.MasterRole;
import io.gearpump.core.config.GearConfig;
import io.gearpump.master.MasterMain;
import io.gearpump.net.client.ClusterClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code gear bench failover}: three master processes on loopback (fsync on); each trial finds the
 * leader, kills it with SIGKILL, and times from the kill to the first successful list (a client that
 * knows every master, as {@code bin/gear list -master a,b,c} does, without the JVM start); then
 * restarts the killed master from its disk and waits until it has caught up before the next trial.
 */
final class FailoverBenchmark {

    private FailoverBenchmark() {
    }

    static String run(int trials) throws Exception {
        Path dir = Files.createTempDirectory("gear-bench-failover");
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                ports.add(s.getLocalPort());
            }
        }
        String masters = String.join(",", ports.stream().map(p -> "127.0.0.1:" + p).toList());
        Map<Integer, Process> running = new HashMap<>();
        GearConfig config = GearConfig.load().with(GearConfig.MASTERS.name(), masters);
        try (ClusterClient setup = new ClusterClient(config, masters)) {
            for (int port : ports) {
                running.put(port, start(port, masters, dir));
            }
            List<Long> millis = new ArrayList<>();
            for (int t = 0; t < trials; t++) {
                int leader = awaitSteadyLeader(setup, ports);
                try (ClusterClient client = new ClusterClient(config, masters)) { // knows no leader yet, like bin/gear
                    long killed = System.nanoTime();
                    running.get(leader).destroyForcibly();
                    client.list();
                    millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed));
                }
                running.get(leader).waitFor(10, TimeUnit.SECONDS);
                running.put(leader, start(leader, masters, dir));
            }
            List<Long> sorted = millis.stream().sorted().toList();
            return String.format(Locale.ROOT, "engine=gearpump workload=failover masters=3 trials=%d median_ms=%d max_ms=%d min_ms=%d all_ms=%s",
                    trials, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), sorted.get(0),
                    String.join(",", millis.stream().map(String::valueOf).toList()));
        } finally {
            running.values().forEach(Process::destroyForcibly);
        }
    }

    /** A master JVM like {@code bin/master -port PORT}, its output in the bench's folder. */
    private static Process start(int port, String masters, Path dir) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-Dgearpump.cluster.masters=" + masters,
                "-Dgearpump.master.dir=" + dir, "-Dgearpump.rest.port=0", "-cp", System.getProperty("java.class.path"), MasterMain.class.getName(),
                "-port", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("master-" + port + ".log").toFile()))
                .start();
    }

    /** The leader, once every master is up and has applied what the leader committed. */
    private static int awaitSteadyLeader(ClusterClient client, List<Integer> ports) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                List<MasterInfo> infos = client.cluster().masters();
                MasterInfo leader = infos.stream().filter(m -> m.role() == MasterRole.LEADER).findFirst().orElse(null);
                if (leader != null && infos.size() == ports.size() && infos.stream().allMatch(m ->
                        (m.role() == MasterRole.LEADER || m.role() == MasterRole.FOLLOWER) && m.appliedIndex() >= leader.commitIndex())) {
                    return Integer.parseInt(leader.address().substring(leader.address().lastIndexOf(':') + 1));
                }
            } catch (RuntimeException e) {
                // not yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the masters did not settle within 60 s");
    }
}
