package io.gearpump.master.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.Poll;
import io.gearpump.master.cluster.MasterService;
import io.gearpump.master.raft.MemoryStorage;
import io.gearpump.net.node.NodeContext;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three masters in one JVM, each with its REST API on a free port: the leader answers, a follower
 * sends the client to the leader's REST API (307), which a client that follows redirects does not
 * notice; with two of the three gone, the last one answers 503 in JSON.
 */
@Timeout(90)
class RestRedirectTest {

    @TempDir
    Path dir;

    private final List<String> addresses = new ArrayList<>();
    private final Map<String, NodeContext> nodes = new LinkedHashMap<>();
    private final Map<String, MasterService> masters = new LinkedHashMap<>();
    private final Map<String, RestServer> rests = new LinkedHashMap<>();
    private final Http noRedirects = new Http(HttpClient.Redirect.NEVER);
    private final Http followsRedirects = new Http(HttpClient.Redirect.NORMAL);

    @AfterEach
    void stopAll() {
        noRedirects.close();
        followsRedirects.close();
        new ArrayList<>(masters.keySet()).forEach(this::stop);
    }

    @Test
    void aFollowerRedirectsToTheLeadersRestApiAndWithoutALeaderAnswers503() throws Exception {
        startGroup();
        String leader = Poll.until("a master that leads and serves its REST API", this::servingLeader, Objects::nonNull);
        String leaderUrl = rests.get(leader).url();

        for (String follower : addresses) {
            if (follower.equals(leader)) {
                continue;
            }
            String url = rests.get(follower).url();
            Http.Answer redirect = Poll.until("follower " + follower + " to know the leader's REST address",
                    () -> noRedirects.send("GET", url + "/apps"), a -> a.status() == 307);
            assertEquals(leaderUrl + "/apps", redirect.header("Location"), "to the same path on the leader");
            assertEquals(307, redirect.json().get("status").asInt());

            Http.Answer followed = followsRedirects.send("GET", url + "/apps");
            assertEquals(200, followed.status(), "a client that follows redirects gets the leader's answer");
            assertTrue(followed.json().get("apps").isArray());
            assertEquals(0, followed.json().get("apps").size());

            Http.Answer kill = noRedirects.send("DELETE", url + "/apps/3?x=1");
            assertEquals(307, kill.status(), "a change is redirected too");
            assertEquals(leaderUrl + "/apps/3?x=1", kill.header("Location"), "with its query");
            assertEquals(404, followsRedirects.send("DELETE", url + "/apps/3").status(), "and answered by the leader");

            Http.Answer bad = noRedirects.send("GET", url + "/apps/abc");
            assertEquals(400, bad.status(), "a malformed request is refused where it came in");

            JsonNode ms = noRedirects.send("GET", url + "/masters").json();
            assertEquals(3, ms.get("masters").size(), "any master lists every master");
            assertEquals(leader, ms.get("leader").asText());
        }

        String last = addresses.stream().filter(a -> !a.equals(leader)).findFirst().orElseThrow();
        stop(leader);
        addresses.stream().filter(a -> !a.equals(leader) && !a.equals(last)).forEach(this::stop);
        String lastUrl = rests.get(last).url();
        Http.Answer none = Poll.until("the last master to know no leader", () -> noRedirects.send("GET", lastUrl + "/apps"),
                a -> a.status() == 503);
        assertEquals(503, none.json().get("status").asInt());
        assertNotNull(none.json().get("error").asText());
        assertEquals("1", none.header("Retry-After"));
        JsonNode alone = noRedirects.send("GET", lastUrl + "/masters").json();
        assertEquals(2, countRole(alone, "UNREACHABLE"), "the others show as unreachable: " + alone);
    }

    private static int countRole(JsonNode masters, String role) {
        int n = 0;
        for (JsonNode m : masters.get("masters")) {
            n += m.get("role").asText().equals(role) ? 1 : 0;
        }
        return n;
    }

    /** The master whose REST API answers GET /apps itself, or null. */
    private String servingLeader() throws Exception {
        for (String a : addresses) {
            if (rests.containsKey(a) && noRedirects.send("GET", rests.get(a).url() + "/apps").status() == 200) {
                return a;
            }
        }
        return null;
    }

    private void startGroup() throws Exception {
        for (int i = 0; i < 3; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                addresses.add("127.0.0.1:" + s.getLocalPort());
            }
        }
        GearConfig config = GearConfig.defaults().with(GearConfig.MASTERS.name(), String.join(",", addresses));
        for (String a : addresses) {
            NodeContext node = MasterService.startNode("master-" + a, config, getClass().getClassLoader());
            nodes.put(a, node);
            MasterService master = new MasterService(node, NodeContext.parseAddress(a), Clock.systemUTC(), new MemoryStorage(a));
            masters.put(a, master);
            rests.put(a, RestServer.start(master, 0, dir.resolve(a.replace(':', '_'))));
        }
    }

    private void stop(String address) {
        RestServer rest = rests.remove(address);
        MasterService master = masters.remove(address);
        NodeContext node = nodes.remove(address);
        try {
            if (rest != null) {
                rest.close();
            }
        } finally {
            try {
                if (master != null) {
                    master.close();
                }
            } finally {
                if (node != null) {
                    node.close();
                }
            }
        }
    }
}
