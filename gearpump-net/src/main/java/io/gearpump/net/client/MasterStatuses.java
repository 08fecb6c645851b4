package io.gearpump.net.client;

import io.gearpump.core.cluster.ClientProtocol.GetMasterStatus;
import io.gearpump.core.cluster.ClientProtocol.MasterInfo;
import io.gearpump.core.cluster.MasterRole;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.rpc.RequestHandler;
import io.gearpump.net.rpc.RpcClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks every master how it sees itself ({@link GetMasterStatus}, answered by leaders and followers
 * alike), all at once, each on a connection of its own that is closed afterwards. A master that
 * does not answer within the wait shows as {@link MasterRole#UNREACHABLE}, with -1 for its numbers.
 */
public final class MasterStatuses {

    private MasterStatuses() {
    }

    /** One {@link MasterInfo} per address, in the order given; the whole takes at most about twice {@code wait}. */
    public static ArrayList<MasterInfo> ask(NodeContext node, List<String> masters, Duration wait) {
        List<RpcClient> clients = new ArrayList<>();
        try {
            for (String address : masters) {
                clients.add(node.client(NodeContext.parseAddress(address), RequestHandler.NONE).quiet().start());
            }
            List<CompletableFuture<MasterInfo>> answers = new ArrayList<>();
            for (RpcClient c : clients) { // the dials run side by side: this waits for the slowest only
                answers.add(c.awaitDialOutcome(wait) ? c.call(new GetMasterStatus(), wait)
                        : CompletableFuture.failedFuture(new IllegalStateException(c.lastFailure())));
            }
            ArrayList<MasterInfo> out = new ArrayList<>();
            for (int i = 0; i < masters.size(); i++) {
                out.add(answer(masters.get(i), answers.get(i), wait));
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the masters for their status", e);
        } finally {
            clients.forEach(RpcClient::close);
        }
    }

    static MasterInfo unreachable(String address) {
        return new MasterInfo(address, MasterRole.UNREACHABLE, -1, -1, -1, "", "");
    }

    private static MasterInfo answer(String address, CompletableFuture<MasterInfo> answer, Duration wait)
            throws InterruptedException {
        try {
            return answer.get(wait.toMillis() + 1, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return unreachable(address);
        }
    }
}
