package io.gearpump.net.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.cluster.MasterRole;
import io.gearpump.core.cluster.WorkerState;
import io.gearpump.core.cluster.ClientProtocol.ClusterReport;
import io.gearpump.core.cluster.ClientProtocol.MasterInfo;
import io.gearpump.core.cluster.ClientProtocol.WorkerInfo;
import io.gearpump.core.config.GearConfig;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code gear cluster} against fake master groups: every master with its role, the leader marked, the leader's workers. */
@Timeout(60)
class ClusterCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final GearCli cli = new GearCli(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    @AfterEach
    void clearFailoverTimeout() {
        System.clearProperty(GearConfig.FAILOVER_TIMEOUT_MS.name());
    }

    private static String line(String text, String containing) {
        return text.lines().filter(l -> l.contains(containing)).findFirst().orElse("(no line with " + containing + ")");
    }

    @Test
    void showsEveryMasterAndMarksTheLeader() {
        try (FakeMasters group = new FakeMasters(2)) {
            group.electing(group.get(1));
            group.get(1).term = 4;
            group.leaderAnswers = request -> new ClusterReport(
                    new ArrayList<>(List.of(new MasterInfo(group.get(1).address, MasterRole.LEADER, 4, 10, 9, group.get(1).address, ""))),
                    new ArrayList<>(List.of(new WorkerInfo(3, "host-a (pid 77)", 4, 1, 0L, WorkerState.ALIVE))));
            String dead = FakeMasters.deadAddress();
            String masters = group.get(0).address + "," + group.get(1).address + "," + dead;

            assertEquals(0, cli.run(new String[] {"cluster", "-master", masters}), err.toString(StandardCharsets.UTF_8));

            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(line(text, group.get(1).address + " ").matches("\\s+\\*\\s+" + group.get(1).address
                    + "\\s+LEADER\\s+4\\s+10\\s+9\\s+" + group.get(1).address), text);
            assertTrue(line(text, group.get(0).address + " ").matches("\\s+" + group.get(0).address
                    + "\\s+FOLLOWER\\s+1\\s+10\\s+9\\s+" + group.get(1).address), text);
            assertTrue(line(text, dead).matches("\\s+" + dead + "\\s+UNREACHABLE\\s+-\\s+-\\s+-\\s+-"), text);
            assertTrue(line(text, "host-a").contains("3    host-a (pid 77)"), text);
        }
    }

    @Test
    void withoutALeaderItStillShowsTheMastersAndSaysNoQuorum() {
        System.setProperty(GearConfig.FAILOVER_TIMEOUT_MS.name(), "1500");
        try (FakeMasters group = new FakeMasters(2)) {
            group.electing(null);

            assertEquals(1, cli.run(new String[] {"cluster", "-master", String.join(",", group.addresses())}));

            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(line(text, group.get(0).address).contains("FOLLOWER"), text);
            assertTrue(line(text, group.get(1).address).contains("(none known)"), text);
            String error = err.toString(StandardCharsets.UTF_8);
            assertTrue(error.startsWith("gear cluster: no quorum: no master leads ("), error);
        }
    }

    @Test
    void aStrayArgumentIsRefusedBeforeAnyMasterIsAsked() {
        try (FakeMasters group = new FakeMasters(1)) {
            group.electing(group.get(0));

            assertEquals(2, cli.run(new String[] {"cluster", "-master", group.get(0).address, "extra"}));

            assertEquals("gear cluster: unexpected argument 'extra'", err.toString(StandardCharsets.UTF_8).strip());
            assertEquals("", out.toString(StandardCharsets.UTF_8), "no table: the masters were not asked");
            assertEquals(0, group.get(0).requests.get());
        }
    }
}
