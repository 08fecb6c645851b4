package io.gearpump.net.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.cluster.ClientProtocol.GetAppStatus;
import io.gearpump.core.cluster.ClientProtocol.ListApps;
import io.gearpump.core.cluster.WorkerProtocol.StopExecutors;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.Poll;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.rpc.RemoteException;
import io.gearpump.net.rpc.RpcErrorCode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The link finds and follows the leader of fake master groups on loopback, and says why when there is none. */
@Timeout(60)
class MasterLinkTest {

    private static NodeContext client(int failoverMillis) {
        return NodeContext.start("link-test", GearConfig.defaults().with(GearConfig.FAILOVER_TIMEOUT_MS.name(),
                String.valueOf(failoverMillis)), MasterLinkTest.class.getClassLoader());
    }

    /** How many rounds of the search the leaderless election lasts: about 300 ms of round pauses. */
    private static final int ROUNDS = 7;

    private static Object answer(CompletableFuture<Object> f) throws Exception {
        return f.get(15, TimeUnit.SECONDS);
    }

    private static Throwable failure(CompletableFuture<Object> f) {
        return assertThrows(ExecutionException.class, () -> f.get(15, TimeUnit.SECONDS)).getCause();
    }

    @Test
    void followsARedirectToTheLeaderAndStaysThere() throws Exception {
        try (FakeMasters group = new FakeMasters(3); NodeContext node = client(2000);
             MasterLink link = new MasterLink(node, group.addresses())) {
            group.electing(group.get(2));

            assertInstanceOf(ListApps.class, answer(link.request(new ListApps())), "the fake leader echoes");
            assertEquals(group.get(2).address, link.current());
            assertEquals(1, group.get(0).requests.get(), "the first master redirected once");
            assertEquals(0, group.get(1).requests.get(), "a redirect is followed, not the turn");

            answer(link.request(new ListApps()));
            assertEquals(1, group.get(0).requests.get(), "later requests go to the leader directly");
            assertEquals(2, group.get(2).requests.get());
        }
    }

    @Test
    void findsTheNewLeaderAfterTheLeaderDiesWithoutHammeringTheOthers() throws Exception {
        List<String> moves = new CopyOnWriteArrayList<>();
        try (FakeMasters group = new FakeMasters(3); NodeContext node = client(5000);
             MasterLink link = new MasterLink(node, group.addresses(), request -> new Done(), moves::add)) {
            group.electing(group.get(0));
            answer(link.request(new ListApps()));
            assertEquals(List.of(), moves, "the first connection is no move");

            group.get(0).kill();
            group.get(1).leader = group.get(0).address; // the followers have not noticed yet
            group.get(2).leader = "";
            long leaderless = System.nanoTime();
            CompletableFuture<Object> during = link.request(new ListApps());
            // an election with no leader for a while: the search keeps going round the masters, politely;
            // each round asks the follower once, and a round pause comes between two rounds
            Poll.until("the search to ask the follower " + ROUNDS + " times", () -> group.get(2).requests.get(),
                    tries -> tries >= ROUNDS);
            long searchedMillis = (System.nanoTime() - leaderless) / 1_000_000L;
            assertTrue(!during.isDone(), "still looking: " + during);
            long minimumMillis = (ROUNDS - 1) * LeaderSearch.ROUND_PAUSE.toMillis();
            assertTrue(searchedMillis >= minimumMillis, ROUNDS + " rounds took " + searchedMillis + " ms, less than "
                    + (ROUNDS - 1) + " round pauses (" + minimumMillis + " ms): the search does not pause");
            long elected = System.nanoTime();
            group.get(1).leader = group.get(1).address;
            group.get(2).leader = group.get(1).address;

            answer(during);
            long foundMillis = (System.nanoTime() - elected) / 1_000_000L;
            System.out.println("MasterLinkTest: " + ROUNDS + " rounds of the search took " + searchedMillis
                    + " ms; the new leader answered " + foundMillis + " ms after its election");
            assertEquals(group.get(1).address, link.current());
            assertEquals(List.of(group.get(1).address), moves);
            // rounds of three tries with 50 ms pauses: about 7 rounds in 300 ms, not thousands of tries
            int followerTries = group.get(2).requests.get();
            assertTrue(followerTries <= 20, "the follower was asked " + followerTries + " times in " + searchedMillis
                    + " ms and then until the new leader answered");
        }
    }

    @Test
    void failsWithNoQuorumWhenMastersAnswerButNoneLeads() throws Exception {
        try (FakeMasters group = new FakeMasters(2); NodeContext node = client(300)) {
            List<String> masters = new ArrayList<>(group.addresses());
            String dead = FakeMasters.deadAddress();
            masters.add(dead);
            try (MasterLink link = new MasterLink(node, masters)) {
                group.electing(null);
                IllegalStateException e = assertInstanceOf(IllegalStateException.class, failure(link.request(new ListApps())));

                String m = e.getMessage();
                assertTrue(m.startsWith("no quorum: no master leads ("), m);
                assertTrue(m.contains(group.get(0).address + ": not the leader, no leader known"), m);
                assertTrue(m.contains(group.get(1).address + ": not the leader, no leader known"), m);
                assertTrue(m.contains(dead + ": unreachable (cannot connect"), m);
                assertTrue(m.contains("ListApps gave up after looking for a leader for 300 ms (gearpump.cluster.failover.timeout.ms)"), m);
            }
        }
    }

    @Test
    void failsWithNoMasterReachableWhenNoneListens() throws Exception {
        String a = FakeMasters.deadAddress();
        String b = FakeMasters.deadAddress();
        try (NodeContext node = client(300); MasterLink link = new MasterLink(node, List.of(a, b))) {
            long start = System.nanoTime();
            IllegalStateException e = assertInstanceOf(IllegalStateException.class, failure(link.request(new ListApps())));
            long tookMillis = (System.nanoTime() - start) / 1_000_000L;

            assertTrue(e.getMessage().startsWith("no master reachable: " + a + " (cannot connect"), e.getMessage());
            assertTrue(e.getMessage().contains(", " + b + " (cannot connect"), e.getMessage());
            assertTrue(tookMillis >= 300, "gave up after " + tookMillis + " ms, before the failover timeout");
        }
    }

    @Test
    void aMasterWithAnotherSecretFailsTheRequestAtOnceSayingAuthenticationFailed() throws Exception {
        GearConfig beta = GearConfig.defaults().with(GearConfig.FAILOVER_TIMEOUT_MS.name(), "10000")
                .with(GearConfig.CLUSTER_SECRET.name(), "beta");
        try (FakeMasters masters = new FakeMasters(1, GearConfig.defaults().with(GearConfig.CLUSTER_SECRET.name(), "alpha"));
             NodeContext node = NodeContext.start("link-test", beta, MasterLinkTest.class.getClassLoader());
             MasterLink link = new MasterLink(node, masters.addresses())) {
            long start = System.nanoTime();
            Throwable e = failure(link.request(new ListApps()));
            long tookMillis = (System.nanoTime() - start) / 1_000_000L;

            assertTrue(e.getMessage().contains("authentication failed: the server closed the connection on this side's proof: its"
                    + " gearpump.cluster.secret differs"), e.getMessage());
            assertTrue(tookMillis < 10_000, "told without waiting for the failover timeout: " + tookMillis + " ms");
        }
    }

    /** A link of a client whose configuration has {@code secret} (null: none), with a long failover window. */
    private static NodeContext clientWithSecret(String secret) {
        GearConfig config = GearConfig.defaults().with(GearConfig.FAILOVER_TIMEOUT_MS.name(), "10000");
        return NodeContext.start("link-test", secret == null ? config : config.with(GearConfig.CLUSTER_SECRET.name(), secret),
                MasterLinkTest.class.getClassLoader());
    }

    @Test
    void aClientWithASecretFailsAtOnceAgainstAMasterWithout() throws Exception {
        try (FakeMasters masters = new FakeMasters(1); NodeContext node = clientWithSecret("alpha");
             MasterLink link = new MasterLink(node, masters.addresses())) {
            assertRefusedAtOnce(masters, link, "this side has a gearpump.cluster.secret but the server does not authenticate");
        }
    }

    @Test
    void aClientWithoutASecretFailsAtOnceAgainstAMasterWithOne() throws Exception {
        GearConfig alpha = GearConfig.defaults().with(GearConfig.CLUSTER_SECRET.name(), "alpha");
        try (FakeMasters masters = new FakeMasters(1, alpha); NodeContext node = clientWithSecret(null);
             MasterLink link = new MasterLink(node, masters.addresses())) {
            assertRefusedAtOnce(masters, link,
                    "the peer requires authentication (gearpump.cluster.secret) but this side has no secret");
        }
    }

    /** The link gives up on the first exchange, naming the cause, and the master's handler saw nothing. */
    private static void assertRefusedAtOnce(FakeMasters masters, MasterLink link, String cause) throws Exception {
        masters.electing(masters.get(0));
        long start = System.nanoTime();
        Throwable e = failure(link.request(new ListApps()));
        long tookMillis = (System.nanoTime() - start) / 1_000_000L;

        ClusterException c = assertInstanceOf(ClusterException.class, e);
        assertEquals(ClusterError.NO_MASTER, c.error());
        assertTrue(e.getMessage().contains("master " + masters.get(0).address + ": authentication failed: " + cause), e.getMessage());
        assertTrue(tookMillis < 5_000, "told without waiting for the failover timeout: " + tookMillis + " ms");
        assertEquals(0, masters.get(0).requests.get(), "nothing reached the master's handler");
    }

    @Test
    void theLeadersOwnErrorGoesToTheCallerAtOnce() throws Exception {
        try (FakeMasters group = new FakeMasters(2); NodeContext node = client(5000);
             MasterLink link = new MasterLink(node, group.addresses())) {
            group.electing(group.get(1));
            group.leaderAnswers = request -> {
                throw new IllegalArgumentException("unknown application id " + ((GetAppStatus) request).appId());
            };

            RemoteException e = assertInstanceOf(RemoteException.class, failure(link.request(new GetAppStatus(7))));

            assertEquals(RpcErrorCode.HANDLER_FAILED, e.code());
            assertTrue(e.remoteMessage().endsWith("unknown application id 7"), e.remoteMessage());
            assertEquals(1, group.get(1).requests.get(), "not retried");
        }
    }

    @Test
    void aMasterThatDoesNotAnswerInTimeIsSkipped() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeMasters group = new FakeMasters(2); NodeContext node = client(5000);
             MasterLink link = new MasterLink(node, group.addresses())) {
            group.electing(group.get(0));
            group.leaderAnswers = request -> {
                if (group.get(0).leads()) { // a leader that hangs, then loses its leadership
                    group.electing(group.get(1));
                    release.await(20, TimeUnit.SECONDS);
                }
                return request;
            };

            assertInstanceOf(ListApps.class, answer(link.request(new ListApps(), Duration.ofMillis(200))));

            assertEquals(group.get(1).address, link.current());
        } finally {
            release.countDown();
        }
    }

    @Test
    void theMasterSendsRequestsBackThroughTheLinksHandler() throws Exception {
        List<Object> served = new CopyOnWriteArrayList<>();
        try (FakeMasters group = new FakeMasters(1); NodeContext node = client(5000);
             MasterLink link = new MasterLink(node, group.addresses(), request -> {
                 served.add(request);
                 return new Done();
             })) {
            group.electing(group.get(0));
            answer(link.request(new ListApps()));

            Object reply = group.get(0).server.endpoints().get(0).request(new StopExecutors(4)).get(15, TimeUnit.SECONDS);

            assertInstanceOf(Done.class, reply);
            assertEquals(List.of(new StopExecutors(4)), served);
        }
    }

    @Test
    void closingTheLinkEndsASearchAtOnce() throws Exception {
        try (FakeMasters group = new FakeMasters(1); NodeContext node = client(60_000);
             MasterLink link = new MasterLink(node, List.of(FakeMasters.deadAddress(), group.get(0).address))) {
            group.electing(null); // one master is dead, the other knows no leader: the search goes round and round
            CompletableFuture<Object> searching = link.request(new ListApps());
            Poll.until("the search to ask the live master twice", () -> group.get(0).requests.get(), tries -> tries >= 2);

            link.close();

            IllegalStateException e = assertInstanceOf(IllegalStateException.class, failure(searching));
            assertTrue(e.getMessage().contains("is closed"), e.getMessage());
            assertInstanceOf(IllegalStateException.class, failure(link.request(new ListApps())));
        }
    }

    @Test
    void awaitConnectedTriesEveryMaster() throws Exception {
        try (FakeMasters group = new FakeMasters(1); NodeContext node = client(5000);
             MasterLink link = new MasterLink(node, List.of(FakeMasters.deadAddress(), group.get(0).address))) {
            assertTrue(link.awaitConnected(Poll.TIMEOUT));
            assertEquals(group.get(0).address, link.current());
        }
    }
}
